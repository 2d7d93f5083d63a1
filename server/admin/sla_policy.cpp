#include "server/admin/sla_policy.hpp"

#include <boost/json.hpp>

#include "server/admin/json_fields.hpp"
#include "server/admin/setup_errors.hpp"

namespace kefu::admin {

namespace {
constexpr std::int64_t kMostSeconds = 30LL * 86'400;
}

SlaPolicy default_sla(const std::string& channel) {
  if (channel == "ticket") return SlaPolicy{"ticket", 8 * 3600, 8 * 3600, 3 * 86'400, "calendar"};
  if (channel == "email") return SlaPolicy{"email", 24 * 3600, 24 * 3600, 5 * 86'400, "calendar"};
  return SlaPolicy{"chat", 20, 60, 86'400, "calendar"};
}

boost::json::object sla_json(const SlaPolicy& p) {
  return boost::json::object{{"channel", p.channel},
                             {"first_response_seconds", p.first_response_seconds},
                             {"next_response_seconds", p.next_response_seconds},
                             {"resolution_seconds", p.resolution_seconds},
                             {"time", p.time}};
}

SlaPolicy read_sla(const std::string& channel, const boost::json::object& body) {
  fields::only(body, {"channel", "first_response_seconds", "next_response_seconds",
                      "resolution_seconds", "time"});
  if (channel != "chat" && channel != "ticket" && channel != "email") {
    throw SetupInputError("bad_channel", "an SLA policy is for chat, ticket or email");
  }
  SlaPolicy p = default_sla(channel);
  if (fields::text(body, "channel", channel) != channel) {
    throw SetupInputError("bad_channel", "the body names another channel");
  }
  p.first_response_seconds =
      fields::whole(body, "first_response_seconds", p.first_response_seconds);
  p.next_response_seconds = fields::whole(body, "next_response_seconds", p.next_response_seconds);
  p.resolution_seconds = fields::whole(body, "resolution_seconds", p.resolution_seconds);
  p.time = fields::text(body, "time", p.time);
  for (const auto seconds :
       {p.first_response_seconds, p.next_response_seconds, p.resolution_seconds}) {
    if (seconds < 1 || seconds > kMostSeconds) {
      throw SetupInputError("bad_target", "a target is 1 second to 30 days");
    }
  }
  if (p.resolution_seconds < p.first_response_seconds) {
    throw SetupInputError("bad_target", "resolution cannot come before the first response");
  }
  if (p.time != "calendar" && p.time != "business") {
    throw SetupInputError("bad_time_mode", "time is calendar or business");
  }
  return p;
}

}  // namespace kefu::admin
