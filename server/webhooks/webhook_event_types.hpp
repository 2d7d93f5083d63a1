#pragma once

#include <array>
#include <optional>
#include <string_view>

namespace kefu::webhooks {

// The event types a subscription may ask for (docs/webhooks.md), as receivers see them in the
// payload's "type". "webhook.test" is sent only by the console's test button.
inline constexpr std::array<std::string_view, 10> kWebhookEventTypes = {
    "conversation.created", "conversation.assigned", "conversation.resolved", "message.created",
    "rating.given",         "customer.merged",       "customer.erased",       "sla.breached",
    "care.action",          "webhook.test"};

// True when `type` is one of kWebhookEventTypes.
bool is_webhook_event_type(std::string_view type);

// The webhook event type an interaction log record of type `log_type` (docs/events.md) is
// delivered as; nullopt for records no subscription can ask for.
std::optional<std::string_view> webhook_type_for_log(std::string_view log_type);

}  // namespace kefu::webhooks
