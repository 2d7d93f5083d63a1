#include "server/webhooks/webhook_payload.hpp"

#include <sodium.h>

#include <boost/json.hpp>
#include <ctime>

#include "server/json/strict_json.hpp"

namespace kefu::webhooks {
namespace json = boost::json;

namespace {

json::value optional(const std::optional<std::int64_t>& v) {
  if (v) return *v;
  return nullptr;
}

json::value optional(const std::optional<std::string>& v) {
  if (v) return json::string(*v);
  return nullptr;
}

}  // namespace

std::string rfc3339(std::int64_t ms) {
  const std::time_t seconds = static_cast<std::time_t>(ms / 1000);
  std::tm utc{};
  gmtime_r(&seconds, &utc);
  char text[80];
  std::snprintf(text, sizeof text, "%04d-%02d-%02dT%02d:%02d:%02d.%03dZ", utc.tm_year + 1900,
                utc.tm_mon + 1, utc.tm_mday, utc.tm_hour, utc.tm_min, utc.tm_sec,
                static_cast<int>(ms % 1000));
  return text;
}

std::string webhook_payload(const LoggedEvent& e, std::string_view type) {
  json::value details = json::object{};
  // The log's own JSON, written by the server; kept as it is when it is an object.
  json::error_code ec;
  auto parsed = parse_strict_json(e.data, ec);
  if (!ec && parsed.is_object()) details = std::move(parsed);
  json::object data{{"event_id", e.id},
                    {"log_type", e.type},
                    {"at", e.at},
                    {"conversation_id", optional(e.conversation_id)},
                    {"customer_id", optional(e.customer_id)},
                    {"agent_id", optional(e.agent_id)},
                    {"channel", optional(e.channel)},
                    {"queue", optional(e.queue)},
                    {"details", std::move(details)}};
  return json::serialize(
      json::object{{"type", type}, {"timestamp", rfc3339(e.at)}, {"data", std::move(data)}});
}

std::string test_payload(std::int64_t now_ms) {
  return json::serialize(json::object{
      {"type", "webhook.test"}, {"timestamp", rfc3339(now_ms)}, {"data", json::object{}}});
}

std::string new_webhook_id() {
  unsigned char bytes[16];
  randombytes_buf(bytes, sizeof bytes);
  constexpr auto variant = sodium_base64_VARIANT_URLSAFE_NO_PADDING;
  std::string out(sodium_base64_ENCODED_LEN(sizeof bytes, variant), '\0');
  sodium_bin2base64(out.data(), out.size(), bytes, sizeof bytes, variant);
  out.resize(out.size() - 1);
  return "msg_" + out;
}

}  // namespace kefu::webhooks
