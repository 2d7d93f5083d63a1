#include <boost/json.hpp>
#include <catch2/catch.hpp>

#include "server/admin/business_hours_book.hpp"
#include "server/admin/setup_errors.hpp"
#include "server/admin/team_hours.hpp"

// A team's business hours as the admin enters them: the JSON rules with their typed errors, and
// the calendar they make (Chinese holidays closed, make-up working days open with Monday's
// hours), in the team's ICU time zone.

namespace json = boost::json;
using kefu::admin::SetupInputError;

namespace {

json::object week_9_to_6() {
  json::object week;
  for (const char* day : {"mon", "tue", "wed", "thu", "fri"}) {
    week[day] = json::array{json::array{"09:00", "18:00"}};
  }
  return week;
}

std::string refusal(const json::object& body) {
  try {
    kefu::admin::read_hours("care", body);
  } catch (const SetupInputError& e) {
    return e.code;
  }
  return "accepted";
}

// 2026-09-28 is a Monday; Asia/Shanghai is UTC+8 all year.
constexpr std::int64_t kHour = 3600 * 1000;
constexpr std::int64_t kMonday0928 = 1790524800000;  // 2026-09-28 00:00 +08:00

}  // namespace

TEST_CASE("business hours refuse a bad zone, time, overlap or date with its code") {
  json::object good{{"time_zone", "Asia/Shanghai"}, {"week", week_9_to_6()}};
  CHECK(refusal(good) == "accepted");
  auto with = [&](const char* key, json::value v) {
    json::object o = good;
    o[key] = std::move(v);
    return o;
  };
  CHECK(refusal(with("time_zone", "Mars/Olympus")) == "bad_time_zone");
  CHECK(refusal(with("week", json::object{{"mon", json::array{json::array{"9am", "18:00"}}}})) ==
        "bad_hours");
  CHECK(refusal(with("week", json::object{{"mon", json::array{json::array{"18:00", "09:00"}}}})) ==
        "bad_hours");
  CHECK(refusal(with("week", json::object{{"mon", json::array{json::array{"09:00", "13:00"},
                                                              json::array{"12:00", "18:00"}}}})) ==
        "overlapping_hours");
  CHECK(refusal(with("week", json::object{{"monday", json::array{}}})) == "bad_request");
  CHECK(refusal(with("holidays", json::array{"2026-02-30"})) == "bad_date");
  CHECK(refusal(with("holidays", json::array{"1/10/2026"})) == "bad_date");
  CHECK(refusal(with("closed", true)) == "bad_request");
}

TEST_CASE("a holiday closes a weekday and a make-up working day opens a Sunday") {
  json::object body{{"time_zone", "Asia/Shanghai"},
                    {"week", week_9_to_6()},
                    {"holidays", json::array{"2026-10-01", "2026-10-02", "2026-10-01"}},
                    {"working_days", json::array{"2026-09-27"}}};
  const auto hours = kefu::admin::read_hours("care", body);
  CHECK(hours.holidays.size() == 2);  // deduped
  const auto calendar = kefu::admin::calendar_of(hours);
  const std::int64_t sunday = kMonday0928 - 24 * kHour;  // 2026-09-27, a make-up working day
  CHECK(calendar.business_ms(sunday, sunday + 24 * kHour) == 9 * kHour);
  const std::int64_t thursday = kMonday0928 + 3 * 24 * kHour;  // 2026-10-01, National Day
  CHECK(calendar.business_ms(thursday, thursday + 24 * kHour) == 0);
  // From the evening before the holidays: Thursday and Friday are holidays, the weekend is
  // closed, so the next opening is Monday 10-05 at 09:00.
  CHECK(calendar.next_open(thursday - 2 * kHour) == kMonday0928 + 7 * 24 * kHour + 9 * kHour);
  // Open now: next_open is now.
  CHECK(calendar.next_open(kMonday0928 + 10 * kHour) == kMonday0928 + 10 * kHour);

  // Round trip through JSON, and the live book.
  CHECK(kefu::admin::hours_json(kefu::admin::read_hours("care", kefu::admin::hours_json(hours))) ==
        kefu::admin::hours_json(hours));
  kefu::admin::BusinessHoursBook book;
  CHECK(book.calendar("care")->business_ms(0, kHour) == kHour);  // no hours: always open
  book.set(hours);
  CHECK(book.calendar("care")->business_ms(thursday, thursday + 24 * kHour) == 0);
}
