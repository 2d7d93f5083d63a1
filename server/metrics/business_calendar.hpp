#pragma once

#include <unicode/uversion.h>

#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <set>
#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

U_NAMESPACE_BEGIN
class Calendar;
U_NAMESPACE_END

namespace kefu::metrics {

// One opening span of a working day, in minutes after local midnight: [open, close).
struct OpeningHours {
  int open_minute = 0;
  int close_minute = 0;
};

// A local calendar date (in the team's time zone).
struct LocalDate {
  int year = 0;
  int month = 0;  // 1..12
  int day = 0;    // 1..31
};

// A team's business hours and holidays in the team's own time zone (an IANA name such as
// "Asia/Shanghai" or "Europe/Berlin"). Local wall-clock hours are turned into instants through
// ICU, so a working day that contains a daylight-saving change is 1 hour shorter or longer,
// exactly as the clock on the wall says.
//
// Thread-safe: the ICU calendar and the cache of each local day's opening instants are guarded
// by a mutex, so one MetricsConfig can serve the live feed and report threads together.
class BusinessCalendar {
 public:
  // Throws std::invalid_argument if ICU does not know `time_zone`.
  explicit BusinessCalendar(const std::string& time_zone);
  ~BusinessCalendar();
  BusinessCalendar(const BusinessCalendar& other);
  BusinessCalendar& operator=(const BusinessCalendar& other);

  // A calendar open around the clock every day, in UTC: business time equals calendar time.
  static BusinessCalendar always_open();

  // Sets the opening spans of a weekday (0 = Sunday ... 6 = Saturday), replacing earlier ones.
  // Throws std::invalid_argument for a weekday outside 0..6, minutes outside 0..1440, an empty
  // or overlapping span; the calendar is then unchanged.
  void set_hours(int weekday, std::vector<OpeningHours> spans);

  // Marks a local date as a holiday (closed all day). Throws std::invalid_argument for a date
  // that does not exist.
  void add_holiday(LocalDate date);

  // Opens a local date with its own spans, whatever its weekday or a holiday says (China's
  // make-up working days, 调休, or a special day's hours). Throws std::invalid_argument as
  // set_hours and add_holiday do; the calendar is then unchanged.
  void add_special_day(LocalDate date, std::vector<OpeningHours> spans);

  // `at` itself when open then, else the next opening instant within a year; empty when the
  // calendar opens on no day in that year.
  std::optional<std::int64_t> next_open(std::int64_t at) const;

  // Milliseconds of business time in [from, to) (instants in ms since the epoch, UTC).
  // Returns 0 when to <= from.
  std::int64_t business_ms(std::int64_t from, std::int64_t to) const;

  // The instant when `ms` of business time have passed since `from` (the SLA clock's due
  // time): business_ms(from, result) == ms. `from` itself for ms <= 0; empty when the calendar
  // does not open long enough within a year after `from`.
  std::optional<std::int64_t> after_business_ms(std::int64_t from, std::int64_t ms) const;

  // The instant of local midnight starting the local day that contains `at`.
  std::int64_t day_start(std::int64_t at) const;

  // The instant of local midnight starting the local day after the one that contains `at`.
  std::int64_t next_day_start(std::int64_t at) const;

  // The local date that contains `at`.
  LocalDate local_date(std::int64_t at) const;

  const std::string& time_zone() const { return zone_; }

 private:
  using Spans = std::vector<std::pair<std::int64_t, std::int64_t>>;
  // Opening spans as instants for the local day starting at `day_start`; cached.
  // The *_locked functions expect mutex_ to be held.
  const Spans& open_spans_locked(std::int64_t day_start) const;
  std::int64_t local_instant_locked(const LocalDate& date, int minute) const;
  LocalDate local_date_locked(std::int64_t at) const;
  void check_date_locked(const LocalDate& date) const;

  std::string zone_;
  bool always_open_ = false;
  std::vector<std::vector<OpeningHours>> week_;            // index = weekday 0..6
  std::set<int> holidays_;                                 // year * 10000 + month * 100 + day
  std::map<int, std::vector<OpeningHours>> special_days_;  // by the same key
  mutable std::mutex mutex_;
  std::unique_ptr<icu::Calendar> calendar_;  // scratch calendar in zone_; GUARDED_BY(mutex_)
  mutable std::unordered_map<std::int64_t, Spans> cache_;  // GUARDED_BY(mutex_)
};

}  // namespace kefu::metrics
