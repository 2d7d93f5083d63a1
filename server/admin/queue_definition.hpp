#pragma once

#include <boost/json/object.hpp>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "server/routing/model.hpp"

namespace kefu::admin {

// A queue as the admin configures it (docs/protocol.md, "Admin: routing setup"). Skill levels
// are the staff's 1..5 (routing counts them twice: 1..10); times are in seconds.
struct QueueDefinition {
  std::string name;
  std::string channel = "chat";    // "chat" or "ticket"
  std::string team;                // required: only its members serve the queue
  std::string skill;               // required skill, from the catalogue
  int min_level = 1;               // 1..5
  std::string language;            // empty: any language
  int priority = 0;                // 0..9: higher is served first by agents of several queues
  std::string segment;             // empty or "vip", "at_risk", "new", "active", "lost"
  int overflow_after_seconds = 0;  // 0: never overflows
  std::vector<std::string> overflow_skills;  // after the wait: also agents with these skills
  int overflow_min_level = 0;                // after the wait: this lower level (0: keep)
  bool overflow_any_language = false;        // after the wait: any language
  std::string offer_mode = "assign";         // "assign" or "offer"
  int offer_timeout_seconds = 0;             // offer mode: 5..600
  std::optional<std::int64_t> retired_at;    // set once retired
  std::string moved_to;                      // where its waiting chats went when retired
};

// The definition as JSON (the REST's and the export's form).
boost::json::object queue_json(const QueueDefinition& queue);

// Reads a definition from JSON with the field rules of the REST (types, ranges, known fields),
// throwing SetupInputError (bad_request for a wrong field type or an unknown field). Rules that
// need the rest of the configuration (team, skills, conflicts) are RoutingSetup's.
QueueDefinition read_queue(const boost::json::object& body);

// What the routing engine runs for this definition. `target` is the queue's service level.
routing::QueueConfig queue_config(const QueueDefinition& queue,
                                  routing::ServiceLevelTarget target = {});

// The queues that exist without configuration: "general" (chats) and "tickets".
bool built_in_queue(const std::string& name);

}  // namespace kefu::admin
