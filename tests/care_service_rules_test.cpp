// The service rules with a fake clock: the warning before a first-response breach, the reminder
// and the resolution of a conversation left waiting on the customer (a reply cancels both), the
// notice of a reopening, and segment_changed; the actions that reach the customer in the widget,
// a queue or the shop's webhooks.
#include <catch2/catch.hpp>

#include "server/admin/business_hours_book.hpp"
#include "server/care/builtin_rules.hpp"
#include "server/webhooks/webhook_event_types.hpp"
#include "tests/care_test_support.hpp"

using namespace kefu::care;
using namespace kefu::care::testing;

namespace {

Rule builtin(const std::string& key) {
  for (const Rule& r : builtin_rules())
    if (r.builtin == key) return r;
  FAIL("no built-in rule " << key);
  return {};
}

// A customer with an assigned chat (id `conversation`) they wrote in and an agent answered.
std::int64_t answered_chat(CareWorld& w, std::int64_t conversation) {
  const auto customer = w.directory.create_customer("Bo", "Wang", w.clock.now);
  w.conversation(conversation, customer, "assigned");
  w.message(conversation, customer, "customer");
  w.clock.now += kMinute;
  w.message(conversation, customer, "agent");
  return customer;
}

CareSettings with_targets() {
  CareSettings s = test_settings();
  s.reply_target_ms = [](const std::string& channel) {
    return channel == "ticket" ? 10 * kHour : 20'000;
  };
  return s;
}

}  // namespace

TEST_CASE("the built-in service rules ship disabled with both languages") {
  for (const char* key :
       {"sla_warning", "pending_reminder", "pending_auto_resolve", "reopened_on_reply"}) {
    const Rule r = builtin(key);
    CHECK_FALSE(r.enabled);
    for (const auto& action : r.actions)
      if (!action.text.empty()) {
        CHECK(action.text.count("en") == 1);
        CHECK(action.text.count("zh-CN") == 1);
      }
  }
  CHECK(builtin("pending_reminder").contacts_customer());
  CHECK_FALSE(builtin("pending_auto_resolve").contacts_customer());
}

TEST_CASE(
    "a customer who leaves an answer waiting is reminded after a day and resolved after three") {
  CareWorld w;
  w.rule(builtin("pending_reminder"));
  w.rule(builtin("pending_auto_resolve"));
  const auto customer = answered_chat(w, 7);
  w.clock.now += kMinute;
  w.message(7, customer, "agent");  // a second answer in a row: the same wait, no new jobs
  w.tick();
  CHECK(w.count("SELECT COUNT(*) FROM care_jobs WHERE status = 'pending'") == 2);
  w.pass(24 * kHour - kHour);
  CHECK(w.count("SELECT COUNT(*) FROM care_messages") == 0);
  w.pass(kHour);
  REQUIRE(w.count("SELECT COUNT(*) FROM care_messages") == 1);
  CHECK(w.text("SELECT text FROM care_messages").rfind("Hello Bo Wang, we answered", 0) == 0);
  CHECK(w.offered == std::vector<std::int64_t>{customer});
  CHECK(w.resolved.empty());
  w.pass(48 * kHour - kHour);
  CHECK(w.resolved.empty());
  w.pass(kHour);
  CHECK(w.resolved == std::vector<std::int64_t>{7});
  CHECK(w.count("SELECT COUNT(*) FROM care_jobs WHERE status = 'done'") == 2);
  w.pass(10 * kDay);
  CHECK(w.resolved.size() == 1);
  CHECK(w.count("SELECT COUNT(*) FROM care_messages") == 1);
}

