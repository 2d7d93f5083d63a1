#pragma once

#include <map>
#include <memory>
#include <mutex>
#include <string>

#include "server/admin/team_hours.hpp"
#include "server/metrics/business_calendar.hpp"

namespace kefu::admin {

// Every team's business hours as the running server uses them: the widget's closed state and
// the SLA clocks read it, the admin's saves replace a team's at once. A team without hours is
// always open. Thread-safe.
class BusinessHoursBook {
 public:
  void set(const TeamHours& hours);
  // The team is always open again (its hours were removed).
  void clear(const std::string& team);
  // The team's calendar; always open (UTC) for a team without hours.
  std::shared_ptr<const metrics::BusinessCalendar> calendar(const std::string& team) const;
  // The team's hours as set, or nothing.
  std::shared_ptr<const TeamHours> hours(const std::string& team) const;

 private:
  struct Entry {
    std::shared_ptr<const TeamHours> hours;
    std::shared_ptr<const metrics::BusinessCalendar> calendar;
  };
  mutable std::mutex mutex_;
  std::map<std::string, Entry> teams_;  // GUARDED_BY(mutex_)
};

}  // namespace kefu::admin
