#include "server/care/quiet_hours.hpp"

#include <unicode/calendar.h>
#include <unicode/timezone.h>

#include <memory>

namespace kefu::care {

std::int64_t QuietHours::allowed_from(std::int64_t at, const std::string& time_zone) const {
  if (start_ == end_) return at;
  UErrorCode status = U_ZERO_ERROR;
  // createTimeZone answers an unknown name with GMT ("Etc/Unknown" behaves as UTC).
  std::unique_ptr<icu::Calendar> local(icu::Calendar::createInstance(
      icu::TimeZone::createTimeZone(icu::UnicodeString::fromUTF8(time_zone)), status));
  if (U_FAILURE(status)) return at;
  local->setTime(static_cast<UDate>(at), status);
  const int minute = local->get(UCAL_HOUR_OF_DAY, status) * 60 + local->get(UCAL_MINUTE, status);
  if (U_FAILURE(status)) return at;
  const bool quiet =
      start_ < end_ ? (minute >= start_ && minute < end_) : (minute >= start_ || minute < end_);
  if (!quiet) return at;
  // The end of the quiet spell: today's end, or tomorrow's when the spell runs past midnight
  // and it is still evening.
  if (start_ > end_ && minute >= start_) local->add(UCAL_DATE, 1, status);
  local->set(UCAL_HOUR_OF_DAY, end_ / 60);
  local->set(UCAL_MINUTE, end_ % 60);
  local->set(UCAL_SECOND, 0);
  local->set(UCAL_MILLISECOND, 0);
  const UDate end = local->getTime(status);
  if (U_FAILURE(status)) return at;
  return static_cast<std::int64_t>(end);
}

}  // namespace kefu::care