TEST_CASE(
    "a customer's reply cancels the reminder and the resolution, and the next answer waits anew") {
  CareWorld w;
  w.rule(builtin("pending_reminder"));
  w.rule(builtin("pending_auto_resolve"));
  const auto customer = answered_chat(w, 8);
  w.tick();
  w.pass(5 * kHour);
  w.message(8, customer, "customer");
  w.tick();
  CHECK(w.count("SELECT COUNT(*) FROM care_jobs WHERE status = 'cancelled' AND "
                "reason = 'cancelled_by:customer_replied'") == 2);
  w.pass(4 * kDay);
  CHECK(w.count("SELECT COUNT(*) FROM care_messages") == 0);
  CHECK(w.resolved.empty());
  // The agent answers the new message: a new wait, reminded a day later.
  w.message(8, customer, "agent");
  w.tick();
  CHECK(w.count("SELECT COUNT(*) FROM care_jobs WHERE status = 'pending'") == 2);
  w.pass(24 * kHour);
  CHECK(w.count("SELECT COUNT(*) FROM care_messages") == 1);
}

TEST_CASE("a reply the feed has not seen yet still stops the reminder when it falls due") {
  CareWorld w;
  w.rule(builtin("pending_reminder"));
  const auto customer = answered_chat(w, 9);
  w.tick();
  w.clock.now += 24 * kHour;
  // The customer's message is stored but the engine runs the due job before reading the log:
  // the condition `waiting_on: customer` is checked again and fails.
  w.db.exec(
      "INSERT INTO messages(conversation_id, seq, author_kind, author_id, client_id, body, "
      "created_at) VALUES (9, 99, 'customer', 1, 'late', 'hi', 0)");
  w.engine.run_due();
  CHECK(w.text("SELECT reason FROM care_jobs") == "condition:waiting_on");
  CHECK(w.count("SELECT COUNT(*) FROM care_messages") == 0);
  (void)customer;
}

TEST_CASE("supervisors are warned at 80 percent of the first-response target, unanswered only") {
  CareWorld w(with_targets());
  w.rule(builtin("sla_warning"));
  const auto customer = w.directory.create_customer("Li", "Na", w.clock.now);
  w.conversation(21, customer, "queued", "ticket");
  w.conversation(22, customer, "queued", "ticket");
  w.log_event("conversation_opened", customer, 21);
  w.log_event("conversation_opened", customer, 22);
  w.tick();
  CHECK(w.count("SELECT COUNT(*) FROM care_jobs WHERE due_at = " +
                std::to_string(kStart + 8 * kHour)) == 2);
  w.pass(2 * kHour);
  w.conversation(22, customer, "assigned", "ticket");
  w.message(22, customer, "agent");  // answered in time
  w.pass(6 * kHour - kHour);
  CHECK(w.notices.empty());
  w.pass(kHour);
  REQUIRE(w.notices.size() == 1);
  CHECK(w.notices[0] == "Li Na has waited for a first answer for most of the target time.");
  CHECK(w.text("SELECT reason FROM care_jobs WHERE conversation_id = 22") ==
        "condition:waiting_on");

  // A chat's target is 20 s: warned at 16 s.
  w.conversation(23, customer, "queued", "chat");
  w.log_event("conversation_opened", customer, 23);
  w.tick();
  w.clock.now += 15'000;
  w.tick();
  CHECK(w.notices.size() == 1);
  w.clock.now += 1'000;
  w.tick();
  CHECK(w.notices.size() == 2);
}

TEST_CASE("a reply that reopens a resolved conversation is told to the supervisors") {
  CareWorld w;
  w.rule(builtin("reopened_on_reply"));
  const auto customer = w.directory.create_customer("Mei", "Chen", w.clock.now);
  w.conversation(31, customer, "queued");
  w.log_event("conversation_reopened", customer, 31);
  w.tick();
  REQUIRE(w.notices.size() == 1);
  CHECK(w.notices[0] == "Mei Chen replied to a resolved conversation: it is back in the queue.");
}

