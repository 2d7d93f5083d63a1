// The routing simulator's per-contact outcomes, turned into events and fed through the KPI
// engine, give the simulator's own service level and average speed of answer.

#include <catch2/catch.hpp>

#include "server/metrics/contact_outcome.hpp"
#include "server/metrics/history_report.hpp"
#include "server/metrics/live_aggregator.hpp"
#include "server/metrics/rollup_writer.hpp"
#include "tests/metrics_test_support.hpp"

namespace kefu::metrics {
namespace {

using test::kSecond;

// A small deterministic queue: Poisson-ish arrivals, three agents, patience per contact.
std::vector<ContactOutcome> simulate(int contacts, std::int64_t start) {
  std::uint64_t seed = 12345;
  auto next = [&seed](std::int64_t bound) {
    seed = seed * 6364136223846793005ULL + 1442695040888963407ULL;
    return static_cast<std::int64_t>((seed >> 33) % static_cast<std::uint64_t>(bound));
  };
  std::vector<std::int64_t> agent_free(3, start);
  std::vector<ContactOutcome> out;
  std::int64_t now = start;
  for (int i = 1; i <= contacts; ++i) {
    now += next(40 * kSecond);
    ContactOutcome o;
    o.contact_id = i;
    o.queue = i % 3 == 0 ? "billing" : "general";
    o.arrival = now;
    auto agent = std::min_element(agent_free.begin(), agent_free.end());
    std::int64_t answer = std::max(now, *agent);
    std::int64_t patience = 5 * kSecond + next(60 * kSecond);
    if (answer - now > patience) {
      o.abandoned_at = now + patience;
    } else {
      o.answered_at = answer;
      o.end = answer + 30 * kSecond + next(150 * kSecond);
      o.agent_id = 1 + (agent - agent_free.begin());
      *agent = *o.end;
    }
    out.push_back(o);
  }
  return out;
}

}  // namespace

TEST_CASE("simulated contacts give the simulator's service level and speed of answer",
          "[metrics]") {
  const std::int64_t start = test::utc(2026, 6, 1, 8, 0);
  std::vector<ContactOutcome> outcomes = simulate(2000, start);
  // The simulator's own count, straight from the outcomes.
  int answered = 0, within = 0, abandoned_after = 0, abandoned = 0;
  std::int64_t wait_sum = 0;
  for (const auto& o : outcomes) {
    if (o.answered_at) {
      ++answered;
      wait_sum += *o.answered_at - o.arrival;
      if (*o.answered_at - o.arrival <= 20 * kSecond) ++within;
    } else {
      ++abandoned;
      if (*o.abandoned_at - o.arrival > 20 * kSecond) ++abandoned_after;
    }
  }
  REQUIRE(abandoned > 10);
  REQUIRE(abandoned_after > 0);
  REQUIRE(within < answered);
  const double service_level = static_cast<double>(within) / (answered + abandoned_after);
  const double speed_of_answer = static_cast<double>(wait_sum) / answered;

  MetricsConfig config;
  std::vector<Event> events = events_from_outcomes(outcomes);
  LiveAggregator live(config);
  for (const Event& e : events) live.apply(e);
  auto today = live.today(events.back().at).total.kpis();
  CHECK(today.at("service_level").as_double() == Approx(service_level).epsilon(1e-12));
  CHECK(today.at("queue_wait_ms").as_double() == Approx(speed_of_answer).epsilon(1e-12));
  CHECK(today.at("abandonment_rate").as_double() ==
        Approx(static_cast<double>(abandoned) / outcomes.size()));

  test::MetricsDatabase db;
  test::create_events_table(db);
  test::append_events(db, events);
  RollupWriter writer(db, config);
  writer.catch_up();
  auto history = HistoryReport(db, config).run(start, events.back().at + 1).total.kpis();
  CHECK(history.at("service_level").as_double() == Approx(service_level).epsilon(1e-12));
  CHECK(history.at("queue_wait_ms").as_double() == Approx(speed_of_answer).epsilon(1e-12));
}

TEST_CASE("inconsistent outcomes are refused", "[metrics]") {
  ContactOutcome both{1, "general", "chat", 1000, 2000, 3000, 4000, 1};
  ContactOutcome backwards{1, "general", "chat", 5000, 2000, {}, 6000, 1};
  ContactOutcome no_agent{1, "general", "chat", 1000, 2000, {}, 4000, 0};
  ContactOutcome ok{1, "general", "chat", 1000, 2000, {}, 4000, 1};
  for (const auto& o : {both, backwards, no_agent}) {
    CHECK_THROWS_AS(events_from_outcomes({o}), std::invalid_argument);
  }
  CHECK_THROWS_AS(events_from_outcomes({ok, ok}), std::invalid_argument);
  CHECK(events_from_outcomes({ok}).size() == 7);  // online, 3 at arrival, assign, resolve, offline
}

}  // namespace kefu::metrics
