#pragma once

#include <boost/json/object.hpp>
#include <optional>
#include <string>
#include <vector>

#include "server/webhooks/target_address.hpp"

namespace kefu::webhooks {

// What POST /api/webhooks asks for, checked.
struct SubscriptionRequest {
  std::string url;
  std::string description;
  std::vector<std::string> event_types;
};

// What PATCH /api/webhooks/{id} may change.
struct SubscriptionChange {
  std::optional<bool> enabled;
  std::optional<std::vector<std::string>> event_types;
};

// Reads {"url": "...", "event_types": [...], "description"?: "..."}. Throws InvalidWebhook with
// `bad_request` (another field or a wrong type), `bad_url`, `forbidden_address` (an address
// the policy refuses, written literally), `no_event_types`, `unknown_event_type`,
// `duplicate_event_type` or `bad_description` (over 200 characters or a control character).
SubscriptionRequest read_subscription_request(const boost::json::object& body,
                                              const AddressPolicy& policy);

// Reads {"enabled"?: bool, "event_types"?: [...]} (at least one); the same typed errors.
SubscriptionChange read_subscription_change(const boost::json::object& body);

}  // namespace kefu::webhooks
