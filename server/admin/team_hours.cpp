#include "server/admin/team_hours.hpp"

#include <algorithm>
#include <boost/json.hpp>
#include <cstdio>
#include <regex>
#include <tuple>

#include "server/admin/json_fields.hpp"
#include "server/admin/setup_errors.hpp"

namespace kefu::admin {
namespace json = boost::json;

namespace {

constexpr std::array<const char*, 7> kDays{"sun", "mon", "tue", "wed", "thu", "fri", "sat"};

std::string clock_text(int minute) {
  char text[32];
  std::snprintf(text, sizeof text, "%02d:%02d", minute / 60, minute % 60);
  return text;
}

std::string date_text(const metrics::LocalDate& d) {
  char text[48];
  std::snprintf(text, sizeof text, "%04d-%02d-%02d", d.year, d.month, d.day);
  return text;
}

int minute_of(const json::value& v) {
  static const std::regex rule("([01][0-9]|2[0-4]):([0-5][0-9])");
  std::smatch m;
  std::string text = v.is_string() ? std::string(v.get_string()) : std::string();
  if (!std::regex_match(text, m, rule)) {
    throw SetupInputError("bad_hours", "a time is HH:MM, 00:00 to 24:00");
  }
  const int minute = std::stoi(m[1]) * 60 + std::stoi(m[2]);
  if (minute > 24 * 60) throw SetupInputError("bad_hours", "a time is HH:MM, 00:00 to 24:00");
  return minute;
}

metrics::LocalDate date_of(const std::string& text) {
  static const std::regex rule("([0-9]{4})-([0-9]{2})-([0-9]{2})");
  std::smatch m;
  if (!std::regex_match(text, m, rule)) {
    throw SetupInputError("bad_date", "'" + text + "' is not a date like 2026-10-01");
  }
  return metrics::LocalDate{std::stoi(m[1]), std::stoi(m[2]), std::stoi(m[3])};
}

std::vector<metrics::LocalDate> dates_of(const json::object& body, std::string_view key) {
  std::vector<metrics::LocalDate> dates;
  for (const auto& text : fields::texts(body, key)) dates.push_back(date_of(text));
  auto order = [](const metrics::LocalDate& a, const metrics::LocalDate& b) {
    return std::tie(a.year, a.month, a.day) < std::tie(b.year, b.month, b.day);
  };
  auto same = [](const metrics::LocalDate& a, const metrics::LocalDate& b) {
    return a.year == b.year && a.month == b.month && a.day == b.day;
  };
  std::sort(dates.begin(), dates.end(), order);
  dates.erase(std::unique(dates.begin(), dates.end(), same), dates.end());
  return dates;
}

}  // namespace

json::object hours_json(const TeamHours& hours) {
  json::object week;
  for (std::size_t day = 0; day < 7; ++day) {
    json::array spans;
    for (const auto& s : hours.week[day]) {
      spans.push_back(json::array{json::string(clock_text(s.open_minute)),
                                  json::string(clock_text(s.close_minute))});
    }
    week[kDays[day]] = std::move(spans);
  }
  json::array holidays, working;
  for (const auto& d : hours.holidays) holidays.emplace_back(date_text(d));
  for (const auto& d : hours.working_days) working.emplace_back(date_text(d));
  return json::object{{"time_zone", hours.time_zone},
                      {"week", std::move(week)},
                      {"holidays", std::move(holidays)},
                      {"working_days", std::move(working)}};
}

TeamHours read_hours(const std::string& team, const json::object& body) {
  fields::only(body, {"time_zone", "week", "holidays", "working_days"});
  TeamHours hours;
  hours.team = team;
  hours.time_zone = fields::text(body, "time_zone", "Asia/Shanghai", 64);
  if (const json::value* week = body.if_contains("week")) {
    const json::object& days = fields::object(*week, "week");
    for (const auto& member : days) {
      const auto found = std::find(kDays.begin(), kDays.end(), member.key());
      if (found == kDays.end()) {
        throw SetupInputError("bad_request", "week's days are sun, mon, tue, wed, thu, fri, sat");
      }
      if (!member.value().is_array()) throw SetupInputError("bad_request", "a day is a list");
      auto& spans = hours.week[static_cast<std::size_t>(found - kDays.begin())];
      for (const auto& span : member.value().get_array()) {
        if (!span.is_array() || span.get_array().size() != 2) {
          throw SetupInputError("bad_request", "a span is [\"HH:MM\",\"HH:MM\"]");
        }
        const int open = minute_of(span.get_array()[0]);
        const int close = minute_of(span.get_array()[1]);
        if (close <= open) throw SetupInputError("bad_hours", "a span closes after it opens");
        spans.push_back(metrics::OpeningHours{open, close});
      }
      std::sort(spans.begin(), spans.end(),
                [](const auto& a, const auto& b) { return a.open_minute < b.open_minute; });
      for (std::size_t i = 1; i < spans.size(); ++i) {
        if (spans[i - 1].close_minute > spans[i].open_minute) {
          throw SetupInputError("overlapping_hours",
                                std::string("the hours of ") + member.key_c_str() + " overlap");
        }
      }
    }
  }
  hours.holidays = dates_of(body, "holidays");
  hours.working_days = dates_of(body, "working_days");
  if (hours.holidays.size() + hours.working_days.size() > 1000) {
    throw SetupInputError("bad_date", "at most 1000 special days");
  }
  try {
    calendar_of(hours);  // the time zone and the dates, as ICU sees them
  } catch (const std::invalid_argument& bad) {
    const std::string why = bad.what();
    throw SetupInputError(why.starts_with("unknown time zone") ? "bad_time_zone" : "bad_date", why);
  }
  return hours;
}

metrics::BusinessCalendar calendar_of(const TeamHours& hours) {
  metrics::BusinessCalendar calendar(hours.time_zone);
  for (int day = 0; day < 7; ++day) calendar.set_hours(day, hours.week[day]);
  for (const auto& d : hours.holidays) calendar.add_holiday(d);
  for (const auto& d : hours.working_days) calendar.add_special_day(d, hours.week[1]);
  return calendar;
}

}  // namespace kefu::admin
