#include "server/metrics/alert_watch.hpp"

#include <cmath>
#include <stdexcept>

namespace kefu::metrics {
namespace {

std::optional<std::int64_t> count_field(const boost::json::value& v, const char* name) {
  if (v.is_null()) return std::nullopt;
  if (!v.is_int64() && !v.is_uint64()) {
    throw std::invalid_argument(std::string(name) + " must be a whole number or null");
  }
  const std::int64_t n = v.is_int64() ? v.as_int64() : static_cast<std::int64_t>(v.as_uint64());
  if (n < 0 || (v.is_uint64() && v.as_uint64() > 1'000'000'000'000ULL)) {
    throw std::invalid_argument(std::string(name) + " must not be negative");
  }
  return n;
}

}  // namespace

boost::json::object AlertThresholds::to_json() const {
  auto value = [](const auto& v) { return v ? boost::json::value(*v) : boost::json::value(); };
  return boost::json::object{{"waiting", value(waiting)},
                             {"oldest_wait_ms", value(oldest_wait_ms)},
                             {"service_level", value(service_level)},
                             {"breached", value(breached)}};
}

AlertThresholds AlertThresholds::from_json(const boost::json::object& body) {
  AlertThresholds t;
  for (const auto& [key, v] : body) {
    if (key == "waiting") {
      t.waiting = count_field(v, "waiting");
    } else if (key == "oldest_wait_ms") {
      t.oldest_wait_ms = count_field(v, "oldest_wait_ms");
    } else if (key == "breached") {
      t.breached = count_field(v, "breached");
    } else if (key == "service_level") {
      if (v.is_null()) continue;
      if (!v.is_number()) throw std::invalid_argument("service_level must be a number or null");
      const double level = v.to_number<double>();
      if (!std::isfinite(level) || level < 0 || level > 1) {
        throw std::invalid_argument("service_level must be from 0 to 1");
      }
      t.service_level = level;
    } else {
      throw std::invalid_argument("unknown threshold '" + std::string(key) + "'");
    }
  }
  return t;
}

std::vector<AlertChange> AlertWatch::check(const AlertThresholds& thresholds,
                                           const AlertFigures& figures, std::int64_t now) {
  struct Test {
    const char* name;
    bool on;
    double value;
    double threshold;
  };
  const std::vector<Test> tests{
      {"waiting", thresholds.waiting && figures.waiting >= *thresholds.waiting,
       static_cast<double>(figures.waiting), static_cast<double>(thresholds.waiting.value_or(0))},
      {"oldest_wait_ms",
       thresholds.oldest_wait_ms && figures.waiting > 0 &&
           figures.oldest_wait_ms >= *thresholds.oldest_wait_ms,
       static_cast<double>(figures.oldest_wait_ms),
       static_cast<double>(thresholds.oldest_wait_ms.value_or(0))},
      {"service_level",
       thresholds.service_level && figures.service_level &&
           *figures.service_level < *thresholds.service_level,
       figures.service_level.value_or(0), thresholds.service_level.value_or(0)},
      {"breached", thresholds.breached && figures.breached >= *thresholds.breached,
       static_cast<double>(figures.breached), static_cast<double>(thresholds.breached.value_or(0))},
  };
  std::vector<AlertChange> changes;
  for (const Test& test : tests) {
    auto found = active_.find(test.name);
    if (test.on) {
      if (found == active_.end()) {
        active_[test.name] = {test.value, test.threshold, now};
        changes.push_back({test.name, true, test.value, test.threshold});
      } else {
        found->second.value = test.value;
        found->second.threshold = test.threshold;
      }
    } else if (found != active_.end()) {
      changes.push_back({test.name, false, test.value, test.threshold});
      active_.erase(found);
    }
  }
  return changes;
}

boost::json::object AlertWatch::to_json(const AlertThresholds& thresholds) const {
  boost::json::array active;
  for (const auto& [name, a] : active_) {
    active.push_back(boost::json::object{
        {"alert", name}, {"value", a.value}, {"threshold", a.threshold}, {"since", a.since}});
  }
  return boost::json::object{{"thresholds", thresholds.to_json()}, {"active", std::move(active)}};
}

}  // namespace kefu::metrics
