#include "server/webhooks/webhook_event_types.hpp"

#include <algorithm>
#include <utility>

namespace kefu::webhooks {
namespace {

// Log types and what they are delivered as. customer_erased and sla_breached are written by
// the back office (ServiceEventLog), care_webhook by a care rule's webhook action, the others
// by the domain.
constexpr std::array<std::pair<std::string_view, std::string_view>, 11> kFromLog = {{
    {"conversation_opened", "conversation.created"},
    {"conversation_assigned", "conversation.assigned"},
    {"conversation_resolved", "conversation.resolved"},
    {"message_received", "message.created"},
    {"message_sent", "message.created"},
    {"bot_message_sent", "message.created"},
    {"survey_submitted", "rating.given"},
    {"customer_merged", "customer.merged"},
    {"customer_erased", "customer.erased"},
    {"sla_breached", "sla.breached"},
    {"care_webhook", "care.action"},
}};

}  // namespace

bool is_webhook_event_type(std::string_view type) {
  return std::find(kWebhookEventTypes.begin(), kWebhookEventTypes.end(), type) !=
         kWebhookEventTypes.end();
}

std::optional<std::string_view> webhook_type_for_log(std::string_view log_type) {
  for (const auto& [log, hook] : kFromLog) {
    if (log == log_type) return hook;
  }
  return std::nullopt;
}

}  // namespace kefu::webhooks
