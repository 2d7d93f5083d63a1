// The admin's rule JSON: every built-in rule survives a round trip, and each bad field is
// refused with its typed error.
#include <boost/json.hpp>
#include <catch2/catch.hpp>

#include "server/care/builtin_rules.hpp"
#include "server/care/rule_json.hpp"

using namespace kefu::care;
namespace json = boost::json;

namespace {

json::object valid() {
  return json::parse(R"({"name":"Thanks","trigger":"order_delivered","delay_minutes":4320,
    "actions":[{"type":"care_task","text":{"en":"Call {customer}","zh-CN":"致电"},"team":"general"}],
    "cancel_on":["order_refunded"],"caps":{"purpose":"service"},"goal":{"kind":"reply"}})")
      .as_object();
}

std::string refusal(json::object body) {
  try {
    rule_from_json(body);
  } catch (const RuleInputError& e) {
    return e.code;
  }
  return "accepted";
}

}  // namespace

TEST_CASE("every built-in rule round-trips through its JSON") {
  for (const Rule& rule : builtin_rules()) {
    CHECK_FALSE(rule.enabled);
    Rule again = rule_from_json(rule_to_json(rule));
    again.builtin = rule.builtin;  // not read from an admin's body
    CHECK(json::serialize(rule_to_json(again)) == json::serialize(rule_to_json(rule)));
    for (const auto& action : rule.actions)
      if (action.type == "care_task") CHECK(action.text.size() == 2);
  }
}

TEST_CASE("a valid rule is read with its defaults") {
  const Rule r = rule_from_json(valid());
  CHECK(r.delay_minutes == 4320);
  CHECK(r.actions.at(0).team == "general");
  CHECK(r.caps.quiet_hours);
  CHECK(r.goal.window_days == 14);
}

TEST_CASE("the service fields and actions are read and written back") {
  auto o = valid();
  o["trigger"] = "sla_at_risk";
  o["sla_percent"] = 75;
  o["conditions"] = json::parse(R"({"conversation_statuses":["queued"],"waiting_on":"agent"})");
  o["actions"] = json::parse(R"([{"type":"customer_message","text":{"en":"Hi"}},
    {"type":"assign_queue","queue":"vip"},{"type":"webhook"}])");
  const Rule r = rule_from_json(o);
  CHECK(r.sla_percent == 75);
  CHECK(r.conditions.waiting_on == "agent");
  CHECK(r.actions.at(1).queue == "vip");
  CHECK(r.contacts_customer());
  CHECK(json::serialize(rule_to_json(rule_from_json(rule_to_json(r)))) ==
        json::serialize(rule_to_json(r)));
}

TEST_CASE("a set_priority action names one of the conversation priorities") {
  auto o = valid();
  o["trigger"] = "conversation_created";
  o["actions"] = json::parse(R"([{"type":"set_priority","priority":"vip"}])");
  const Rule r = rule_from_json(o);
  CHECK(r.actions.at(0).type == "set_priority");
  CHECK(r.actions.at(0).priority == "vip");
  CHECK_FALSE(r.contacts_customer());  // not a care contact: no cap, no consent
  CHECK(json::serialize(rule_to_json(r).at("actions")) ==
        R"([{"type":"set_priority","priority":"vip"}])");
  for (const char* bad :
       {R"([{"type":"set_priority"}])", R"([{"type":"set_priority","priority":"high"}])",
        R"([{"type":"set_priority","priority":2}])",
        R"([{"type":"set_priority","priority":""}])"}) {
    o["actions"] = json::parse(bad);
    CHECK(refusal(o) == "invalid_action");
  }
  o["actions"] = json::parse(R"([{"type":"set_priority","priority":"vip","queue":"x"}])");
  CHECK(refusal(o) == "unknown_field");
}

TEST_CASE("each bad field of a rule is refused with its typed error") {
  auto with = [](std::string_view key, json::value v) {
    auto o = valid();
    o[key] = std::move(v);
    return o;
  };
  CHECK(refusal(with("colour", "red")) == "unknown_field");
  CHECK(refusal(with("name", "")) == "invalid_name");
  CHECK(refusal(with("name", 5)) == "invalid_name");
  CHECK(refusal(with("trigger", "order_lost")) == "invalid_trigger");
  CHECK(refusal(with("delay_minutes", -1)) == "invalid_delay");
  CHECK(refusal(with("delay_minutes", 1.5)) == "invalid_delay");
  CHECK(refusal(with("delay_minutes", 10'000'000)) == "invalid_delay");
  CHECK(refusal(with("business_time", "yes")) == "invalid_delay");
  CHECK(refusal(with("conditions", json::parse(R"({"segments":["gold"]})"))) ==
        "invalid_condition");
  CHECK(refusal(with("conditions", json::parse(R"({"min_order_cents":9,"max_order_cents":1})"))) ==
        "invalid_condition");
  CHECK(refusal(with("conditions", json::parse(R"({"quiet":{"min_days":30}})"))) ==
        "invalid_condition");  // a quiet spell is for schedule rules
  CHECK(refusal(with("conditions", json::parse(R"({"mood":"good"})"))) == "unknown_field");
  CHECK(refusal(with("actions", json::array{})) == "invalid_action");
  CHECK(refusal(with("actions", json::parse(R"([{"type":"send_fax"}])"))) == "invalid_action");
  CHECK(refusal(with("actions", json::parse(R"([{"type":"care_task","text":{"fr":"x"}}])"))) ==
        "invalid_action");
  CHECK(refusal(with("actions", json::parse(R"([{"type":"care_task","text":{"en":"x"},
    "team":"a","agent_id":3}])"))) == "invalid_action");
  CHECK(refusal(with("actions", json::parse(R"([{"type":"add_tag"}])"))) == "invalid_action");
  CHECK(refusal(with("cancel_on", json::parse(R"(["schedule"])"))) == "invalid_cancel_event");
  CHECK(refusal(with("caps", json::parse(R"({"purpose":"spam"})"))) == "invalid_caps");
  CHECK(refusal(with("goal", json::parse(R"({"holdout_percent":90})"))) == "invalid_goal");
  CHECK(refusal(with("goal", json::parse(R"({"kind":"joy"})"))) == "invalid_goal");
  CHECK(refusal(with("sla_percent", 0)) == "invalid_delay");
  CHECK(refusal(with("sla_percent", 100)) == "invalid_delay");
  CHECK(refusal(with("conditions", json::parse(R"({"waiting_on":"robot"})"))) ==
        "invalid_condition");
  CHECK(refusal(with("conditions", json::parse(R"({"conversation_statuses":["open"]})"))) ==
        "invalid_condition");
  CHECK(refusal(with("actions", json::parse(R"([{"type":"assign_queue"}])"))) == "invalid_action");
  CHECK(refusal(with("actions", json::parse(R"([{"type":"customer_message"}])"))) ==
        "invalid_action");
  CHECK(refusal(with("actions", json::parse(R"([{"type":"webhook","url":"http://x"}])"))) ==
        "unknown_field");
  auto schedule = valid();
  schedule["trigger"] = "schedule";
  CHECK(refusal(schedule) == "invalid_condition");  // needs a quiet spell
  auto missing = valid();
  missing.erase("trigger");
  CHECK(refusal(missing) == "invalid_trigger");
}