TEST_CASE("a segment change triggers its rules once per change") {
  CareWorld w;
  Rule r = tag_rule("segment_changed", "slipping");
  r.conditions.segments = {"at_risk"};
  w.rule(r);
  const auto customer = w.order("5001", "c50", "paid", "fulfilled", true);
  w.db.exec("UPDATE customers SET segment = 'active' WHERE id = " + std::to_string(customer));
  // The first look remembers the segment without reporting a change.
  CHECK(w.engine.on_segment_changes(w.feed.segment_changes(w.clock.now)) == 0);
  w.engine.run_due();
  CHECK(w.count("SELECT COUNT(*) FROM customer_tags WHERE tag = 'slipping'") == 0);
  w.clock.now += kHour;
  w.db.exec("UPDATE customers SET segment = 'at_risk' WHERE id = " + std::to_string(customer));
  CHECK(w.engine.on_segment_changes(w.feed.segment_changes(w.clock.now)) == 1);
  w.engine.run_due();
  CHECK(w.count("SELECT COUNT(*) FROM customer_tags WHERE tag = 'slipping'") == 1);
  w.clock.now += kHour;
  CHECK(w.feed.segment_changes(w.clock.now).empty());
  // To lost: a change, but the condition wants at_risk.
  w.db.exec("UPDATE customers SET segment = 'lost' WHERE id = " + std::to_string(customer));
  CHECK(w.engine.on_segment_changes(w.feed.segment_changes(w.clock.now)) == 0);
}

TEST_CASE(
    "a widget message is written in the customer's language, shown once, never after opt-out") {
  CareWorld w;
  Rule r = task_rule("order_delivered", 0);
  r.actions[0].type = "customer_message";
  r.actions[0].text = {{"en", "Thanks for {order}"}, {"zh-CN", "感谢您购买{order}"}};
  w.rule(r);
  const auto zh = w.order("6001", "c60", "paid", "", false);
  w.db.exec("INSERT INTO care_preferences(customer_id, locale, updated_at) VALUES (" +
            std::to_string(zh) + ", 'zh-CN', 0)");
  w.order("6001", "c60", "paid", "fulfilled", true);
  w.tick();
  const auto shown = w.messages.take_waiting(zh, w.clock.now);
  REQUIRE(shown.size() == 1);
  CHECK(shown[0].text == "感谢您购买#6001");
  CHECK(w.messages.take_waiting(zh, w.clock.now).empty());
  CHECK(w.count("SELECT COUNT(*) FROM care_messages WHERE shown_at IS NOT NULL") == 1);
  // A message is a care contact: opt-out stops it, the weekly cap counts it.
  const auto out = w.order("6002", "c61", "paid", "", false);
  w.db.exec("INSERT INTO care_preferences(customer_id, opted_out, updated_at) VALUES (" +
            std::to_string(out) + ", 1, 0)");
  w.order("6002", "c61", "paid", "fulfilled", true);
  w.tick();
  CHECK(w.text("SELECT reason FROM care_jobs ORDER BY id DESC LIMIT 1") == "opted_out");
  w.order("6003", "c60", "paid", "fulfilled", true);
  w.tick();
  CHECK(w.text("SELECT reason FROM care_jobs ORDER BY id DESC LIMIT 1") == "contact_cap");
  CHECK(w.count("SELECT COUNT(*) FROM care_messages") == 1);
  // Erasure deletes the customer's messages.
  w.engine.on_event(CareEvent{"customer_erased", zh, std::nullopt, std::nullopt, w.clock.now});
  CHECK(w.count("SELECT COUNT(*) FROM care_messages") == 0);
}

TEST_CASE("a rule moves a conversation to a queue and sends the shop a webhook") {
  CareWorld w;
  Rule r = tag_rule("conversation_created", "unused");
  Action queue;
  queue.type = "assign_queue";
  queue.queue = "vip";
  Action hook;
  hook.type = "webhook";
  r.actions = {queue, hook};
  r.name = "VIP desk";
  const auto rule = w.rule(r);
  const auto customer = w.directory.create_customer("Ann", "Lee", w.clock.now);
  w.conversation(41, customer, "queued");
  w.log_event("conversation_opened", customer, 41);
  w.tick();
  CHECK(w.queued_to == std::vector<std::pair<std::int64_t, std::string>>{{41, "vip"}});
  REQUIRE(w.count("SELECT COUNT(*) FROM events WHERE type = 'care_webhook'") == 1);
  CHECK(w.text("SELECT data FROM events WHERE type = 'care_webhook'") ==
        "{\"rule_id\":" + std::to_string(rule) +
            ",\"job_id\":1,\"trigger\":\"conversation_created\",\"rule\":\"VIP desk\","
            "\"order_id\":null}");
  CHECK(kefu::webhooks::webhook_type_for_log("care_webhook") == "care.action");
  CHECK(kefu::webhooks::is_webhook_event_type("care.action"));
  // Not queued again, whatever is replayed.
  w.log_event("conversation_opened", customer, 41);
  w.tick();
  CHECK(w.queued_to.size() == 1);
  CHECK(w.count("SELECT COUNT(*) FROM events WHERE type = 'care_webhook'") == 1);
}

