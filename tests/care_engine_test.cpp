// The care engine with a fake clock over its stores (SQLite, and PostgreSQL in the postgresql run):
// every trigger, cancel event, cap and the re-check of conditions when a delayed job falls due.
#include <catch2/catch.hpp>

#include "tests/care_test_support.hpp"

using namespace kefu::care;
using namespace kefu::care::testing;

TEST_CASE("a thank-you falls due three days after delivery as one care task with the order") {
  CareWorld w;
  w.rule(task_rule("order_delivered", 3 * 24 * 60, {"order_refunded"}));
  const auto customer = w.order("1001", "c1", "paid", "fulfilled", true);
  w.tick();
  REQUIRE(w.count("SELECT COUNT(*) FROM care_jobs WHERE status = 'pending'") == 1);
  w.pass(3 * kDay - kHour);
  CHECK(w.count("SELECT COUNT(*) FROM care_tasks") == 0);
  w.pass(kHour);
  REQUIRE(w.count("SELECT COUNT(*) FROM care_tasks") == 1);
  CHECK(w.text("SELECT text FROM care_tasks") ==
        "Call Ann Lee about #1001: Longjing tea x 2, 96.00 CNY");
  CHECK(w.count("SELECT customer_id FROM care_tasks") == customer);
  CHECK(w.count("SELECT COUNT(*) FROM events WHERE type = 'care_action' AND "
                "data LIKE '%\"action\":\"care_task\"%'") == 1);
  // The shop sends the order again, delivered once more: the rule reached this order already.
  w.order("1001", "c1", "paid", "fulfilled", true);
  w.pass(4 * kDay);
  CHECK(w.count("SELECT COUNT(*) FROM care_tasks") == 1);
}

TEST_CASE("the idempotency key is unique in the database itself") {
  CareWorld w;
  const auto rule = w.rule(task_rule("order_paid", 0));
  CareJob job;
  job.rule_id = rule;
  job.key = "1:order:7";
  job.customer_id = 1;
  job.trigger = "order_paid";
  CHECK(w.jobs.schedule(job).has_value());
  CHECK_FALSE(w.jobs.schedule(job).has_value());
  CHECK_THROWS(
      w.db.exec("INSERT INTO care_jobs(rule_id, idempotency_key, customer_id, "
                "trigger_type, triggered_at, due_at, status) VALUES (1, '1:order:7', 1, "
                "'order_paid', 0, 0, 'pending')"));
  CHECK(w.count("SELECT COUNT(*) FROM care_jobs") == 1);
}

TEST_CASE("each order milestone triggers its rules once") {
  CareWorld w;
  for (const char* trigger : {"order_paid", "order_fulfilled", "order_delivered", "order_refunded"})
    w.rule(tag_rule(trigger, std::string("t_") + trigger));
  const auto customer = w.order("2001", "c2", "paid", "", false);
  w.tick();
  auto tags = [&] {
    return w.joined("SELECT tag FROM customer_tags WHERE customer_id = " +
                    std::to_string(customer) + " ORDER BY tag");
  };
  CHECK(tags() == "t_order_paid");
  w.clock.now += kMinute;
  w.order("2001", "c2", "paid", "fulfilled", false);
  w.tick();
  CHECK(tags() == "t_order_fulfilled,t_order_paid");
  w.clock.now += kMinute;
  w.order("2001", "c2", "paid", "fulfilled", true);
  w.tick();
  CHECK(tags() == "t_order_delivered,t_order_fulfilled,t_order_paid");
  w.clock.now += kMinute;
  w.order("2001", "c2", "refunded", "fulfilled", true);
  w.tick();
  CHECK(tags() == "t_order_delivered,t_order_fulfilled,t_order_paid,t_order_refunded");
  CHECK(w.count("SELECT COUNT(*) FROM care_jobs WHERE status = 'done'") == 4);
}

