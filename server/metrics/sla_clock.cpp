#include "server/metrics/sla_clock.hpp"

namespace kefu::metrics {

std::string sla_priority(const std::string& segment) {
  return segment == "vip" || segment == "at_risk" ? segment : "normal";
}

const std::vector<std::string>& priority_names() {
  static const std::vector<std::string> names = {"vip", "at_risk", "normal"};
  return names;
}

SlaClock::SlaClock(SlaTargets targets, std::shared_ptr<const BusinessCalendar> calendar)
    : targets_(std::move(targets)), calendar_(std::move(calendar)) {}

std::int64_t SlaClock::elapsed_ms(std::int64_t from, std::int64_t to) const {
  if (to <= from) return 0;
  if (targets_.business_time && calendar_) return calendar_->business_ms(from, to);
  return to - from;
}

std::optional<std::int64_t> SlaClock::due_at(std::int64_t from, std::int64_t target_ms) const {
  if (targets_.business_time && calendar_) return calendar_->after_business_ms(from, target_ms);
  return from + target_ms;
}

std::optional<std::int64_t> SlaClock::at_risk_at(std::int64_t from, std::int64_t target_ms) const {
  // At risk once elapsed * 4 >= target * 3: the first whole ms at or past three quarters.
  return due_at(from, (target_ms * 3 + 3) / 4);
}

std::string SlaClock::risk(std::optional<std::int64_t> since, std::int64_t target_ms,
                           std::int64_t now) const {
  if (!since) return "none";
  const std::int64_t waited = elapsed_ms(*since, now);
  if (waited >= target_ms) return "breached";
  if (waited * 4 >= target_ms * 3) return "at_risk";
  return "ok";
}

}  // namespace kefu::metrics
