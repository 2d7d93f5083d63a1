#include "server/admin/routing_setup.hpp"

#include <algorithm>
#include <boost/json.hpp>
#include <regex>
#include <set>

namespace kefu::admin {

namespace {

bool contains(const std::vector<std::string>& list, const std::string& value) {
  return std::find(list.begin(), list.end(), value) != list.end();
}

const QueueDefinition* find_queue(const std::vector<QueueDefinition>& queues,
                                  const std::string& name) {
  for (const auto& q : queues) {
    if (q.name == name) return &q;
  }
  return nullptr;
}

bool same_key(const QueueDefinition& a, const QueueDefinition& b) {
  return a.channel == b.channel && a.skill == b.skill && a.language == b.language &&
         a.segment == b.segment;
}

}  // namespace

RoutingSetup::RoutingSetup(RoutingSetupStore& store) : store_(store) {}

std::vector<std::string> RoutingSetup::team_names() {
  std::vector<std::string> names;
  for (const auto& t : store_.teams()) names.push_back(t.name);
  return names;
}

void RoutingSetup::check_team(const TeamDefinition& team) {
  if (team.name.empty() || team.name.size() > 64) {
    throw SetupInputError("bad_name", "a team name has 1-64 bytes");
  }
  for (const auto member : team.members) {
    if (!store_.active_staff_role(member)) {
      throw SetupInputError("unknown_member", "no active staff member " + std::to_string(member));
    }
  }
}

std::vector<std::int64_t> RoutingSetup::save_team(const TeamDefinition& given, bool create,
                                                  std::int64_t by) {
  TeamDefinition team = given;
  std::sort(team.members.begin(), team.members.end());
  team.members.erase(std::unique(team.members.begin(), team.members.end()), team.members.end());
  check_team(team);
  const auto all = store_.teams();
  auto it =
      std::find_if(all.begin(), all.end(), [&](const auto& t) { return t.name == team.name; });
  if (create && it != all.end()) {
    throw SetupInputError("duplicate_team", "the team '" + team.name + "' exists");
  }
  if (!create && it == all.end()) throw SetupNotFound("no such team");
  AuditEntry audit{create ? "team_created" : "team_updated", by, team.name,
                   create ? boost::json::object{} : team_json(*it), team_json(team)};
  // A create that lost a race since the look above is refused by the store as duplicate_team.
  if (create) {
    store_.create_team(team, audit);
  } else {
    store_.save_team(team, audit);
  }
  std::set<std::int64_t> changed(team.members.begin(), team.members.end());
  if (it != all.end()) {
    std::set<std::int64_t> before(it->members.begin(), it->members.end());
    std::set<std::int64_t> symmetric;
    std::set_symmetric_difference(before.begin(), before.end(), changed.begin(), changed.end(),
                                  std::inserter(symmetric, symmetric.begin()));
    changed = std::move(symmetric);
  }
  return {changed.begin(), changed.end()};
}

void RoutingSetup::check_queue(const QueueDefinition& q, const std::vector<std::string>& teams,
                               const std::vector<QueueDefinition>& queues) {
  static const std::regex name_rule("[a-z0-9_-]{1,40}");
  static const std::regex language_rule("[a-z]{2,3}(-[A-Za-z0-9]{2,8})?");
  if (!std::regex_match(q.name, name_rule)) {
    throw SetupInputError("bad_name", "a queue name is 1-40 of a-z, 0-9, - and _");
  }
  if (q.channel != "chat" && q.channel != "ticket") {
    throw SetupInputError("bad_channel", "a queue's channel is chat or ticket");
  }
  if (q.team.empty()) throw SetupInputError("missing_team", "a queue needs a team");
  if (!contains(teams, q.team)) throw SetupInputError("unknown_team", "no team '" + q.team + "'");
  const auto catalogue = store_.skills();
  if (!contains(catalogue, q.skill)) {
    throw SetupInputError("unknown_skill", "no skill '" + q.skill + "' in the catalogue");
  }
  for (const auto& s : q.overflow_skills) {
    if (!contains(catalogue, s)) {
      throw SetupInputError("unknown_skill", "no skill '" + s + "' in the catalogue");
    }
  }
  if (q.min_level < 1 || q.min_level > 5 || q.overflow_min_level < 0 || q.overflow_min_level > 5) {
    throw SetupInputError("bad_skill_level", "a level is 1-5 (overflow: 0-5)");
  }
  if (!q.language.empty() && !std::regex_match(q.language, language_rule)) {
    throw SetupInputError("bad_language", "a language is a code like en, zh or pt-BR");
  }
  if (q.priority < 0 || q.priority > 9) throw SetupInputError("bad_priority", "priority is 0-9");
  if (!q.segment.empty() && q.segment != "vip" && q.segment != "at_risk" && q.segment != "new" &&
      q.segment != "active" && q.segment != "lost") {
    throw SetupInputError("unknown_segment", "no customer segment '" + q.segment + "'");
  }
  if (q.overflow_after_seconds < 0 || q.overflow_after_seconds > 86'400) {
    throw SetupInputError("bad_overflow", "overflow after 0-86400 seconds");
  }
  if (!(q.offer_mode == "assign" || (q.offer_mode == "offer" && q.offer_timeout_seconds >= 5 &&
                                     q.offer_timeout_seconds <= 600))) {
    throw SetupInputError("bad_offer_mode",
                          "offer_mode is assign, or offer with a 5-600 s timeout");
  }
  // The built-in queues serve skill general in any language for every segment.
  QueueDefinition built_in;
  built_in.channel = q.channel;
  built_in.skill = "general";
  if (same_key(q, built_in)) {
    throw SetupInputError("queue_conflict", "the built-in queue serves this skill already");
  }
  for (const auto& other : queues) {
    if (other.name != q.name && !other.retired_at && same_key(q, other)) {
      throw SetupInputError("queue_conflict", "queue '" + other.name +
                                                  "' serves the same channel, skill, language "
                                                  "and segment");
    }
  }
}

TeamHours RoutingSetup::save_hours(const TeamHours& hours, std::int64_t by) {
  const auto teams = team_names();
  if (!contains(teams, hours.team)) throw SetupNotFound("no such team");
  boost::json::object before;
  for (const auto& old : store_.hours()) {
    if (old.team == hours.team) before = hours_json(old);
  }
  store_.save_hours(hours, AuditEntry{"hours_updated", by, hours.team, before, hours_json(hours)});
  return hours;
}

std::vector<SlaPolicy> RoutingSetup::sla_policies() {
  std::vector<SlaPolicy> all;
  for (const auto& channel : sla_channels()) all.push_back(default_sla(channel));
  std::vector<SlaPolicy> scoped;
  for (const auto& stored : store_.sla_policies()) {
    if (!stored.queue.empty()) {
      scoped.push_back(stored);
      continue;
    }
    auto same = std::find_if(all.begin(), all.end(),
                             [&](const SlaPolicy& p) { return p.channel == stored.channel; });
    if (same == all.end()) {
      all.push_back(stored);  // a channel beyond chat and ticket (email) once an admin set it
    } else {
      *same = stored;
    }
  }
  all.insert(all.end(), scoped.begin(), scoped.end());
  return all;
}

SlaPolicy RoutingSetup::save_sla(const SlaPolicy& policy, std::int64_t by) {
  boost::json::object before;
  for (const auto& old : sla_policies()) {
    if (sla_key(old) == sla_key(policy)) before = sla_json(old);
  }
  store_.save_sla(policy, AuditEntry{"sla_updated", by, sla_key(policy), before, sla_json(policy)});
  return policy;
}

SlaPolicy RoutingSetup::read_queue_policy(const boost::json::object& body) {
  const auto queues = store_.queues();
  const auto policies = sla_policies();
  const auto base_of = [&](const std::string& name) {
    std::string channel;
    if (built_in_queue(name)) channel = name == "general" ? "chat" : "ticket";
    const QueueDefinition* q = find_queue(queues, name);
    if (q && !q->retired_at) channel = q->channel;
    if (channel.empty()) throw SetupInputError("unknown_queue", "no active queue '" + name + "'");
    for (const auto& p : policies) {
      if (p.queue.empty() && p.channel == channel) return p;
    }
    return default_sla(channel);
  };
  SlaPolicy policy = read_queue_sla(body, base_of);
  const boost::json::value* channel = body.if_contains("channel");
  if (channel && (!channel->is_string() || channel->get_string() != policy.channel)) {
    throw SetupInputError("bad_channel", "the queue '" + policy.queue + "' is " + policy.channel);
  }
  return policy;
}

SlaPolicy RoutingSetup::create_queue_sla(const SlaPolicy& policy, std::int64_t by) {
  for (const auto& old : store_.sla_policies()) {
    if (sla_key(old) == sla_key(policy)) {
      throw SetupInputError("duplicate_policy", "a policy for " + sla_key(policy) + " exists");
    }
  }
  store_.save_sla(policy, AuditEntry{"sla_created", by, sla_key(policy), {}, sla_json(policy)});
  return policy;
}

SlaPolicy RoutingSetup::update_queue_sla(const std::string& key, const SlaPolicy& policy,
                                         std::int64_t by) {
  if (sla_key(policy) != key) {
    throw SetupInputError("bad_request", "the body names another queue or priority");
  }
  for (const auto& old : store_.sla_policies()) {
    if (sla_key(old) == key && !old.queue.empty()) {
      store_.save_sla(policy, AuditEntry{"sla_updated", by, key, sla_json(old), sla_json(policy)});
      return policy;
    }
  }
  throw SetupNotFound("no policy " + key);
}

SlaPolicy RoutingSetup::remove_queue_sla(const std::string& key, std::int64_t by) {
  for (const auto& old : store_.sla_policies()) {
    if (sla_key(old) == key && !old.queue.empty()) {
      store_.remove_sla(key, AuditEntry{"sla_removed", by, key, sla_json(old), {}});
      return old;
    }
  }
  throw SetupNotFound("no policy " + key);
}

QueueDefinition RoutingSetup::create_queue(QueueDefinition queue, std::int64_t by) {
  const auto queues = store_.queues();
  if (built_in_queue(queue.name) || find_queue(queues, queue.name)) {
    throw SetupInputError("duplicate_queue", "the queue '" + queue.name + "' exists");
  }
  queue.retired_at.reset();
  queue.moved_to.clear();
  check_queue(queue, team_names(), queues);
  // A create that lost a race since the look above is refused by the store as duplicate_queue.
  store_.create_queue(queue, AuditEntry{"queue_created", by, queue.name, {}, queue_json(queue)});
  return queue;
}

QueueDefinition RoutingSetup::update_queue(const std::string& name, QueueDefinition queue,
                                           std::int64_t by) {
  const auto queues = store_.queues();
  const QueueDefinition* before = find_queue(queues, name);
  if (!before || before->retired_at) throw SetupNotFound("no such queue");
  if (queue.name.empty()) queue.name = name;
  if (queue.name != name) throw SetupInputError("bad_name", "a queue's name cannot change");
  if (queue.channel != before->channel) {
    throw SetupInputError("bad_channel", "a queue's channel cannot change");
  }
  check_queue(queue, team_names(), queues);
  store_.save_queue(queue,
                    AuditEntry{"queue_updated", by, name, queue_json(*before), queue_json(queue)});
  return queue;
}

QueueDefinition RoutingSetup::retire_queue(const std::string& name, const std::string& move_to,
                                           std::int64_t now, std::int64_t by) {
  const auto queues = store_.queues();
  const QueueDefinition* before = find_queue(queues, name);
  if (!before || before->retired_at) throw SetupNotFound("no such queue");
  const QueueDefinition* into = find_queue(queues, move_to);
  const bool built_in =
      built_in_queue(move_to) && (move_to == "general") == (before->channel == "chat");
  if (move_to == name ||
      (!built_in && (!into || into->retired_at || into->channel != before->channel))) {
    throw SetupInputError("bad_target", "move the waiting to an active " + before->channel +
                                            " queue other than this one");
  }
  QueueDefinition after = *before;
  after.retired_at = now;
  after.moved_to = move_to;
  store_.save_queue(after,
                    AuditEntry{"queue_retired", by, name, queue_json(*before), queue_json(after)});
  return after;
}

}  // namespace kefu::admin