TEST_CASE("each conversation trigger of the interaction log starts its rules") {
  CareWorld w;
  const std::vector<std::pair<std::string, std::string>> triggers = {
      {"conversation_created", "conversation_opened"},
      {"conversation_resolved", "conversation_resolved"},
      {"conversation_reopened", "conversation_reopened"},
      {"rating_given", "survey_submitted"},
      {"customer_replied", "message_received"}};
  for (const auto& [trigger, type] : triggers) w.rule(tag_rule(trigger, "t_" + trigger));
  const auto customer = w.directory.create_customer("Bo", "Wang", w.clock.now);
  std::int64_t conversation = 40;
  for (const auto& [trigger, type] : triggers) {
    w.conversation(++conversation, customer, "assigned");
    w.log_event(type, customer, conversation);
    w.log_event("kb_suggested", customer, conversation);  // not a trigger
    w.tick();
    CHECK(w.count("SELECT COUNT(*) FROM customer_tags WHERE tag = 't_" + trigger + "'") == 1);
  }
  CHECK(w.count("SELECT COUNT(*) FROM customer_tags") == 5);
}

TEST_CASE("a refund cancels the thank-you of that order and not of another") {
  CareWorld w;
  w.rule(task_rule("order_delivered", 3 * 24 * 60, {"order_refunded"}));
  w.order("3001", "c3", "paid", "fulfilled", true);
  w.order("3002", "c3", "paid", "fulfilled", true);
  w.tick();
  w.pass(kDay);
  w.order("3001", "c3", "refunded", "fulfilled", true);
  w.pass(3 * kDay);
  CHECK(w.text("SELECT reason FROM care_jobs WHERE order_id = (SELECT id FROM orders WHERE "
               "shop_order_id = '3001')") == "cancelled_by:order_refunded");
  // The second order's thank-you is the customer's only care contact of the week.
  CHECK(w.count("SELECT COUNT(*) FROM care_tasks") == 1);
  CHECK(w.count("SELECT COUNT(*) FROM events WHERE type = 'care_job_cancelled'") == 1);
}

TEST_CASE("a customer's reply cancels a reminder on that conversation") {
  CareWorld w;
  w.rule(task_rule("conversation_resolved", 24 * 60, {"customer_replied"}));
  const auto customer = w.directory.create_customer("Bo", "Wang", w.clock.now);
  w.conversation(7, customer, "resolved");
  w.conversation(8, customer, "resolved");
  w.log_event("conversation_resolved", customer, 7);
  w.log_event("conversation_resolved", customer, 8);
  w.tick();
  w.pass(2 * kHour);
  w.log_event("message_received", customer, 7);
  w.pass(kDay);
  CHECK(w.text("SELECT status || ':' || reason FROM care_jobs WHERE conversation_id = 7") ==
        "cancelled:cancelled_by:customer_replied");
  CHECK(w.text("SELECT status FROM care_jobs WHERE conversation_id = 8") == "done");
}

TEST_CASE("a drifting customer is found by their own buying rhythm and a new order cancels it") {
  CareWorld w;
  Rule churn = task_rule("schedule", 24 * 60, {"order_paid"});
  churn.conditions.quiet = QuietSpell{60, 2.0};
  w.rule(churn);
  // Every 50 days an order: quiet only after 100 days, not after the 60 days' minimum.
  const auto t0 = w.clock.now;
  w.order("4001", "c4", "paid", "", false, 9600, t0 - 150 * kDay);
  w.order("4002", "c4", "paid", "", false, 9600, t0 - 100 * kDay);
  w.order("4003", "c4", "paid", "", false, 9600, t0 - 70 * kDay);
  w.order("4004", "c4", "paid", "", false, 9600, t0 - 70 * kDay + 1);
  w.tick();
  // avg gap = 80 days / 3 ~ 26.7 days, times 2 = 53 days < 60: quiet at 70 days.
  CHECK(w.engine.run_schedules() == 1);
  CHECK(w.engine.run_schedules() == 0);  // once per quiet spell

  CareWorld slow;
  slow.rule(churn);
  slow.order("5001", "c5", "paid", "", false, 9600, t0 - 170 * kDay);
  slow.order("5002", "c5", "paid", "", false, 9600, t0 - 70 * kDay);
  slow.tick();
  CHECK(slow.engine.run_schedules() == 0);  // gap 100 days: quiet after 200, not yet
  slow.clock.now += 131 * kDay;
  CHECK(slow.engine.run_schedules() == 1);

  // A new order before the warning is due cancels it.
  w.pass(kHour);
  w.order("4005", "c4", "paid", "", false);
  w.pass(2 * kDay);
  CHECK(w.text("SELECT reason FROM care_jobs") == "cancelled_by:order_paid");
  CHECK(w.count("SELECT COUNT(*) FROM care_tasks") == 0);
}

