#include "server/metrics/business_calendar.hpp"

#include <unicode/calendar.h>
#include <unicode/gregocal.h>
#include <unicode/timezone.h>

#include <algorithm>
#include <stdexcept>

namespace kefu::metrics {
namespace {

std::unique_ptr<icu::Calendar> make_calendar(const std::string& zone) {
  std::unique_ptr<icu::TimeZone> tz(
      icu::TimeZone::createTimeZone(icu::UnicodeString::fromUTF8(zone)));
  icu::UnicodeString id;
  tz->getID(id);
  // ICU answers an unknown name with the "Etc/Unknown" zone (GMT) instead of failing.
  if (id == UNICODE_STRING_SIMPLE("Etc/Unknown")) {
    throw std::invalid_argument("unknown time zone: " + zone);
  }
  UErrorCode status = U_ZERO_ERROR;
  auto calendar = std::make_unique<icu::GregorianCalendar>(tz.release(), status);
  if (U_FAILURE(status))
    throw std::runtime_error("ICU calendar: " + std::string(u_errorName(status)));
  calendar->setLenient(true);
  return calendar;
}

int date_key(const LocalDate& d) {
  return d.year * 10000 + d.month * 100 + d.day;
}

void check(UErrorCode status) {
  if (U_FAILURE(status))
    throw std::runtime_error("ICU calendar: " + std::string(u_errorName(status)));
}

}  // namespace

BusinessCalendar::BusinessCalendar(const std::string& time_zone)
    : zone_(time_zone), week_(7), calendar_(make_calendar(time_zone)) {
  for (int weekday = 1; weekday <= 5; ++weekday) week_[weekday] = {{9 * 60, 18 * 60}};
}

BusinessCalendar::~BusinessCalendar() = default;

BusinessCalendar::BusinessCalendar(const BusinessCalendar& other)
    : zone_(other.zone_),
      always_open_(other.always_open_),
      week_(other.week_),
      holidays_(other.holidays_),
      special_days_(other.special_days_) {
  std::lock_guard lock(other.mutex_);
  calendar_.reset(other.calendar_->clone());
  cache_ = other.cache_;
}

BusinessCalendar& BusinessCalendar::operator=(const BusinessCalendar& other) {
  if (this == &other) return *this;
  std::unique_ptr<icu::Calendar> calendar;
  std::unordered_map<std::int64_t, Spans> cache;
  {
    std::lock_guard lock(other.mutex_);
    calendar.reset(other.calendar_->clone());
    cache = other.cache_;
  }
  std::lock_guard lock(mutex_);
  zone_ = other.zone_;
  always_open_ = other.always_open_;
  week_ = other.week_;
  holidays_ = other.holidays_;
  special_days_ = other.special_days_;
  calendar_ = std::move(calendar);
  cache_ = std::move(cache);
  return *this;
}

BusinessCalendar BusinessCalendar::always_open() {
  BusinessCalendar calendar("UTC");
  calendar.always_open_ = true;
  for (auto& day : calendar.week_) day = {{0, 24 * 60}};
  return calendar;
}

namespace {

// The spans sorted, or std::invalid_argument when one is empty, out of the day or overlapping.
std::vector<OpeningHours> checked_spans(std::vector<OpeningHours> spans) {
  std::sort(spans.begin(), spans.end(), [](const OpeningHours& a, const OpeningHours& b) {
    return a.open_minute < b.open_minute;
  });
  for (std::size_t i = 0; i < spans.size(); ++i) {
    const auto& s = spans[i];
    if (s.open_minute < 0 || s.close_minute > 24 * 60 || s.open_minute >= s.close_minute) {
      throw std::invalid_argument("opening hours must satisfy 0 <= open < close <= 1440");
    }
    if (i > 0 && spans[i - 1].close_minute > s.open_minute) {
      throw std::invalid_argument("opening hours overlap");
    }
  }
  return spans;
}

}  // namespace

void BusinessCalendar::set_hours(int weekday, std::vector<OpeningHours> spans) {
  if (weekday < 0 || weekday > 6) throw std::invalid_argument("weekday must be 0..6");
  spans = checked_spans(std::move(spans));
  std::lock_guard lock(mutex_);
  week_[weekday] = std::move(spans);
  always_open_ = false;
  cache_.clear();
}

void BusinessCalendar::check_date_locked(const LocalDate& date) const {
  UErrorCode status = U_ZERO_ERROR;
  calendar_->clear();
  calendar_->setLenient(false);
  calendar_->set(date.year, date.month - 1, date.day, 12, 0, 0);
  calendar_->getTime(status);
  calendar_->setLenient(true);
  if (U_FAILURE(status) || date.month < 1 || date.month > 12) {
    throw std::invalid_argument("not a calendar date");
  }
}

void BusinessCalendar::add_special_day(LocalDate date, std::vector<OpeningHours> spans) {
  spans = checked_spans(std::move(spans));
  std::lock_guard lock(mutex_);
  check_date_locked(date);
  special_days_[date_key(date)] = std::move(spans);
  always_open_ = false;
  cache_.clear();
}

std::optional<std::int64_t> BusinessCalendar::next_open(std::int64_t at) const {
  std::lock_guard lock(mutex_);
  if (always_open_) return at;
  LocalDate date = local_date_locked(at);
  std::int64_t day = local_instant_locked(date, 0);
  for (int i = 0; i < 367; ++i) {
    for (const auto& [open, close] : open_spans_locked(day)) {
      if (close > at) return std::max(open, at);
    }
    day = local_instant_locked(date, 24 * 60);
    date = local_date_locked(day);
  }
  return std::nullopt;
}

void BusinessCalendar::add_holiday(LocalDate date) {
  std::lock_guard lock(mutex_);
  check_date_locked(date);
  holidays_.insert(date_key(date));
  always_open_ = false;
  cache_.clear();
}

std::int64_t BusinessCalendar::local_instant_locked(const LocalDate& date, int minute) const {
  UErrorCode status = U_ZERO_ERROR;
  calendar_->clear();
  // Lenient: 24:00 rolls to the next midnight, and a wall time skipped by a spring-forward
  // change moves forward by the size of the gap, as ICU documents.
  calendar_->set(date.year, date.month - 1, date.day, minute / 60, minute % 60, 0);
  calendar_->set(UCAL_MILLISECOND, 0);
  auto at = static_cast<std::int64_t>(calendar_->getTime(status));
  check(status);
  return at;
}

LocalDate BusinessCalendar::local_date_locked(std::int64_t at) const {
  UErrorCode status = U_ZERO_ERROR;
  calendar_->setTime(static_cast<UDate>(at), status);
  LocalDate date{calendar_->get(UCAL_YEAR, status), calendar_->get(UCAL_MONTH, status) + 1,
                 calendar_->get(UCAL_DATE, status)};
  check(status);
  return date;
}

LocalDate BusinessCalendar::local_date(std::int64_t at) const {
  std::lock_guard lock(mutex_);
  return local_date_locked(at);
}

std::int64_t BusinessCalendar::day_start(std::int64_t at) const {
  std::lock_guard lock(mutex_);
  return local_instant_locked(local_date_locked(at), 0);
}

std::int64_t BusinessCalendar::next_day_start(std::int64_t at) const {
  std::lock_guard lock(mutex_);
  return local_instant_locked(local_date_locked(at), 24 * 60);
}

const BusinessCalendar::Spans& BusinessCalendar::open_spans_locked(std::int64_t day_start) const {
  auto found = cache_.find(day_start);
  if (found != cache_.end()) return found->second;
  UErrorCode status = U_ZERO_ERROR;
  LocalDate date = local_date_locked(day_start);
  int weekday = calendar_->get(UCAL_DAY_OF_WEEK, status) - UCAL_SUNDAY;
  check(status);
  Spans spans;
  const auto special = special_days_.find(date_key(date));
  if (special != special_days_.end()) {
    for (const auto& hours : special->second) {
      spans.emplace_back(local_instant_locked(date, hours.open_minute),
                         local_instant_locked(date, hours.close_minute));
    }
  } else if (!holidays_.contains(date_key(date))) {
    for (const auto& hours : week_[weekday]) {
      spans.emplace_back(local_instant_locked(date, hours.open_minute),
                         local_instant_locked(date, hours.close_minute));
    }
  }
  return cache_.emplace(day_start, std::move(spans)).first->second;
}

std::int64_t BusinessCalendar::business_ms(std::int64_t from, std::int64_t to) const {
  if (to <= from) return 0;
  std::lock_guard lock(mutex_);
  if (always_open_) return to - from;
  std::int64_t total = 0;
  LocalDate date = local_date_locked(from);
  std::int64_t day = local_instant_locked(date, 0);
  while (day < to) {
    std::int64_t next = local_instant_locked(date, 24 * 60);
    for (const auto& [open, close] : open_spans_locked(day)) {
      std::int64_t a = std::max(open, from);
      std::int64_t b = std::min(close, to);
      if (b > a) total += b - a;
    }
    day = next;
    date = local_date_locked(day);
  }
  return total;
}

std::optional<std::int64_t> BusinessCalendar::after_business_ms(std::int64_t from,
                                                                std::int64_t ms) const {
  if (ms <= 0) return from;
  std::lock_guard lock(mutex_);
  if (always_open_) return from + ms;
  std::int64_t left = ms;
  LocalDate date = local_date_locked(from);
  std::int64_t day = local_instant_locked(date, 0);
  for (int i = 0; i < 367; ++i) {
    const std::int64_t next = local_instant_locked(date, 24 * 60);
    for (const auto& [open, close] : open_spans_locked(day)) {
      const std::int64_t a = std::max(open, from);
      if (close <= a) continue;
      if (close - a >= left) return a + left;
      left -= close - a;
    }
    day = next;
    date = local_date_locked(day);
  }
  return std::nullopt;
}

}  // namespace kefu::metrics
