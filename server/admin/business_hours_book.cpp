#include "server/admin/business_hours_book.hpp"

namespace kefu::admin {

void BusinessHoursBook::set(const TeamHours& hours) {
  Entry entry{std::make_shared<const TeamHours>(hours),
              std::make_shared<const metrics::BusinessCalendar>(calendar_of(hours))};
  std::lock_guard lock(mutex_);
  teams_[hours.team] = std::move(entry);
}

void BusinessHoursBook::clear(const std::string& team) {
  std::lock_guard lock(mutex_);
  teams_.erase(team);
}

std::shared_ptr<const metrics::BusinessCalendar> BusinessHoursBook::calendar(
    const std::string& team) const {
  {
    std::lock_guard lock(mutex_);
    auto found = teams_.find(team);
    if (found != teams_.end()) return found->second.calendar;
  }
  static const auto always =
      std::make_shared<const metrics::BusinessCalendar>(metrics::BusinessCalendar::always_open());
  return always;
}

std::shared_ptr<const TeamHours> BusinessHoursBook::hours(const std::string& team) const {
  std::lock_guard lock(mutex_);
  auto found = teams_.find(team);
  return found == teams_.end() ? nullptr : found->second.hours;
}

}  // namespace kefu::admin