TEST_CASE("conditions are checked when the trigger fires and again when the job is due") {
  CareWorld w;
  Rule r = task_rule("order_delivered", 24 * 60);
  r.conditions.tags_none = {"no_calls"};
  r.conditions.min_order_cents = 5000;
  w.rule(r);
  w.order("6001", "c6", "paid", "fulfilled", true, 1000);  // too small: no job at all
  w.tick();
  CHECK(w.count("SELECT COUNT(*) FROM care_jobs") == 0);
  const auto customer = w.order("6002", "c6", "paid", "fulfilled", true, 9000);
  w.tick();
  REQUIRE(w.count("SELECT COUNT(*) FROM care_jobs WHERE status = 'pending'") == 1);
  w.db.exec("INSERT INTO customer_tags(customer_id, tag, created_at) VALUES (" +
            std::to_string(customer) + ", 'no_calls', 0)");
  w.pass(kDay);
  CHECK(w.text("SELECT status || ':' || reason FROM care_jobs") == "skipped:condition:tags_none");
  CHECK(w.count("SELECT COUNT(*) FROM care_tasks") == 0);
  CHECK(w.count("SELECT COUNT(*) FROM events WHERE type = 'care_job_skipped'") == 1);
}

TEST_CASE("no newer order and no open conversation are re-checked when due") {
  CareWorld w;
  Rule r = task_rule("order_delivered", 24 * 60);
  r.conditions.no_newer_order = true;
  r.conditions.no_open_conversation = true;
  w.rule(r);
  const auto customer = w.order("7001", "c7", "paid", "fulfilled", true);
  w.tick();
  w.pass(kHour);
  w.order("7002", "c7", "pending", "", false);
  w.pass(kDay);
  CHECK(w.text("SELECT reason FROM care_jobs") == "condition:no_newer_order");

  CareWorld v;
  v.rule(r);
  const auto other = v.order("7101", "c71", "paid", "fulfilled", true);
  v.tick();
  v.conversation(3, other, "assigned");
  v.pass(kDay);
  CHECK(v.text("SELECT reason FROM care_jobs") == "condition:no_open_conversation");
  (void)customer;
}

TEST_CASE("segment, locale, channel, order status and items are conditions") {
  CareWorld w;
  Rule r = tag_rule("order_paid", "matched");
  r.conditions.segments = {"vip"};
  w.rule(r);
  w.order("8001", "c8", "paid", "", false);
  w.tick();
  CHECK(w.count("SELECT COUNT(*) FROM customer_tags") == 0);  // a new customer, not VIP

  auto check = [](Conditions c, bool expected) {
    CareWorld x;
    Rule rule = tag_rule("order_paid", "matched");
    rule.conditions = c;
    x.rule(rule);
    x.order("8101", "c81", "paid", "", false);
    x.tick();
    CHECK(x.count("SELECT COUNT(*) FROM customer_tags") == (expected ? 1 : 0));
  };
  Conditions c;
  c.locales = {"en"};
  check(c, true);  // the default locale in these tests
  c.locales = {"zh-CN"};
  check(c, false);
  c = {};
  c.order_items = {"LJ-"};
  check(c, true);
  c.order_items = {"Oolong"};
  check(c, false);
  c = {};
  c.order_statuses = {"paid"};
  check(c, true);
  c.order_statuses = {"refunded"};
  check(c, false);
  c = {};
  c.channels = {"chat"};
  check(c, false);  // an order has no conversation
  c = {};
  c.max_order_cents = 100;
  check(c, false);
}

TEST_CASE("erasure cancels every job of the customer and empties their care tasks") {
  CareWorld w;
  w.rule(task_rule("order_delivered", 0));
  w.rule(task_rule("order_paid", 5 * 24 * 60));
  Rule tag = tag_rule("order_delivered", "x");
  tag.delay_minutes = 60;
  w.rule(tag);
  const auto customer = w.order("9001", "c9", "paid", "fulfilled", true);
  w.tick();
  REQUIRE(w.count("SELECT COUNT(*) FROM care_tasks WHERE text <> ''") == 1);
  w.db.exec("UPDATE customers SET erased_at = " + std::to_string(w.clock.now) +
            " WHERE id = " + std::to_string(customer));
  w.pass(6 * kDay);
  CHECK(w.count("SELECT COUNT(*) FROM care_jobs WHERE status = 'cancelled' AND reason = "
                "'erased'") == 2);
  CHECK(w.count("SELECT COUNT(*) FROM care_tasks WHERE text <> ''") == 0);
  CHECK(w.text("SELECT status FROM care_tasks") == "skipped");
  CHECK(w.count("SELECT COUNT(*) FROM customer_tags") == 0);
}

