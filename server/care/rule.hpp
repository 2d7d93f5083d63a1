#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace kefu::care {

// What starts a rule: an event of the interaction log or the order feed, or the schedule
// (a rule checked about once an hour against every customer with orders).
// conversation_pending: an agent answered and the conversation waits on the customer (once per
// customer message answered). segment_changed: the customer's stored segment moved (checked
// with the schedule). sla_at_risk: a new conversation reaches `sla_percent` of its channel's
// first-response target (the admin's SLA policy); the rule's delay is not used.
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
                                                 "conversation_pending",
                                                 "segment_changed",
                                                 "sla_at_risk",
                                                 "schedule"};
  return names;
}

// Events that may cancel a rule's waiting jobs (erasure cancels every rule's, always).
inline const std::vector<std::string>& cancel_event_names() {
  static const std::vector<std::string> names = {
      "order_paid",           "order_fulfilled",       "order_delivered",       "order_refunded",
      "conversation_created", "conversation_resolved", "conversation_reopened", "rating_given",
      "customer_replied",     "conversation_pending",  "segment_changed"};
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
  std::vector<std::string> segments;               // new | active | vip | at_risk | lost
  std::vector<std::string> tags_all;               // the customer has every one
  std::vector<std::string> tags_none;              // the customer has none of them
  std::vector<std::string> locales;                // e.g. "en", "zh-CN"
  std::vector<std::string> channels;               // of the conversation: chat | ticket
  std::vector<std::string> conversation_statuses;  // queued | assigned | resolved | closed ...
  std::string waiting_on;  // "" | customer (an agent spoke last) | agent (the customer did)
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
// customer_message: shown once in the widget at the customer's next visit; email_customer: a
// mail through the mail outbox to the customer's e-mail identity; set_priority (one of
// metrics::priority_names(), choosing the conversation's SLA policy) and assign_queue: the
// subject conversation; webhook: the event `care.action` to the shop's
// webhooks (docs/webhooks.md).
struct Action {
  std::string type;  // care_task | add_tag | remove_tag | resolve_conversation |
                     // notify_supervisors | customer_message | email_customer | set_priority |
                     // assign_queue | webhook
  std::map<std::string, std::string> text;     // care_task, notify_supervisors, customer_message,
                                               // email_customer (the body), webhook (a note)
  std::map<std::string, std::string> subject;  // email_customer
  std::optional<std::int64_t> agent_id;        // care_task: for this agent ...
  std::string team;                            // ... or for this team ("" and no agent: anyone)
  std::string tag;                             // add_tag, remove_tag
  std::string priority;                        // set_priority: vip | at_risk | normal
  std::string queue;                           // assign_queue
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
  int sla_percent = 80;        // sla_at_risk: due at this share of the first-response target
  bool business_time = false;  // the delay counts the team's open hours (CareSettings)
  Conditions conditions;
  std::vector<Action> actions;
  std::vector<std::string> cancel_on;
  Caps caps;
  Goal goal;
  std::int64_t updated_at = 0;

  // True when doing it reaches the customer (a care task, a message or a mail is a contact;
  // tags, priority, queues, resolving, notices and webhooks are not).
  bool contacts_customer() const;
};

}  // namespace kefu::care