TEST_CASE(
    "a rule sets a conversation's priority when it falls due, if the conversation still waits") {
  CareWorld w;
  Rule r = tag_rule("conversation_created", "unused");
  r.name = "Escalate slow chats";
  r.delay_minutes = 10;
  r.caps.quiet_hours = false;
  r.conditions.conversation_statuses = {"queued", "assigned"};
  Action raise;
  raise.type = "set_priority";
  raise.priority = "vip";
  r.actions = {raise};
  const auto rule = w.rule(r);
  const auto customer = w.directory.create_customer("Ann", "Lee", w.clock.now);
  w.conversation(41, customer, "queued");
  w.conversation(42, customer, "queued");
  w.log_event("conversation_opened", customer, 41);
  w.log_event("conversation_opened", customer, 42);
  w.tick();
  CHECK(w.prioritised.empty());  // due in 10 minutes
  w.clock.now += 9 * kMinute;
  w.tick();
  CHECK(w.prioritised.empty());
  // Conversation 42 is resolved before its job falls due: the condition, checked again, fails.
  w.conversation(42, customer, "resolved");
  w.clock.now += kMinute;
  w.tick();
  CHECK(w.prioritised == std::vector<std::pair<std::int64_t, std::string>>{{41, "vip"}});
  CHECK(w.count("SELECT COUNT(*) FROM events WHERE type = 'care_action' AND data LIKE "
                "'%\"action\":\"set_priority\"%\"priority\":\"vip\"%'") == 1);
  CHECK(w.count("SELECT COUNT(*) FROM care_jobs WHERE rule_id = " + std::to_string(rule) +
                " AND status = 'skipped'") == 1);
  // Not a care contact: no task, no message, nothing counted against the customer's cap.
  CHECK(w.count("SELECT COUNT(*) FROM care_tasks") == 0);
  CHECK(w.count("SELECT COUNT(*) FROM care_messages") == 0);
  // Done once: a replayed event and a later tick do it again for nobody.
  w.log_event("conversation_opened", customer, 41);
  w.clock.now += kHour;
  w.tick();
  CHECK(w.prioritised.size() == 1);
}

TEST_CASE("a business-time delay counts the hours of the rule's team from the hours book") {
  kefu::admin::BusinessHoursBook book;
  kefu::admin::TeamHours hours;
  hours.team = "support";
  hours.time_zone = "UTC";
  for (int day = 1; day <= 5; ++day) hours.week[day] = {{9 * 60, 18 * 60}};
  hours.holidays = {kefu::metrics::LocalDate{2026, 11, 9}};  // the Monday after
  book.set(hours);
  CareSettings settings = test_settings();
  settings.quiet_start_minute = settings.quiet_end_minute = 0;
  settings.team_calendar = [&book](const std::string& team) { return book.calendar(team); };
  CareWorld w(settings);
  Rule support = task_rule("order_paid", 120);
  support.business_time = true;
  support.actions[0].team = "support";
  support.caps.contact_cap = false;
  w.rule(support);
  Rule anyone = support;
  anyone.actions[0].team = "billing";  // no hours set: always open
  w.rule(anyone);
  w.clock.now = kStart + 4 * kDay + 7 * kHour;  // Friday 17:00 UTC
  const auto customer = w.order("7001", "c70", "paid", "", false);
  w.tick();
  // Support: one open hour on Friday, the Monday is a holiday, the second hour Tuesday 09:00.
  CHECK(w.integer("SELECT due_at FROM care_jobs WHERE rule_id = 1") == kStart + 8 * kDay);
  CHECK(w.integer("SELECT due_at FROM care_jobs WHERE rule_id = 2") == w.clock.now + 2 * kHour);
  (void)customer;
}
