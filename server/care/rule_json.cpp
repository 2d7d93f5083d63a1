#include "server/care/rule_json.hpp"

#include <algorithm>
#include <boost/json.hpp>

#include "server/metrics/sla_clock.hpp"

namespace kefu::care {
namespace json = boost::json;
namespace {

constexpr std::size_t kMaxText = 2000;
constexpr std::size_t kMaxWord = 100;
constexpr std::size_t kMaxSubject = 200;
constexpr std::size_t kMaxList = 50;
constexpr std::int64_t kMaxDelayMinutes = 400LL * 24 * 60;
constexpr std::int64_t kMaxCents = 1'000'000'000'000LL;

bool among(const std::vector<std::string>& names, std::string_view name) {
  return std::find(names.begin(), names.end(), name) != names.end();
}

void only_fields(const json::object& o, std::initializer_list<std::string_view> allowed,
                 const std::string& where) {
  for (const auto& member : o) {
    if (std::find(allowed.begin(), allowed.end(), member.key()) == allowed.end())
      throw RuleInputError("unknown_field", "unknown field " + where + std::string(member.key()));
  }
}

const json::object* object_at(const json::object& o, std::string_view key, const std::string& code,
                              const std::string& where) {
  const json::value* v = o.if_contains(key);
  if (v == nullptr || v->is_null()) return nullptr;
  if (!v->is_object()) throw RuleInputError(code, where + std::string(key) + " must be an object");
  return &v->get_object();
}

std::string word(const json::value& v, const std::string& code, const std::string& field,
                 std::size_t limit = kMaxWord) {
  if (!v.is_string() || v.get_string().empty() || v.get_string().size() > limit)
    throw RuleInputError(
        code, field + " must be a non-empty string of at most " + std::to_string(limit) + " bytes");
  return std::string(v.get_string());
}

std::vector<std::string> words(const json::object& o, std::string_view key, const std::string& code,
                               const std::string& where,
                               const std::vector<std::string>* allowed = nullptr) {
  std::vector<std::string> out;
  const json::value* v = o.if_contains(key);
  if (v == nullptr) return out;
  const std::string field = where + std::string(key);
  if (!v->is_array() || v->get_array().size() > kMaxList)
    throw RuleInputError(code, field + " must be a list of at most 50 strings");
  for (const auto& item : v->get_array()) {
    out.push_back(word(item, code, field));
    if (allowed != nullptr && !among(*allowed, out.back()))
      throw RuleInputError(code, field + ": no such value '" + out.back() + "'");
  }
  return out;
}

bool flag(const json::object& o, std::string_view key, bool fallback, const std::string& code,
          const std::string& where) {
  const json::value* v = o.if_contains(key);
  if (v == nullptr) return fallback;
  if (!v->is_bool())
    throw RuleInputError(code, where + std::string(key) + " must be true or false");
  return v->get_bool();
}

std::optional<std::int64_t> whole(const json::object& o, std::string_view key, std::int64_t low,
                                  std::int64_t high, const std::string& code,
                                  const std::string& where) {
  const json::value* v = o.if_contains(key);
  if (v == nullptr || v->is_null()) return std::nullopt;
  const std::string field = where + std::string(key);
  if (!v->is_int64() && !v->is_uint64())
    throw RuleInputError(code, field + " must be a whole number");
  if (v->is_uint64() && v->get_uint64() > static_cast<std::uint64_t>(high))
    throw RuleInputError(code, field + " is out of range");
  const std::int64_t n =
      v->is_int64() ? v->get_int64() : static_cast<std::int64_t>(v->get_uint64());
  if (n < low || n > high)
    throw RuleInputError(
        code, field + " must be between " + std::to_string(low) + " and " + std::to_string(high));
  return n;
}

std::map<std::string, std::string> texts(const json::object& o, std::string_view key,
                                         const std::string& field) {
  std::map<std::string, std::string> out;
  const json::value* v = o.if_contains(key);
  if (v == nullptr || !v->is_object() || v->get_object().empty())
    throw RuleInputError("invalid_action", field + " must be an object of texts by locale");
  for (const auto& member : v->get_object()) {
    const std::string locale(member.key());
    if (locale != "en" && locale != "zh-CN")
      throw RuleInputError("invalid_action", field + ": locale must be en or zh-CN");
    out[locale] = word(member.value(), "invalid_action", field + "." + locale, kMaxText);
  }
  return out;
}

Conditions read_conditions(const json::object* o) {
  Conditions c;
  if (o == nullptr) return c;
  const std::string code = "invalid_condition", at = "conditions.";
  only_fields(*o,
              {"segments", "tags_all", "tags_none", "locales", "channels", "min_order_cents",
               "max_order_cents", "order_statuses", "order_items", "no_newer_order",
               "no_open_conversation", "quiet", "conversation_statuses", "waiting_on"},
              at);
  static const std::vector<std::string> segments = {"new", "active", "vip", "at_risk", "lost"};
  static const std::vector<std::string> locales = {"en", "zh-CN"};
  static const std::vector<std::string> channels = {"chat", "ticket", "email"};
  c.segments = words(*o, "segments", code, at, &segments);
  c.tags_all = words(*o, "tags_all", code, at);
  c.tags_none = words(*o, "tags_none", code, at);
  c.locales = words(*o, "locales", code, at, &locales);
  c.channels = words(*o, "channels", code, at, &channels);
  static const std::vector<std::string> statuses = {"queued", "assigned", "resolved", "closed",
                                                    "abandoned"};
  c.conversation_statuses = words(*o, "conversation_statuses", code, at, &statuses);
  if (const json::value* w = o->if_contains("waiting_on")) {
    if (!w->is_null()) {
      c.waiting_on = word(*w, code, "conditions.waiting_on");
      if (c.waiting_on != "customer" && c.waiting_on != "agent")
        throw RuleInputError(code, "conditions.waiting_on must be customer or agent");
    }
  }
  c.min_order_cents = whole(*o, "min_order_cents", 0, kMaxCents, code, at);
  c.max_order_cents = whole(*o, "max_order_cents", 0, kMaxCents, code, at);
  if (c.min_order_cents && c.max_order_cents && *c.min_order_cents > *c.max_order_cents)
    throw RuleInputError(code, "conditions.min_order_cents is above max_order_cents");
  c.order_statuses = words(*o, "order_statuses", code, at);
  c.order_items = words(*o, "order_items", code, at);
  c.no_newer_order = flag(*o, "no_newer_order", false, code, at);
  c.no_open_conversation = flag(*o, "no_open_conversation", false, code, at);
  if (const json::object* q = object_at(*o, "quiet", code, at)) {
    only_fields(*q, {"min_days", "rhythm_factor"}, "conditions.quiet.");
    QuietSpell spell;
    spell.min_days =
        static_cast<int>(whole(*q, "min_days", 1, 3650, code, "conditions.quiet.").value_or(60));
    if (const json::value* f = q->if_contains("rhythm_factor")) {
      if (!f->is_number() || f->to_number<double>() < 1.0 || f->to_number<double>() > 10.0)
        throw RuleInputError(code, "conditions.quiet.rhythm_factor must be a number from 1 to 10");
      spell.rhythm_factor = f->to_number<double>();
    }
    c.quiet = spell;
  }
  return c;
}

Action read_action(const json::value& v, std::size_t index) {
  const std::string field = "actions[" + std::to_string(index) + "]";
  if (!v.is_object()) throw RuleInputError("invalid_action", field + " must be an object");
  const json::object& o = v.get_object();
  Action a;
  const json::value* type = o.if_contains("type");
  if (type == nullptr) throw RuleInputError("invalid_action", field + ".type is missing");
  a.type = word(*type, "invalid_action", field + ".type");
  const std::string at = field + ".";
  if (a.type == "care_task") {
    only_fields(o, {"type", "text", "agent_id", "team"}, at);
    a.text = texts(o, "text", field + ".text");
    a.agent_id = whole(o, "agent_id", 1, INT64_MAX, "invalid_action", at);
    if (const json::value* team = o.if_contains("team"))
      a.team = word(*team, "invalid_action", field + ".team");
    if (a.agent_id && !a.team.empty())
      throw RuleInputError("invalid_action", field + ": name an agent or a team, not both");
  } else if (a.type == "add_tag" || a.type == "remove_tag") {
    only_fields(o, {"type", "tag"}, at);
    const json::value* tag = o.if_contains("tag");
    if (tag == nullptr) throw RuleInputError("invalid_action", field + ".tag is missing");
    a.tag = word(*tag, "invalid_action", field + ".tag", 64);
  } else if (a.type == "resolve_conversation" || a.type == "webhook") {
    only_fields(o, {"type"}, at);
  } else if (a.type == "customer_message") {
    only_fields(o, {"type", "text"}, at);
    a.text = texts(o, "text", field + ".text");
  } else if (a.type == "email_customer") {
    only_fields(o, {"type", "subject", "text"}, at);
    a.subject = texts(o, "subject", field + ".subject");
    for (const auto& [locale, subject] : a.subject)
      if (subject.size() > kMaxSubject)
        throw RuleInputError("invalid_action", field + ".subject." + locale + " is over " +
                                                   std::to_string(kMaxSubject) + " bytes");
    a.text = texts(o, "text", field + ".text");
  } else if (a.type == "assign_queue") {
    only_fields(o, {"type", "queue"}, at);
    const json::value* queue = o.if_contains("queue");
    if (queue == nullptr) throw RuleInputError("invalid_action", field + ".queue is missing");
    a.queue = word(*queue, "invalid_action", field + ".queue", 64);
  } else if (a.type == "set_priority") {
    only_fields(o, {"type", "priority"}, at);
    const json::value* priority = o.if_contains("priority");
    if (priority == nullptr) throw RuleInputError("invalid_action", field + ".priority is missing");
    a.priority = word(*priority, "invalid_action", field + ".priority", 16);
    if (std::ranges::find(metrics::priority_names(), a.priority) == metrics::priority_names().end())
      throw RuleInputError("invalid_action", field + ".priority must be vip, at_risk or normal");
  } else if (a.type == "notify_supervisors") {
    only_fields(o, {"type", "text"}, at);
    a.text = texts(o, "text", field + ".text");
  } else {
    throw RuleInputError("invalid_action", field + ".type: no such action '" + a.type + "'");
  }
  return a;
}

json::array array_of(const std::vector<std::string>& items) {
  json::array out;
  for (const auto& item : items) out.emplace_back(item);
  return out;
}

json::object texts_json(const std::map<std::string, std::string>& texts) {
  json::object out;
  for (const auto& [locale, text] : texts) out[locale] = text;
  return out;
}

}  // namespace

Rule rule_from_json(const json::object& body) {
  only_fields(
      body,
      {"name", "enabled", "trigger", "delay_minutes", "business_time", "conditions", "actions",
       "cancel_on", "caps", "goal", "id", "builtin", "updated_at", "sla_percent"},
      "");
  Rule r;
  const json::value* name = body.if_contains("name");
  if (name == nullptr) throw RuleInputError("invalid_name", "name is missing");
  r.name = word(*name, "invalid_name", "name", 200);
  r.enabled = flag(body, "enabled", false, "invalid_rule", "");
  const json::value* trigger = body.if_contains("trigger");
  if (trigger == nullptr) throw RuleInputError("invalid_trigger", "trigger is missing");
  r.trigger = word(*trigger, "invalid_trigger", "trigger");
  if (!among(trigger_names(), r.trigger))
    throw RuleInputError("invalid_trigger", "trigger: no such trigger '" + r.trigger + "'");
  r.delay_minutes =
      whole(body, "delay_minutes", 0, kMaxDelayMinutes, "invalid_delay", "").value_or(0);
  r.business_time = flag(body, "business_time", false, "invalid_delay", "");
  r.sla_percent =
      static_cast<int>(whole(body, "sla_percent", 1, 99, "invalid_delay", "").value_or(80));
  r.conditions = read_conditions(object_at(body, "conditions", "invalid_condition", ""));
  if (r.conditions.quiet && r.trigger != "schedule")
    throw RuleInputError("invalid_condition", "conditions.quiet is for schedule rules only");
  if (r.trigger == "schedule" && !r.conditions.quiet)
    throw RuleInputError("invalid_condition", "a schedule rule needs conditions.quiet");
  const json::value* actions = body.if_contains("actions");
  if (actions == nullptr || !actions->is_array() || actions->get_array().empty() ||
      actions->get_array().size() > 10)
    throw RuleInputError("invalid_action", "actions must be a list of 1 to 10 actions");
  for (std::size_t i = 0; i < actions->get_array().size(); ++i)
    r.actions.push_back(read_action(actions->get_array()[i], i));
  // One outbox entry per job: a rule sends the customer one e-mail at most.
  if (std::count_if(r.actions.begin(), r.actions.end(),
                    [](const Action& a) { return a.type == "email_customer"; }) > 1)
    throw RuleInputError("invalid_action", "actions: at most one email_customer");
  r.cancel_on = words(body, "cancel_on", "invalid_cancel_event", "", &cancel_event_names());
  if (const json::object* caps = object_at(body, "caps", "invalid_caps", "")) {
    only_fields(*caps, {"purpose", "quiet_hours", "contact_cap"}, "caps.");
    if (const json::value* purpose = caps->if_contains("purpose")) {
      r.caps.purpose = word(*purpose, "invalid_caps", "caps.purpose");
      if (r.caps.purpose != "service" && r.caps.purpose != "marketing")
        throw RuleInputError("invalid_caps", "caps.purpose must be service or marketing");
    }
    r.caps.quiet_hours = flag(*caps, "quiet_hours", true, "invalid_caps", "caps.");
    r.caps.contact_cap = flag(*caps, "contact_cap", true, "invalid_caps", "caps.");
  }
  if (const json::object* goal = object_at(body, "goal", "invalid_goal", "")) {
    only_fields(*goal, {"kind", "window_days", "holdout_percent"}, "goal.");
    if (const json::value* kind = goal->if_contains("kind")) {
      r.goal.kind = word(*kind, "invalid_goal", "goal.kind");
      if (!among({"none", "reply", "repurchase", "rating"}, r.goal.kind))
        throw RuleInputError("invalid_goal", "goal.kind must be none, reply, repurchase or rating");
    }
    r.goal.window_days =
        static_cast<int>(whole(*goal, "window_days", 1, 365, "invalid_goal", "goal.").value_or(14));
    r.goal.holdout_percent = static_cast<int>(
        whole(*goal, "holdout_percent", 0, 50, "invalid_goal", "goal.").value_or(0));
  }
  return r;
}

json::object rule_to_json(const Rule& r) {
  json::object conditions;
  const Conditions& c = r.conditions;
  conditions["segments"] = array_of(c.segments);
  conditions["tags_all"] = array_of(c.tags_all);
  conditions["tags_none"] = array_of(c.tags_none);
  conditions["locales"] = array_of(c.locales);
  conditions["channels"] = array_of(c.channels);
  if (c.min_order_cents) conditions["min_order_cents"] = *c.min_order_cents;
  if (c.max_order_cents) conditions["max_order_cents"] = *c.max_order_cents;
  conditions["order_statuses"] = array_of(c.order_statuses);
  conditions["order_items"] = array_of(c.order_items);
  conditions["no_newer_order"] = c.no_newer_order;
  conditions["no_open_conversation"] = c.no_open_conversation;
  conditions["conversation_statuses"] = array_of(c.conversation_statuses);
  conditions["waiting_on"] =
      c.waiting_on.empty() ? json::value(nullptr) : json::value(c.waiting_on);
  if (c.quiet)
    conditions["quiet"] = {{"min_days", c.quiet->min_days},
                           {"rhythm_factor", c.quiet->rhythm_factor}};
  json::array actions;
  for (const Action& a : r.actions) {
    json::object o{{"type", a.type}};
    if (!a.subject.empty()) o["subject"] = texts_json(a.subject);
    if (!a.text.empty()) o["text"] = texts_json(a.text);
    if (a.agent_id) o["agent_id"] = *a.agent_id;
    if (!a.team.empty()) o["team"] = a.team;
    if (!a.tag.empty()) o["tag"] = a.tag;
    if (!a.queue.empty()) o["queue"] = a.queue;
    if (!a.priority.empty()) o["priority"] = a.priority;
    actions.push_back(std::move(o));
  }
  return json::object{
      {"id", r.id},
      {"builtin", r.builtin.empty() ? json::value(nullptr) : json::value(r.builtin)},
      {"name", r.name},
      {"enabled", r.enabled},
      {"trigger", r.trigger},
      {"delay_minutes", r.delay_minutes},
      {"business_time", r.business_time},
      {"sla_percent", r.sla_percent},
      {"conditions", std::move(conditions)},
      {"actions", std::move(actions)},
      {"cancel_on", array_of(r.cancel_on)},
      {"caps",
       {{"purpose", r.caps.purpose},
        {"quiet_hours", r.caps.quiet_hours},
        {"contact_cap", r.caps.contact_cap}}},
      {"goal",
       {{"kind", r.goal.kind},
        {"window_days", r.goal.window_days},
        {"holdout_percent", r.goal.holdout_percent}}},
      {"updated_at", r.updated_at}};
}

}  // namespace kefu::care
