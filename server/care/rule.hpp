#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace kefu::care {

// What starts a rule: an event of the interaction log or the order feed, or the schedule
// (a rule checked about once an hour against every customer with orders).
inline const std::vector<std::string>& trigger_names() {
  static const std::vector<std::string> names = {"order_paid",
                                                 "order_fulfilled",
                                                 "order_delivered",
                                                 "order_refunded",
                                                 "conversation_created",
                                                 "conversation_resolved",
                                                 "conversation_reopened",
                                                 "rating_given",
                                                 "customer_replied",
                                                 "schedule"};
  return names;
}

// Events that may cancel a rule's waiting jobs (erasure cancels every rule's, always).
inline const std::vector<std::string>& cancel_event_names() {
  static const std::vector<std::string> names = {
      "order_paid",           "order_fulfilled",       "order_delivered",       "order_refunded",
      "conversation_created", "conversation_resolved", "conversation_reopened", "rating_given",
      "customer_replied"};
  return names;
}

// A churn watch: the customer is quiet when no order came for `min_days`, or for
// `rhythm_factor` times their own average gap between orders when that is longer.
struct QuietSpell {
  int min_days = 60;
  double rhythm_factor = 2.0;
};

// What must hold when the trigger fires and again when the delayed action is due. Empty lists
// and unset bounds hold for everyone.
struct Conditions {
  std::vector<std::string> segments;   // new | active | vip | at_risk | lost
  std::vector<std::string> tags_all;   // the customer has every one
  std::vector<std::string> tags_none;  // the customer has none of them
  std::vector<std::string> locales;    // e.g. "en", "zh-CN"
  std::vector<std::string> channels;   // of the conversation: chat | ticket
  std::optional<std::int64_t> min_order_cents;
  std::optional<std::int64_t> max_order_cents;
  std::vector<std::string> order_statuses;  // financial or fulfillment status of the order
  std::vector<std::string> order_items;     // an item whose SKU or title contains one of them
  bool no_newer_order = false;              // no order after the trigger's
  bool no_open_conversation = false;        // no queued, assigned or pending conversation
  std::optional<QuietSpell> quiet;          // schedule rules: the customer went quiet
};

// One thing a rule does. Texts are per locale ("en", "zh-CN"); the customer's locale is used,
// else English, else the first. Placeholders: {customer}, {order}, {items}, {total}.
struct Action {
  std::string type;  // care_task | add_tag | remove_tag | resolve_conversation | notify_supervisors
  std::map<std::string, std::string> text;  // care_task, notify_supervisors
  std::optional<std::int64_t> agent_id;     // care_task: for this agent ...
  std::string team;                         // ... or for this team ("" and no agent: anyone)
  std::string tag;                          // add_tag, remove_tag
};

// Limits on reaching the customer beyond "once per rule and subject" (always on).
struct Caps {
  std::string purpose = "service";  // service | marketing (marketing needs consent)
  bool quiet_hours = true;          // never due in the customer's night (CareSettings)
  bool contact_cap = true;          // counts toward one care contact per customer per N days
};

// What the rule is for and how much of its audience it deliberately skips to measure lift.
struct Goal {
  std::string kind = "none";  // none | reply | repurchase | rating
  int window_days = 14;
  int holdout_percent = 0;  // 0..50
};

// A rule = trigger + delay + conditions + actions + cancel events + caps + goal.
struct Rule {
  std::int64_t id = 0;
  std::string builtin;  // the key of a built-in rule, "" for an admin's own
  std::string name;
  bool enabled = false;
  std::string trigger;
  std::int64_t delay_minutes = 0;
  bool business_time = false;  // the delay counts the team's open hours (CareSettings)
  Conditions conditions;
  std::vector<Action> actions;
  std::vector<std::string> cancel_on;
  Caps caps;
  Goal goal;
  std::int64_t updated_at = 0;

  // True when doing it reaches the customer (a care task is a contact; tags are not).
  bool contacts_customer() const;
};

}  // namespace kefu::care
