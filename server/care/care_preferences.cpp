#include "server/care/care_preferences.hpp"

#include <unicode/timezone.h>

#include <memory>

namespace kefu::care {

bool known_time_zone(const std::string& time_zone) {
  if (time_zone.empty() || time_zone.size() > 64) return false;
  std::unique_ptr<icu::TimeZone> zone(
      icu::TimeZone::createTimeZone(icu::UnicodeString::fromUTF8(time_zone)));
  icu::UnicodeString id;
  zone->getID(id);
  return id != icu::UnicodeString("Etc/Unknown");
}

}  // namespace kefu::care
