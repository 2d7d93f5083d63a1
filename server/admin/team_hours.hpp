#pragma once

#include <array>
#include <boost/json/object.hpp>
#include <string>
#include <vector>

#include "server/metrics/business_calendar.hpp"

namespace kefu::admin {

// A team's business hours as the admin sets them (docs/protocol.md, "Admin: business hours"):
// a weekly schedule in an ICU time zone, holidays (closed all day) and make-up working days
// (open with Monday's hours whatever their weekday: China's 调休).
struct TeamHours {
  std::string team;
  std::string time_zone = "Asia/Shanghai";
  std::array<std::vector<metrics::OpeningHours>, 7> week;  // 0 = Sunday ... 6 = Saturday
  std::vector<metrics::LocalDate> holidays;                // ascending
  std::vector<metrics::LocalDate> working_days;            // ascending
};

// {"time_zone","week":{"sun":[["09:00","18:00"]],...,"sat":[]},"holidays":["2026-10-01"],
//  "working_days":["2026-09-27"]}
boost::json::object hours_json(const TeamHours& hours);

// Reads and checks hours for `team`, throwing SetupInputError: bad_request (shape, unknown
// field), bad_time_zone (ICU does not know it), bad_hours (not HH:MM, or close <= open),
// overlapping_hours, bad_date (not a YYYY-MM-DD calendar date). Dates are sorted and deduped.
TeamHours read_hours(const std::string& team, const boost::json::object& body);

// The calendar that counts these hours (for the widget's closed state and SLA clocks).
metrics::BusinessCalendar calendar_of(const TeamHours& hours);

}  // namespace kefu::admin
