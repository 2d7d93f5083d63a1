#include "server/admin/sla_policy.hpp"

#include <algorithm>
#include <boost/json.hpp>

#include "server/admin/json_fields.hpp"
#include "server/admin/setup_errors.hpp"

namespace kefu::admin {

namespace {

constexpr std::int64_t kMostSeconds = 30LL * 86'400;

bool known(const std::vector<std::string>& list, const std::string& name) {
  return std::find(list.begin(), list.end(), name) != list.end();
}

// Reads the targets and the time mode over `p` and checks them.
void read_targets(const boost::json::object& body, SlaPolicy& p) {
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
}

}  // namespace

const std::vector<std::string>& sla_channels() {
  static const std::vector<std::string> all{"chat", "ticket", "email"};
  return all;
}

const std::vector<std::string>& sla_priorities() {
  static const std::vector<std::string> all{"vip", "at_risk", "normal"};
  return all;
}

SlaPolicy default_sla(const std::string& channel) {
  if (channel == "chat") return SlaPolicy{"chat", "", "", 20, 60, 86'400, "calendar"};
  if (channel == "email")
    return SlaPolicy{"email", "", "", 24 * 3600, 24 * 3600, 5 * 86'400, "calendar"};
  return SlaPolicy{channel, "", "", 8 * 3600, 8 * 3600, 3 * 86'400, "calendar"};
}

std::string sla_key(const SlaPolicy& p) {
  if (p.queue.empty()) return p.channel;
  return "queue:" + p.queue + (p.priority.empty() ? "" : ":" + p.priority);
}

boost::json::object sla_json(const SlaPolicy& p) {
  boost::json::object o{{"channel", p.channel},
                        {"first_response_seconds", p.first_response_seconds},
                        {"next_response_seconds", p.next_response_seconds},
                        {"resolution_seconds", p.resolution_seconds},
                        {"time", p.time}};
  if (!p.queue.empty()) {
    o["key"] = sla_key(p);
    o["queue"] = p.queue;
    o["priority"] =
        p.priority.empty() ? boost::json::value(nullptr) : boost::json::value(p.priority);
  }
  return o;
}

SlaPolicy read_sla(const std::string& channel, const boost::json::object& body) {
  fields::only(body, {"channel", "first_response_seconds", "next_response_seconds",
                      "resolution_seconds", "time"});
  if (!known(sla_channels(), channel)) {
    throw SetupInputError("bad_channel", "an SLA policy is for chat, ticket or email");
  }
  SlaPolicy p = default_sla(channel);
  if (fields::text(body, "channel", channel) != channel) {
    throw SetupInputError("bad_channel", "the body names another channel");
  }
  read_targets(body, p);
  return p;
}

SlaPolicy read_queue_sla(const boost::json::object& body,
                         const std::function<SlaPolicy(const std::string& queue)>& base_of) {
  fields::only(body, {"key", "channel", "queue", "priority", "first_response_seconds",
                      "next_response_seconds", "resolution_seconds", "time"});
  const std::string queue = fields::text(body, "queue");
  if (queue.empty()) throw SetupInputError("missing_queue", "a queue's policy names its queue");
  const boost::json::value* given = body.if_contains("priority");
  std::string priority;
  if (given && !given->is_null()) priority = fields::text(body, "priority");
  if (given && !given->is_null() && !known(sla_priorities(), priority)) {
    throw SetupInputError("unknown_priority", "a priority is vip, at_risk or normal");
  }
  SlaPolicy p = base_of(queue);
  p.queue = queue;
  p.priority = priority;
  read_targets(body, p);
  return p;
}

SlaPolicy stored_sla(const boost::json::object& stored) {
  const std::string channel = fields::text(stored, "channel", "chat");
  if (stored.contains("queue")) {
    return read_queue_sla(stored, [&](const std::string&) { return default_sla(channel); });
  }
  return read_sla(channel, stored);
}

}  // namespace kefu::admin
