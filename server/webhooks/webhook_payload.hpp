#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "server/webhooks/webhook_store.hpp"

namespace kefu::webhooks {

// The body delivered for a log record (docs/webhooks.md): {"type", "timestamp" (RFC 3339, UTC,
// ms), "data": {"event_id", "log_type", "at", "conversation_id", "customer_id", "agent_id",
// "channel", "queue", "details"}}. Like the log itself it carries no personal data.
std::string webhook_payload(const LoggedEvent& e, std::string_view type);

// The body of a test send from the console: {"type":"webhook.test", "timestamp", "data":{}}.
std::string test_payload(std::int64_t now_ms);

// "msg_" + 128 random bits (base64url): a webhook-id.
std::string new_webhook_id();

// RFC 3339 in UTC with milliseconds, e.g. "2026-12-06T23:59:01.250Z".
std::string rfc3339(std::int64_t ms);

}  // namespace kefu::webhooks
