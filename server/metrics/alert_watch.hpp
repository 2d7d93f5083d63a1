#pragma once

#include <boost/json/object.hpp>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace kefu::metrics {

// A supervisor's alert thresholds on the live figures; an absent threshold is off.
struct AlertThresholds {
  std::optional<std::int64_t> waiting;         // raised when waiting >= this many
  std::optional<std::int64_t> oldest_wait_ms;  // raised when the oldest wait >= this
  std::optional<double> service_level;         // raised when today's service level < this (0..1)
  std::optional<std::int64_t> breached;        // raised when this many waiting chats passed T

  // {"waiting","oldest_wait_ms","service_level","breached"}, null where off.
  boost::json::object to_json() const;
  // Reads exactly those four names (each a number or null); throws std::invalid_argument for
  // another name, a wrong type, a negative count or time, or a service level outside 0..1.
  static AlertThresholds from_json(const boost::json::object& body);
  bool operator==(const AlertThresholds&) const = default;
};

// The live figures the thresholds are checked against.
struct AlertFigures {
  std::int64_t waiting = 0;
  std::int64_t oldest_wait_ms = 0;
  std::optional<double> service_level;  // today's, null before any offered contact
  std::int64_t breached = 0;            // waiting chats whose wait passed T
};

// An alert that started or ended.
struct AlertChange {
  std::string alert;  // "waiting", "oldest_wait_ms", "service_level", "breached"
  bool raised = true;
  double value = 0;
  double threshold = 0;
};

// Which alerts are on, checked once a second against the live figures (docs/metrics.md,
// "Alerts"). Remembers since when each is on, so a change is reported once when an alert starts
// and once when it ends. Not thread-safe.
class AlertWatch {
 public:
  // Checks `figures` against `thresholds` at `now`; returns the alerts that started or ended.
  std::vector<AlertChange> check(const AlertThresholds& thresholds, const AlertFigures& figures,
                                 std::int64_t now);

  // {"thresholds":{...},"active":[{"alert","value","threshold","since"}]} as of the last check.
  boost::json::object to_json(const AlertThresholds& thresholds) const;

 private:
  struct Active {
    double value = 0;
    double threshold = 0;
    std::int64_t since = 0;
  };
  std::map<std::string, Active> active_;
};

}  // namespace kefu::metrics
