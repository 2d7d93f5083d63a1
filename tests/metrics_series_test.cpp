// The KPIs of the fixture day per hour and per local day (charts): each bucket is the history
// of its own period, the buckets add up to the day, and the day that ends summer time has 25
// hourly buckets.

#include <catch2/catch.hpp>

#include "server/metrics/kpi_series.hpp"
#include "server/metrics/rollup_writer.hpp"
#include "tests/metrics_fixture_day.hpp"
#include "tests/metrics_test_support.hpp"

namespace kefu::metrics {
namespace {

using namespace fixture;

TEST_CASE("hourly and daily series of the fixture day add up to the day", "[metrics]") {
  MetricsConfig config = fixture_config();
  test::MetricsDatabase db;
  test::create_events_table(db);
  std::vector<Event> events = fixture_day();
  test::append_events(db, events);
  RollupWriter(db, config).catch_up();
  HistoryReport report(db, config);
  const KpiBreakdown day = report.run(kDayStart, kDayEnd);

  const auto hours = kpi_series(report, config, kDayStart, kDayEnd, "hour");
  REQUIRE(hours.size() == 25);  // 25 Oct 2026 in Berlin: summer time ends
  KpiTotals summed;
  for (const auto& b : hours) {
    CHECK(b.to - b.from == kHour);
    summed.add(b.kpis.total);
  }
  CHECK(summed.get(KpiTotals::answered) == day.total.get(KpiTotals::answered));
  CHECK(summed.get(KpiTotals::handle_ms) == day.total.get(KpiTotals::handle_ms));
  CHECK(summed.get(KpiTotals::staffed_ms) == day.total.get(KpiTotals::staffed_ms));
  // 08:00 UTC (09:00 CET): C3 answered within 15 s.
  const auto& eight = hours[10];
  CHECK(eight.from == t(8, 0));
  CHECK(eight.kpis.total.get(KpiTotals::answered) == 1);

  // Days: the day before (from its 22:00 UTC start), the fixture day (25 h), the next morning.
  const auto days = kpi_series(report, config, kDayStart - 2 * kHour, kDayEnd + kHour, "day");
  REQUIRE(days.size() == 3);
  CHECK(days[0].to == kDayStart);
  CHECK(days[1].from == kDayStart);
  CHECK(days[1].to == kDayEnd);
  CHECK(days[1].kpis == day);
  CHECK(days[2].from == kDayEnd);

  const boost::json::object json = series_json(days, kDayStart - 2 * kHour, kDayEnd + kHour, "day");
  const auto& second = json.at("buckets").as_array().at(1).as_object();
  CHECK(second.at("total").at("answered").as_int64() == 5);
  CHECK(second.at("queues").at("billing").at("csat").as_double() == Approx(1.0));
  CHECK(second.at("agents").at("3").at("handle_time_ms").as_double() == Approx(660'000));
  CHECK_THROWS_AS(kpi_series(report, config, kDayEnd, kDayStart, "day"), std::invalid_argument);
  CHECK_THROWS_AS(kpi_series(report, config, kDayStart, kDayEnd, "week"), std::invalid_argument);
}

}  // namespace
}  // namespace kefu::metrics
