#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "server/care/care_facts.hpp"
#include "server/care/rule.hpp"

namespace kefu::care {

// What a rule's conditions are checked against: the customer now, the subject's order and
// conversation (if any), when the trigger fired, and now.
struct ConditionSubject {
  const CustomerFacts& customer;
  const std::optional<OrderFacts>& order;
  const std::optional<ConversationFacts>& conversation;
  std::int64_t triggered_at = 0;
  std::int64_t now = 0;
  std::string default_locale;  // the customer's locale when unknown
};

// The name of the first condition of `conditions` that does not hold (e.g. "segments",
// "no_newer_order", "quiet"), or nullopt when all hold. A condition about the order or the
// conversation fails when the subject has none.
std::optional<std::string> first_failed_condition(const Conditions& conditions,
                                                  const ConditionSubject& subject);

}  // namespace kefu::care
