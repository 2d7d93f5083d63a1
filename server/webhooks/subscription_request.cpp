#include "server/webhooks/subscription_request.hpp"

#include <algorithm>

#include "server/webhooks/webhook_event_types.hpp"

namespace kefu::webhooks {
namespace json = boost::json;

namespace {

constexpr std::size_t kLongestDescription = 200;

std::vector<std::string> read_event_types(const json::value* v) {
  if (v == nullptr) throw InvalidWebhook("no_event_types", "give event_types");
  if (!v->is_array()) throw InvalidWebhook("bad_request", "event_types must be an array");
  std::vector<std::string> types;
  for (const auto& item : v->as_array()) {
    if (!item.is_string()) throw InvalidWebhook("bad_request", "event types are strings");
    const std::string type(item.as_string());
    if (!is_webhook_event_type(type)) {
      throw InvalidWebhook("unknown_event_type", "unknown event type: " + type);
    }
    if (std::find(types.begin(), types.end(), type) != types.end()) {
      throw InvalidWebhook("duplicate_event_type", "an event type is given twice: " + type);
    }
    types.push_back(type);
  }
  if (types.empty()) throw InvalidWebhook("no_event_types", "give at least one event type");
  return types;
}

void only_fields(const json::object& body, std::initializer_list<std::string_view> allowed) {
  for (const auto& field : body) {
    if (std::find(allowed.begin(), allowed.end(), field.key()) == allowed.end()) {
      throw InvalidWebhook("bad_request", "unknown field: " + std::string(field.key()));
    }
  }
}

}  // namespace

SubscriptionRequest read_subscription_request(const json::object& body,
                                              const AddressPolicy& policy) {
  only_fields(body, {"url", "event_types", "description"});
  SubscriptionRequest r;
  const auto* url = body.if_contains("url");
  if (url == nullptr || !url->is_string()) throw InvalidWebhook("bad_url", "give url as a string");
  r.url = std::string(url->as_string());
  const auto target = parse_webhook_url(r.url);
  if (literal_address_allowed(target, policy) == false) {
    throw InvalidWebhook("forbidden_address",
                         "webhooks do not go to loopback, private or link-local addresses");
  }
  r.event_types = read_event_types(body.if_contains("event_types"));
  if (const auto* d = body.if_contains("description")) {
    if (!d->is_string()) throw InvalidWebhook("bad_description", "description is a string");
    r.description = std::string(d->as_string());
    const bool control = std::any_of(r.description.begin(), r.description.end(),
                                     [](unsigned char c) { return c < 0x20 || c == 0x7f; });
    if (r.description.size() > kLongestDescription || control) {
      throw InvalidWebhook("bad_description", "at most 200 characters, no control characters");
    }
  }
  return r;
}

SubscriptionChange read_subscription_change(const json::object& body) {
  only_fields(body, {"enabled", "event_types"});
  SubscriptionChange c;
  if (const auto* e = body.if_contains("enabled")) {
    if (!e->is_bool()) throw InvalidWebhook("bad_request", "enabled is true or false");
    c.enabled = e->as_bool();
  }
  if (body.contains("event_types"))
    c.event_types = read_event_types(body.if_contains("event_types"));
  if (!c.enabled && !c.event_types) throw InvalidWebhook("bad_request", "nothing to change");
  return c;
}

}  // namespace kefu::webhooks
