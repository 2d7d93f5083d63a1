// A rule's reach against its holdout (CareOutcomes, rule_outcome_json) over a fixture whose
// numbers are worked out by hand below.
#include <boost/json.hpp>
#include <catch2/catch.hpp>

#include "server/care/rule_outcome_json.hpp"
#include "server/care/sqlite_care_outcomes.hpp"
#include "tests/care_test_support.hpp"

using namespace kefu::care;
using namespace kefu::care::testing;
namespace json = boost::json;

namespace {

// A finished job of `rule` for `customer` (status done, or skipped with `reason`).
void job(CareWorld& w, std::int64_t rule, std::int64_t customer, const std::string& status,
         const std::string& reason, std::int64_t finished_at) {
  static int n = 0;
  kefu::sql::Statement s(
      w.db,
      "INSERT INTO care_jobs(rule_id, idempotency_key, customer_id, trigger_type, "
      "triggered_at, due_at, status, reason, finished_at) VALUES (?, ?, ?, "
      "'order_delivered', ?, ?, ?, ?, ?)");
  s.bind(1, rule);
  s.bind(2, "fixture:" + std::to_string(++n));
  s.bind(3, customer);
  s.bind(4, finished_at);
  s.bind(5, finished_at);
  s.bind(6, status);
  s.bind(7, reason);
  s.bind(8, finished_at);
  s.exec();
}

void rating(CareWorld& w, std::int64_t customer, int stars, std::int64_t at) {
  kefu::sql::Statement s(w.db,
                         "INSERT INTO events(at, type, customer_id, conversation_id, data) VALUES "
                         "(?, 'survey_submitted', ?, 1, ?)");
  s.bind(1, at);
  s.bind(2, customer);
  s.bind(3, "{\"rating\":" + std::to_string(stars) + "}");
  s.exec();
}

void reply(CareWorld& w, std::int64_t customer, std::int64_t at) {
  const auto now = w.clock.now;
  w.clock.now = at;
  w.log_event("message_received", customer, 1);
  w.clock.now = now;
}

}  // namespace

TEST_CASE("reach, reply, repurchase and CSAT are measured against the holdout") {
  CareWorld w;
  Rule r = task_rule("order_delivered", 0);
  r.goal = Goal{"repurchase", 30, 50};
  const auto rule = w.rule(r);
  const std::int64_t t0 = kStart + 100 * kDay;
  const std::int64_t before = kStart;  // everyone's first order, long before the jobs
  auto customer = [&](const std::string& shop) {
    return w.order("o-" + shop, shop, "paid", "fulfilled", true, 9600, before);
  };
  const auto a = customer("a"), b = customer("b"), c = customer("c"), d = customer("d");
  const auto e = customer("e"), f = customer("f"), g = customer("g"), old = customer("old");
  w.clock.now = t0 + 60 * kDay;
  for (auto who : {a, b, c, d}) job(w, rule, who, "done", "", t0);
  job(w, rule, e, "skipped", "holdout", t0);
  job(w, rule, f, "skipped", "holdout", t0);
  job(w, rule, g, "skipped", "contact_cap", t0);   // neither group
  job(w, rule, old, "done", "", t0 - 100 * kDay);  // before `since`
  job(w, rule, a, "done", "", t0 + kDay);          // A reached twice
  // A: replies a day later, rates 5 after two, orders again after ten.
  reply(w, a, t0 + kDay);
  rating(w, a, 5, t0 + 2 * kDay);
  w.order("a-2", "a", "paid", "", false, 9600, t0 + 10 * kDay);
  // B: rates 2 after three days; orders after 40 days (outside the 30-day window).
  rating(w, b, 2, t0 + 3 * kDay);
  w.order("b-2", "b", "paid", "", false, 9600, t0 + 40 * kDay);
  // C: wrote an hour before the job only.
  reply(w, c, t0 - kHour);
  // D: nothing.  E (holdout): orders after five days.  F (holdout): replies after 29 days.
  w.order("e-2", "e", "paid", "", false, 9600, t0 + 5 * kDay);
  reply(w, f, t0 + 29 * kDay);
  // G and the old job's customer act too, but are not counted.
  reply(w, g, t0 + kDay);
  w.order("old-2", "old", "paid", "", false, 9600, t0 + kDay);

  SqliteCareOutcomes outcomes(w.db);
  const RuleOutcome o = outcomes.measure(rule, 30 * kDay, t0 - kDay);
  // Reached: A twice (t0 and t0+1d: both windows hold A's order at t0+10d and rating at
  // t0+2d; the reply at t0+1d is after the first job only, not after the second, which ended
  // at the same instant), B, C, D.
  CHECK(o.reached.jobs == 5);
  CHECK(o.reached.customers == 4);
  CHECK(o.reached.replied == 1);
  CHECK(o.reached.repurchased == 2);
  CHECK(o.reached.rated == 3);  // A twice (5), B (2)
  CHECK(o.reached.satisfied == 2);
  CHECK(o.holdout.jobs == 2);
  CHECK(o.holdout.customers == 2);
  CHECK(o.holdout.replied == 1);
  CHECK(o.holdout.repurchased == 1);
  CHECK(o.holdout.rated == 0);

  Rule stored = *w.rules.find(rule);
  const json::object out = rule_outcome_json(stored, o);
  CHECK(out.at("reached").at("reply_rate").as_double() == Approx(0.2));
  CHECK(out.at("reached").at("repurchase_rate").as_double() == Approx(0.4));
  CHECK(out.at("reached").at("csat").as_double() == Approx(0.667));
  CHECK(out.at("holdout").at("repurchase_rate").as_double() == Approx(0.5));
  CHECK(out.at("holdout").at("csat").is_null());
  // The goal is repurchase: 0.4 reached against 0.5 held out.
  CHECK(out.at("lift").as_double() == Approx(-0.1));

  // A rule without jobs: empty groups, no rates, no lift.
  const json::object none = rule_outcome_json(stored, RuleOutcome{});
  CHECK(none.at("reached").at("reply_rate").is_null());
  CHECK(none.at("lift").is_null());
}
