#pragma once

#include <cstdint>
#include <optional>
#include <string>

namespace kefu::care {

// What a customer told the shop about being contacted: their time zone (IANA, for quiet
// hours) and locale ("en", "zh-CN", for texts), whether they agreed to marketing, and whether
// they want no care contact at all. "" means unknown (the shop's defaults apply).
struct CarePreferences {
  std::string time_zone;
  std::string locale;
  bool marketing_consent = false;
  bool opted_out = false;
};

// The customers' care preferences. Implementations store them; not thread-safe.
class CarePreferenceBook {
 public:
  virtual ~CarePreferenceBook() = default;
  // The customer's preferences; the defaults when none were stored.
  virtual CarePreferences find(std::int64_t customer_id) = 0;
  virtual void save(std::int64_t customer_id, const CarePreferences& preferences,
                    std::int64_t now) = 0;
  // Erasure: the customer's preferences are deleted (the defaults again).
  virtual void erase(std::int64_t customer_id) = 0;
};

// True when ICU knows the time zone (an IANA name such as "Asia/Shanghai").
bool known_time_zone(const std::string& time_zone);

}  // namespace kefu::care
