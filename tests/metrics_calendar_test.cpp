#include <catch2/catch.hpp>
#include <thread>
#include <vector>

#include "server/metrics/business_calendar.hpp"
#include "tests/metrics_test_support.hpp"

namespace kefu::metrics {
namespace {

using test::kHour;
using test::kMinute;
using test::utc;

BusinessCalendar berlin_office() {
  BusinessCalendar c("Europe/Berlin");  // Monday to Friday 09:00-18:00 by default
  return c;
}

}  // namespace

TEST_CASE("business time inside one working day", "[metrics][calendar]") {
  BusinessCalendar c = berlin_office();
  // Wednesday 4 March 2026, CET (UTC+1): 09:00 local is 08:00 UTC.
  CHECK(c.business_ms(utc(2026, 3, 4, 7, 0), utc(2026, 3, 4, 9, 30)) == 90 * kMinute);
  CHECK(c.business_ms(utc(2026, 3, 4, 8, 0), utc(2026, 3, 4, 17, 0)) == 9 * kHour);
  CHECK(c.business_ms(utc(2026, 3, 4, 17, 0), utc(2026, 3, 4, 8, 0)) == 0);
}

TEST_CASE("business time skips nights and weekends", "[metrics][calendar]") {
  BusinessCalendar c = berlin_office();
  // Friday 6 March 17:00 UTC (18:00 local, closing) to Monday 9 March 09:00 UTC (10:00 local).
  CHECK(c.business_ms(utc(2026, 3, 6, 16, 0), utc(2026, 3, 9, 9, 0)) == 2 * kHour);
}

TEST_CASE("business hours follow the wall clock across daylight-saving changes",
          "[metrics][calendar]") {
  BusinessCalendar c("Europe/Berlin");
  for (int day = 0; day < 7; ++day) c.set_hours(day, {{0, 24 * 60}});
  // Sunday 29 March 2026 has 23 hours in Berlin, Sunday 25 October 2026 has 25.
  CHECK(c.business_ms(utc(2026, 3, 28, 23, 0), utc(2026, 3, 29, 22, 0)) == 23 * kHour);
  CHECK(c.business_ms(utc(2026, 10, 24, 22, 0), utc(2026, 10, 25, 23, 0)) == 25 * kHour);
  CHECK(c.day_start(utc(2026, 10, 25, 12, 0)) == utc(2026, 10, 24, 22, 0));
  CHECK(c.next_day_start(utc(2026, 10, 25, 12, 0)) == utc(2026, 10, 25, 23, 0));

  // An office open 09:00-18:00 local opens at 08:00 UTC before the change and 07:00 after.
  BusinessCalendar office("America/New_York");
  // Friday 6 March 2026 EST (UTC-5); Monday 9 March EDT (UTC-4), after the 8 March change.
  CHECK(office.business_ms(utc(2026, 3, 6, 13, 0), utc(2026, 3, 6, 15, 0)) == 1 * kHour);
  CHECK(office.business_ms(utc(2026, 3, 9, 13, 0), utc(2026, 3, 9, 15, 0)) == 2 * kHour);
  // From Friday 12:00 local to Monday 12:00 local: 6 h + 3 h, whatever the clocks did.
  CHECK(office.business_ms(utc(2026, 3, 6, 17, 0), utc(2026, 3, 9, 16, 0)) == 9 * kHour);
}

TEST_CASE("holidays are closed all day, in the team's zone", "[metrics][calendar]") {
  BusinessCalendar c("Asia/Shanghai");  // UTC+8, no daylight saving
  c.add_holiday({2026, 10, 1});         // National Day, a Thursday
  // Wednesday 30 Sep 09:00 local (01:00 UTC) to Friday 2 Oct 18:00 local (10:00 UTC).
  CHECK(c.business_ms(utc(2026, 9, 30, 1, 0), utc(2026, 10, 2, 10, 0)) == 18 * kHour);
  CHECK(c.local_date(utc(2026, 9, 30, 16, 30)).day == 1);  // 00:30 on 1 Oct in Shanghai
}

TEST_CASE("bad calendar settings are rejected and change nothing", "[metrics][calendar]") {
  CHECK_THROWS_AS(BusinessCalendar("Mars/Olympus_Mons"), std::invalid_argument);
  BusinessCalendar c = berlin_office();
  const std::int64_t from = utc(2026, 3, 4, 0, 0);
  const std::int64_t to = utc(2026, 3, 5, 0, 0);
  CHECK_THROWS_AS(c.set_hours(7, {{0, 60}}), std::invalid_argument);
  CHECK_THROWS_AS(c.set_hours(3, {{600, 500}}), std::invalid_argument);
  CHECK_THROWS_AS(c.set_hours(3, {{0, 1441}}), std::invalid_argument);
  CHECK_THROWS_AS(c.set_hours(3, {{0, 600}, {500, 700}}), std::invalid_argument);
  CHECK_THROWS_AS(c.add_holiday({2026, 2, 30}), std::invalid_argument);
  CHECK_THROWS_AS(c.add_holiday({2026, 13, 1}), std::invalid_argument);
  CHECK(c.business_ms(from, to) == 9 * kHour);
}

TEST_CASE("split shifts and a copy keep their own settings", "[metrics][calendar]") {
  BusinessCalendar c("UTC");
  c.set_hours(3, {{13 * 60, 17 * 60}, {8 * 60, 12 * 60}});
  BusinessCalendar copy = c;
  copy.set_hours(3, {});
  CHECK(c.business_ms(utc(2026, 3, 4, 0, 0), utc(2026, 3, 5, 0, 0)) == 8 * kHour);
  CHECK(copy.business_ms(utc(2026, 3, 4, 0, 0), utc(2026, 3, 5, 0, 0)) == 0);
}

TEST_CASE("one calendar serves several threads", "[metrics][calendar]") {
  const BusinessCalendar c("Europe/Berlin");
  const std::int64_t start = utc(2026, 1, 1, 0, 0);
  auto work = [&c, start](std::vector<std::int64_t>& out) {
    for (int day = 0; day < 400; ++day) {
      out.push_back(c.business_ms(start + day * 24 * kHour + 7 * kHour,
                                  start + (day + 3) * 24 * kHour + 11 * kHour));
    }
  };
  std::vector<std::int64_t> expected, a, b;
  work(expected);
  {
    std::jthread first(work, std::ref(a));
    std::jthread second(work, std::ref(b));
  }
  CHECK(a == expected);
  CHECK(b == expected);
}

}  // namespace kefu::metrics
