#include "server/admin/queue_definition.hpp"

#include <boost/json.hpp>

#include "server/admin/json_fields.hpp"
#include "server/admin/setup_errors.hpp"

namespace kefu::admin {
namespace json = boost::json;

json::object queue_json(const QueueDefinition& q) {
  json::array skills;
  for (const auto& s : q.overflow_skills) skills.emplace_back(s);
  json::object o{{"name", q.name},
                 {"channel", q.channel},
                 {"team", q.team},
                 {"skill", q.skill},
                 {"min_level", q.min_level},
                 {"language", q.language},
                 {"priority", q.priority},
                 {"segment", q.segment},
                 {"overflow", json::object{{"after_seconds", q.overflow_after_seconds},
                                           {"skills", std::move(skills)},
                                           {"min_level", q.overflow_min_level},
                                           {"any_language", q.overflow_any_language}}},
                 {"offer_mode", q.offer_mode},
                 {"offer_timeout_seconds", q.offer_timeout_seconds}};
  o["retired_at"] = q.retired_at ? json::value(*q.retired_at) : json::value(nullptr);
  o["moved_to"] = q.moved_to.empty() ? json::value(nullptr) : json::value(q.moved_to);
  return o;
}

QueueDefinition read_queue(const json::object& body) {
  fields::only(body,
               {"name", "channel", "team", "skill", "min_level", "language", "priority", "segment",
                "overflow", "offer_mode", "offer_timeout_seconds", "retired_at", "moved_to"});
  QueueDefinition q;
  q.name = fields::text(body, "name");
  q.channel = fields::text(body, "channel", "chat");
  q.team = fields::text(body, "team");
  q.skill = fields::text(body, "skill");
  q.min_level = static_cast<int>(fields::whole(body, "min_level", 1));
  q.language = fields::text(body, "language");
  q.priority = static_cast<int>(fields::whole(body, "priority", 0));
  q.segment = fields::text(body, "segment");
  if (const json::value* overflow = body.if_contains("overflow")) {
    const json::object& o = fields::object(*overflow, "overflow");
    fields::only(o, {"after_seconds", "skills", "min_level", "any_language"});
    q.overflow_after_seconds = static_cast<int>(fields::whole(o, "after_seconds", 0));
    q.overflow_skills = fields::texts(o, "skills");
    q.overflow_min_level = static_cast<int>(fields::whole(o, "min_level", 0));
    q.overflow_any_language = fields::flag(o, "any_language", false);
  }
  q.offer_mode = fields::text(body, "offer_mode", "assign");
  q.offer_timeout_seconds = static_cast<int>(fields::whole(body, "offer_timeout_seconds", 0));
  // retired_at and moved_to are read back from an export; a request cannot set them.
  return q;
}

routing::QueueConfig queue_config(const QueueDefinition& q, routing::ServiceLevelTarget target) {
  routing::QueueConfig c;
  c.name = q.name;
  c.channel = q.channel == "ticket" ? routing::Channel::ticket : routing::Channel::chat;
  c.skill = q.skill;
  c.min_level = q.min_level * 2;
  c.language = q.language;
  c.team = q.team;
  if (!q.segment.empty()) c.segment = routing::segment_from_string(q.segment);
  c.priority = q.priority;
  c.target = target;
  c.overflow.after_ms = static_cast<routing::TimeMs>(q.overflow_after_seconds) * 1000;
  c.overflow.any_language = q.overflow_any_language;
  c.overflow.min_level = q.overflow_min_level * 2;
  c.overflow.backup_skills = q.overflow_skills;
  c.offer_timeout_ms =
      q.offer_mode == "offer" ? static_cast<routing::TimeMs>(q.offer_timeout_seconds) * 1000 : 0;
  c.initial_handle_time_ms = c.channel == routing::Channel::chat ? 180'000 : 900'000;
  return c;
}

bool built_in_queue(const std::string& name) {
  return name == "general" || name == "tickets";
}

}  // namespace kefu::admin
