#pragma once

#include <vector>

#include "server/care/rule.hpp"

namespace kefu::care {

// The care of the product brief (section 8), shipped disabled and editable, in English and
// Chinese: thank_you_after_delivery (3 days after delivery, ask about trouble; a refund cancels
// it), satisfaction_check (a month after delivery), cross_sell (three months after delivery,
// marketing: only with consent; a newer order or a refund cancels it) and churn_watch (an
// active or VIP customer quiet for 60 days or twice their own buying rhythm; a new order
// cancels it). And the service rules: sla_warning (supervisors told at 80% of a conversation's
// first-response target, unanswered), pending_reminder (a widget message to a customer who has
// not answered an agent for 24 hours), pending_auto_resolve (resolved after 72 hours; a reply
// cancels both) and reopened_on_reply (supervisors told when a reply reopens a conversation).
std::vector<Rule> builtin_rules();

}  // namespace kefu::care
