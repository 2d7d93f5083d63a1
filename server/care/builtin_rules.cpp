#include "server/care/builtin_rules.hpp"

namespace kefu::care {
namespace {

constexpr std::int64_t kDay = 24 * 60;

Action care_task(std::string en, std::string zh) {
  Action a;
  a.type = "care_task";
  a.text = {{"en", std::move(en)}, {"zh-CN", std::move(zh)}};
  return a;
}

Action with_text(std::string type, std::string en, std::string zh) {
  Action a;
  a.type = std::move(type);
  a.text = {{"en", std::move(en)}, {"zh-CN", std::move(zh)}};
  return a;
}

// A service rule: not a care contact (no weekly cap), about a conversation.
Rule service_rule(std::string key, std::string name, std::string trigger) {
  Rule r;
  r.builtin = std::move(key);
  r.name = std::move(name);
  r.trigger = std::move(trigger);
  r.caps.contact_cap = false;
  r.caps.quiet_hours = false;
  return r;
}

// The service rules: a warning before a first-response breach, a reminder to a customer who
// left a conversation waiting and its resolution later (a reply cancels both), and a notice
// when a customer's reply reopens a resolved conversation (the desk reopens it by itself within
// the reopen window; the rule makes it known).
void add_service_rules(std::vector<Rule>& rules) {
  Rule sla = service_rule("sla_warning", "Warn before a first-response breach", "sla_at_risk");
  sla.sla_percent = 80;
  sla.conditions.conversation_statuses = {"queued", "assigned"};
  sla.conditions.waiting_on = "agent";
  sla.actions = {with_text("notify_supervisors",
                           "{customer} has waited for a first answer for most of the target time.",
                           "{customer}等待首次回复的时间即将超过目标。")};
  sla.cancel_on = {"conversation_resolved"};
  rules.push_back(sla);

  Rule remind = service_rule("pending_reminder", "Remind a customer who has not answered",
                             "conversation_pending");
  remind.delay_minutes = 24 * 60;
  remind.conditions.conversation_statuses = {"assigned"};
  remind.conditions.waiting_on = "customer";
  remind.actions = {with_text(
      "customer_message",
      "Hello {customer}, we answered your question and are waiting for your reply. Write to us "
      "if anything is still unclear.",
      "{customer}您好，我们已回复您的问题，正在等待您的答复。如仍有疑问，请随时联系我们。")};
  remind.caps.quiet_hours = true;
  remind.cancel_on = {"customer_replied", "conversation_resolved"};
  remind.goal = Goal{"reply", 3, 0};
  rules.push_back(remind);

  Rule close = service_rule("pending_auto_resolve", "Resolve a conversation left unanswered",
                            "conversation_pending");
  close.delay_minutes = 72 * 60;
  close.conditions.conversation_statuses = {"assigned"};
  close.conditions.waiting_on = "customer";
  Action resolve;
  resolve.type = "resolve_conversation";
  close.actions = {resolve};
  close.cancel_on = {"customer_replied", "conversation_resolved"};
  rules.push_back(close);

  Rule reopened = service_rule("reopened_on_reply", "A customer's reply reopened a conversation",
                               "conversation_reopened");
  reopened.actions = {with_text("notify_supervisors",
                                "{customer} replied to a resolved conversation: it is back in the "
                                "queue.",
                                "{customer}回复了已解决的会话，会话已重新进入队列。")};
  rules.push_back(reopened);
}

}  // namespace

std::vector<Rule> builtin_rules() {
  std::vector<Rule> rules;
  Rule thanks;
  thanks.builtin = "thank_you_after_delivery";
  thanks.name = "Thank-you after delivery";
  thanks.trigger = "order_delivered";
  thanks.delay_minutes = 3 * kDay;
  thanks.actions = {care_task(
      "Thank {customer} for order {order} ({items}) and ask whether anything troubles them.",
      "感谢{customer}购买订单{order}（{items}），并询问使用中是否遇到问题。")};
  thanks.cancel_on = {"order_refunded"};
  thanks.goal = Goal{"reply", 14, 0};
  rules.push_back(thanks);

  Rule month;
  month.builtin = "satisfaction_check";
  month.name = "Satisfaction check after a month";
  month.trigger = "order_delivered";
  month.delay_minutes = 30 * kDay;
  month.conditions.no_open_conversation = true;
  month.actions = {care_task("Ask {customer} whether they are satisfied with {items} ({order}).",
                             "询问{customer}对{items}（订单{order}）是否满意。")};
  month.cancel_on = {"order_refunded"};
  month.goal = Goal{"rating", 14, 0};
  rules.push_back(month);

  Rule cross;
  cross.builtin = "cross_sell";
  cross.name = "What goes with it, after three months";
  cross.trigger = "order_delivered";
  cross.delay_minutes = 90 * kDay;
  cross.conditions.no_newer_order = true;
  cross.actions = {care_task("Suggest to {customer} what goes with {items} (order {order}).",
                             "向{customer}推荐与{items}（订单{order}）搭配的商品。")};
  cross.cancel_on = {"order_refunded", "order_paid"};
  cross.caps.purpose = "marketing";
  cross.goal = Goal{"repurchase", 30, 10};
  rules.push_back(cross);

  Rule churn;
  churn.builtin = "churn_watch";
  churn.name = "Customer drifting away";
  churn.trigger = "schedule";
  churn.conditions.segments = {"active", "vip"};
  churn.conditions.quiet = QuietSpell{60, 2.0};
  Action tag;
  tag.type = "add_tag";
  tag.tag = "drifting";
  churn.actions = {care_task("{customer} has not ordered for a while (last: {order}). Call them "
                             "and ask how the shop can help.",
                             "{customer}已有一段时间没有下单，请联系并询问有什么可以帮助的。"),
                   tag};
  churn.cancel_on = {"order_paid"};
  churn.goal = Goal{"repurchase", 30, 10};
  rules.push_back(churn);
  add_service_rules(rules);
  return rules;
}

}  // namespace kefu::care
