#pragma once

#include <boost/json/object.hpp>
#include <cstdint>
#include <functional>
#include <string>
#include <vector>

namespace kefu::admin {

// Reply targets, the one source every judge of time reads (docs/protocol.md, "Admin: SLA
// policies"): the console's badge, the supervisor's at-risk list, the service level, the
// quality score and the reports. A policy is for a channel, or narrower for one queue, or for
// one priority in one queue; the most specific one wins (queue + priority > queue > channel >
// the channel's default). Each target is counted in calendar time or in business time (the
// queue's team's hours: the clock stops outside them).
struct SlaPolicy {
  std::string channel = "chat";  // one of sla_channels()
  std::string queue;             // empty: every queue of the channel
  std::string priority;          // empty: every priority; else one of sla_priorities()
  std::int64_t first_response_seconds = 20;
  std::int64_t next_response_seconds = 60;
  std::int64_t resolution_seconds = 86'400;
  std::string time = "calendar";  // "calendar" or "business" (the team's hours)
};

// The channels a policy can name: chat, ticket, email. A new channel is one more name here
// (with its default in default_sla).
const std::vector<std::string>& sla_channels();

// The priorities a queue's policy can name: the customer's routing priority class
// (metrics::sla_priority of their segment): "vip", "at_risk", "normal" (every other segment).
const std::vector<std::string>& sla_priorities();

// The targets before an admin sets any: chat 20 s / 60 s / 1 day, ticket 8 h / 8 h / 3 days,
// email 24 h / 24 h / 5 days.
SlaPolicy default_sla(const std::string& channel);

// The policy's key, unique among policies: "chat", "queue:billing", "queue:billing:vip".
std::string sla_key(const SlaPolicy& policy);

// {"channel","first_response_seconds","next_response_seconds","resolution_seconds","time"},
// and for a queue's policy also "key", "queue" and "priority" (null for every priority).
boost::json::object sla_json(const SlaPolicy& policy);

// Reads a channel's policy for `channel`, throwing SetupInputError: bad_request (shape),
// bad_channel, bad_target (a target outside 1 s .. 30 days, or resolution before the first
// response), bad_time_mode. Missing targets keep the channel's defaults.
SlaPolicy read_sla(const std::string& channel, const boost::json::object& body);

// Reads a queue's policy {"queue","priority"?, targets..., "time"?}: missing_queue without a
// queue, unknown_priority for a priority not in sla_priorities(), then `base_of(queue)` (which
// throws for an unknown queue) gives the channel and the targets a missing field keeps, then
// the same checks as read_sla.
SlaPolicy read_queue_sla(const boost::json::object& body,
                         const std::function<SlaPolicy(const std::string& queue)>& base_of);

// Reads a stored policy back (what sla_json wrote).
SlaPolicy stored_sla(const boost::json::object& stored);

}  // namespace kefu::admin