TEST_CASE("at most one care contact per customer per N days across rules") {
  CareSettings settings = test_settings();
  settings.contact_gap_days = 7;
  CareWorld w(settings);
  w.rule(task_rule("order_delivered", 0));
  w.rule(task_rule("order_paid", 60));
  w.order("1101", "c11", "paid", "fulfilled", true);
  w.pass(2 * kHour);
  CHECK(w.count("SELECT COUNT(*) FROM care_tasks") == 1);
  CHECK(w.text("SELECT reason FROM care_jobs WHERE trigger_type = 'order_paid'") == "contact_cap");
  w.pass(7 * kDay);
  w.order("1102", "c11", "paid", "fulfilled", true);
  w.pass(2 * kHour);
  CHECK(w.count("SELECT COUNT(*) FROM care_tasks") == 2);
  // A rule that does not count toward the cap reaches the customer anyway.
  Rule free = task_rule("order_refunded", 0);
  free.caps.contact_cap = false;
  w.rule(free);
  w.order("1102", "c11", "refunded", "fulfilled", true);
  w.pass(kHour);
  CHECK(w.count("SELECT COUNT(*) FROM care_tasks") == 3);
}

TEST_CASE("quiet hours hold in the customer's own time zone") {
  CareWorld w;
  w.rule(task_rule("order_delivered", 0));
  const auto customer = w.order("1201", "c12", "paid", "fulfilled", true);
  w.db.exec("INSERT INTO care_preferences(customer_id, time_zone, updated_at) VALUES (" +
            std::to_string(customer) + ", 'America/New_York', 0)");
  // 10:00 UTC is 05:00 in New York (EST): postponed to 08:00 there, 13:00 UTC.
  w.tick();
  CHECK(w.count("SELECT COUNT(*) FROM care_tasks") == 0);
  CHECK(w.integer("SELECT due_at FROM care_jobs") == kStart + 3 * kHour);
  w.clock.now = kStart + 3 * kHour - kMinute;
  w.tick();
  CHECK(w.count("SELECT COUNT(*) FROM care_tasks") == 0);
  w.clock.now = kStart + 3 * kHour;
  w.tick();
  CHECK(w.count("SELECT COUNT(*) FROM care_tasks") == 1);
  // A late evening there waits for the next morning.
  QuietHours quiet(21 * 60, 8 * 60);
  const std::int64_t evening = kStart + 12 * kHour;  // 22:00 UTC = 17:00 New York, 06:00 Shanghai
  CHECK(quiet.allowed_from(evening, "America/New_York") == evening);
  CHECK(quiet.allowed_from(evening, "Asia/Shanghai") == kStart + 14 * kHour);
  CHECK(quiet.allowed_from(kStart + 11 * kHour + 30 * kMinute, "UTC") == kStart + 22 * kHour);
}

TEST_CASE("marketing needs consent and an opt-out stops every care contact") {
  CareWorld w;
  Rule cross = task_rule("order_delivered", 0);
  cross.caps.purpose = "marketing";
  w.rule(cross);
  const auto a = w.order("1301", "c13", "paid", "fulfilled", true);
  w.tick();
  CHECK(w.text("SELECT reason FROM care_jobs") == "no_consent");
  const auto b = w.order("1302", "c14", "paid", "", false);
  w.db.exec("INSERT INTO care_preferences(customer_id, marketing_consent, updated_at) VALUES (" +
            std::to_string(b) + ", 1, 0)");
  w.order("1302", "c14", "paid", "fulfilled", true);
  w.tick();
  CHECK(w.count("SELECT COUNT(*) FROM care_tasks") == 1);

  CareWorld v;
  v.rule(task_rule("order_delivered", 0));
  const auto c = v.order("1401", "c15", "paid", "", false);
  v.db.exec(
      "INSERT INTO care_preferences(customer_id, marketing_consent, opted_out, updated_at) "
      "VALUES (" +
      std::to_string(c) + ", 1, 1, 0)");
  v.order("1401", "c15", "paid", "fulfilled", true);
  v.tick();
  CHECK(v.text("SELECT reason FROM care_jobs") == "opted_out");
  CHECK(v.count("SELECT COUNT(*) FROM care_tasks") == 0);
  (void)a;
}

