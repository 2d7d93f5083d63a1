#pragma once

#include <boost/json/object.hpp>
#include <cstdint>
#include <string>

namespace kefu::admin {

// A channel's reply targets, the one source every judge of time reads (docs/protocol.md, "Admin:
// SLA policies"): the console's badge, the supervisor's at-risk list, the service level and the
// quality score use `first_response_seconds` (answered within); next response and resolution
// are kept with it for the clocks that will use them.
struct SlaPolicy {
  std::string channel = "chat";  // "chat", "ticket" or "email"
  std::int64_t first_response_seconds = 20;
  std::int64_t next_response_seconds = 60;
  std::int64_t resolution_seconds = 86'400;
  std::string time = "calendar";  // "calendar" or "business" (the team's hours)
};

// The channels with a policy of their own.
inline constexpr const char* kSlaChannels[] = {"chat", "ticket", "email"};

// The targets before an admin sets any: chat 20 s / 60 s / 1 day, ticket 8 h / 8 h / 3 days,
// email 24 h / 24 h / 5 days.
SlaPolicy default_sla(const std::string& channel);

boost::json::object sla_json(const SlaPolicy& policy);

// Reads a policy for `channel`, throwing SetupInputError: bad_request (shape), bad_channel,
// bad_target (a target outside 1 s .. 30 days, or resolution before the first response),
// bad_time_mode.
SlaPolicy read_sla(const std::string& channel, const boost::json::object& body);

}  // namespace kefu::admin
