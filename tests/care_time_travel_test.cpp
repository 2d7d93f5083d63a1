// One customer's 120 days with the built-in care rules on (issue 23): deliveries, a refund, a
// new order, a quiet spell, an opt-out, and a second customer erased. Exactly the expected care
// tasks come, on the right days, never in the customer's night, and none after the opt-out or
// the erasure.
#include <catch2/catch.hpp>

#include "server/care/builtin_rules.hpp"
#include "tests/care_test_support.hpp"

using namespace kefu::care;
using namespace kefu::care::testing;

namespace {

// Moves the clock to `when` an hour at a time, each hour a turn of the server's care loop
// (feed, due jobs) and of the schedule rules.
void until(CareWorld& w, std::int64_t when) {
  while (w.clock.now < when) {
    w.clock.now = std::min(when, w.clock.now + kHour);
    w.tick();
    w.engine.run_schedules();
  }
}

}  // namespace

TEST_CASE("120 days of one customer bring exactly the expected care tasks") {
  CareSettings settings;  // the shop's defaults: Asia/Shanghai, zh-CN, 7 days between contacts
  CareWorld w(settings);
  for (Rule rule : builtin_rules()) {
    rule.conditions.segments.clear();  // the churn watch for every segment in this story
    w.rule(rule);
  }
  // Day 0, 10:00 UTC (18:00 in Shanghai): order A delivered. Ann agreed to marketing.
  const auto ann = w.order("A", "ann", "paid", "fulfilled", true);
  w.db.exec(
      "INSERT INTO care_preferences(customer_id, time_zone, locale, marketing_consent, "
      "updated_at) VALUES (" +
      std::to_string(ann) + ", 'Asia/Shanghai', 'en', 1, 0)");
  until(w, kStart + kDay);
  w.order("B", "ann", "paid", "fulfilled", true);  // day 1: order B delivered ...
  until(w, kStart + 2 * kDay);
  w.order("B", "ann", "refunded", "fulfilled", true);  // ... and refunded the next day
  until(w, kStart + 40 * kDay + 5 * kHour);
  // Day 40, 23:00 in Shanghai: a new order C, delivered.
  w.order("C", "ann", "paid", "fulfilled", true);
  until(w, kStart + 50 * kDay);
  const auto bo = w.order("D", "bo", "paid", "fulfilled", true);  // another customer ...
  until(w, kStart + 51 * kDay);
  w.db.exec("UPDATE customers SET erased_at = " + std::to_string(w.clock.now) +
            " WHERE id = " + std::to_string(bo));  // ... erased a day later
  until(w, kStart + 72 * kDay);
  w.db.exec("UPDATE care_preferences SET opted_out = 1 WHERE customer_id = " +
            std::to_string(ann));  // Ann opts out on day 72
  until(w, kStart + 120 * kDay);

  // Thank-you A on day 3; satisfaction A on day 30; thank-you C on day 43 at 23:00 in Shanghai,
  // so the next morning at 08:00 (00:00 UTC); satisfaction C likewise on day 70.
  std::vector<std::int64_t> created;
  kefu::sql::Statement tasks(w.db, "SELECT created_at, customer_id FROM care_tasks ORDER BY id");
  while (tasks.step()) {
    CHECK(tasks.column(1).int64() == ann);
    created.push_back(tasks.column(0).int64());
  }
  CHECK(created == std::vector<std::int64_t>{kStart + 3 * kDay, kStart + 30 * kDay,
                                             kStart + 43 * kDay + 14 * kHour,
                                             kStart + 70 * kDay + 14 * kHour});
  const QuietHours quiet(21 * 60, 8 * 60);
  for (std::int64_t at : created) CHECK(quiet.allowed_from(at, "Asia/Shanghai") == at);

  auto reasons = [&](const std::string& where) {
    return w.joined("SELECT reason FROM care_jobs WHERE " + where + " ORDER BY id");
  };
  // Order B: its thank-you, satisfaction and cross-sell all ended by the refund.
  CHECK(reasons("order_id = (SELECT id FROM orders WHERE shop_order_id = 'B')") ==
        "cancelled_by:order_refunded,cancelled_by:order_refunded,cancelled_by:order_refunded");
  // Cross-sell A ended by the new order C; cross-sell C not due before day 130.
  CHECK(reasons("order_id = (SELECT id FROM orders WHERE shop_order_id = 'A') AND status <> "
                "'done'") == "cancelled_by:order_paid");
  CHECK(w.text("SELECT status FROM care_jobs WHERE idempotency_key LIKE '%:order:' || (SELECT id "
               "FROM orders WHERE shop_order_id = 'C') AND due_at > " +
               std::to_string(kStart + 120 * kDay)) == "pending");
  // The churn watch found Ann quiet on day 100, after her opt-out: skipped.
  CHECK(reasons("trigger_type = 'schedule'") == "opted_out");
  // Bo was erased before his thank-you was due: nothing reached him.
  CHECK(reasons("customer_id = " + std::to_string(bo)) == "erased,erased,erased");
  CHECK(w.count("SELECT COUNT(*) FROM care_jobs WHERE status = 'done'") == 4);
}