TEST_CASE("a holdout share is skipped on purpose and a disabled rule does nothing when due") {
  CareWorld w;
  Rule r = tag_rule("order_paid", "held");
  r.goal.holdout_percent = 50;
  w.rule(r);
  for (int i = 0; i < 40; ++i)
    w.order(std::to_string(1500 + i), "h" + std::to_string(i), "paid", "", false);
  w.tick();
  const int held = w.count("SELECT COUNT(*) FROM care_jobs WHERE reason = 'holdout'");
  CHECK(held > 5);
  CHECK(held < 35);
  CHECK(w.count("SELECT COUNT(*) FROM care_jobs WHERE status = 'done'") == 40 - held);

  CareWorld v;
  Rule later = task_rule("order_paid", 60);
  later.id = v.rule(later);
  v.order("1601", "c16", "paid", "", false);
  v.tick();
  later.enabled = false;
  v.rules.replace(later, v.clock.now);
  v.pass(2 * kHour);
  CHECK(v.text("SELECT reason FROM care_jobs") == "rule_disabled");
  // A disabled rule schedules nothing.
  v.order("1602", "c17", "paid", "", false);
  v.tick();
  CHECK(v.count("SELECT COUNT(*) FROM care_jobs") == 1);
}

TEST_CASE("a delay in business time counts only the team's open hours") {
  CareSettings settings = test_settings();
  settings.team_hours = kefu::metrics::BusinessCalendar("UTC");
  for (int day = 1; day <= 5; ++day) settings.team_hours.set_hours(day, {{9 * 60, 18 * 60}});
  settings.quiet_start_minute = settings.quiet_end_minute = 0;
  CareWorld w(settings);
  Rule r = tag_rule("order_paid", "later");
  r.delay_minutes = 120;
  r.business_time = true;
  w.rule(r);
  w.clock.now = kStart + 4 * kDay + 7 * kHour;  // Friday 17:00 UTC
  w.order("1701", "c18", "paid", "", false);
  w.tick();
  // One open hour on Friday, the second on Monday from 09:00.
  CHECK(w.integer("SELECT due_at FROM care_jobs") == kStart + 7 * kDay);
}

TEST_CASE("actions tag, untag, resolve and notify, each with its event in the log") {
  CareWorld w;
  Rule r;
  r.name = "tidy up";
  r.trigger = "rating_given";
  Action add, remove, resolve, notify;
  add.type = "add_tag";
  add.tag = "rated";
  remove.type = "remove_tag";
  remove.tag = "waiting";
  resolve.type = "resolve_conversation";
  notify.type = "notify_supervisors";
  notify.text = {{"en", "{customer} rated a chat"}};
  r.actions = {add, remove, resolve, notify};
  w.rule(r);
  const auto customer = w.directory.create_customer("Bo", "Wang", w.clock.now);
  w.db.exec("INSERT INTO customer_tags VALUES (" + std::to_string(customer) + ", 'waiting', 0)");
  w.conversation(9, customer, "resolved");
  w.log_event("survey_submitted", customer, 9);
  w.tick();
  CHECK(w.joined("SELECT tag FROM customer_tags ORDER BY tag") == "rated");
  CHECK(w.resolved == std::vector<std::int64_t>{9});
  CHECK(w.notices == std::vector<std::string>{"Bo Wang rated a chat"});
  CHECK(w.count("SELECT COUNT(*) FROM events WHERE type = 'care_action'") == 4);
}

TEST_CASE("a preview counts the customers a rule would reach today") {
  CareWorld w;
  Rule r = task_rule("order_delivered", 3 * 24 * 60);
  r.conditions.min_order_cents = 5000;
  w.order("1801", "p1", "paid", "fulfilled", true, 9000);
  w.order("1802", "p2", "paid", "fulfilled", true, 9000);
  w.order("1803", "p2", "paid", "fulfilled", true, 9000);
  w.order("1804", "p3", "paid", "fulfilled", true, 1000);
  w.order("1805", "p4", "paid", "", false, 9000);
  const auto preview = w.engine.preview(r);
  CHECK(preview.triggers == 4);
  CHECK(preview.reached == 2);
  CHECK(preview.sample.size() == 2);
  CHECK(w.count("SELECT COUNT(*) FROM care_jobs") == 0);  // a preview changes nothing
}
