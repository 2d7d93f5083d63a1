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
  return rules;
}

}  // namespace kefu::care
