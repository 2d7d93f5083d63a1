#pragma once

#include <boost/json/object.hpp>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "server/metrics/figure_facts.hpp"
#include "server/metrics/metrics_config.hpp"

namespace kefu::metrics {

// One term of a figure: a contact, wait, reply, resolution, closure, rating or open
// conversation, naming the conversation it belongs to.
struct FigureEntry {
  std::int64_t conversation_id = 0;
  std::int64_t at = 0;  // when the term completed (for waiting/backlog: when it started)
  std::int64_t agent_id = 0;
  std::string queue;
  std::string channel;
  std::optional<std::int64_t> value_ms;  // the duration this term adds (calendar or business)
  std::optional<std::int64_t> rating;    // csat: the rating 1..5
  // For a ratio, whether the term is in the numerator (answered within T, abandoned, closed
  // first time, reopened, rated 4-5); for other figures always true.
  bool counted = true;
  std::optional<std::int64_t> breach_at;  // waiting: when the wait passes T (SLA breach)
};

// The conversations behind one KPI figure over [from, to) for one group (docs/metrics.md,
// "Drill-down"): exactly the terms the figure is computed from, so `entries.size()` equals the
// figure's count (the denominator of a ratio, the number averaged for a mean) and `value()`
// equals the figure itself.
struct FigureList {
  std::string figure;  // the KPI's JSON name, e.g. "service_level"
  std::int64_t from = 0;
  std::int64_t to = 0;
  FigureGroup group;
  std::vector<FigureEntry> entries;

  // The figure computed from the entries (null when the denominator is 0): the number of
  // entries for a count, counted / entries for a ratio, the mean of value_ms for a duration.
  std::optional<double> value() const;
  // How many entries are counted (the numerator of a ratio).
  std::int64_t counted() const;

  // {"figure","from","to","group":{"dimension","key"},"count","counted","value",
  //  "conversations":[{"conversation_id","at","agent_id","queue","channel","value_ms",
  //  "rating","counted","breach_at"}]} (absent optional fields are null).
  boost::json::object to_json() const;
};

// The names `drill_down` accepts, in the order the docs list them.
const std::vector<std::string_view>& drill_down_figures();

// True for the figures that describe now rather than a period (waiting, oldest wait).
bool is_live_figure(std::string_view figure);

// The list behind `figure` for `group` over [from, to), read from `facts` with `config`'s
// thresholds T. For the live figures `waiting` and `oldest_wait_ms`, `to` is now and `from` is
// ignored: the conversations waiting now, oldest first, each with when it breaches T. Throws
// std::invalid_argument for an unknown figure or group dimension, or to < from.
FigureList drill_down(FigureFacts& facts, const MetricsConfig& config, std::string_view figure,
                      std::int64_t from, std::int64_t to, const FigureGroup& group);

}  // namespace kefu::metrics
