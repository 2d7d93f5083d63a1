#include "server/care/rule_outcome_json.hpp"

#include <boost/json.hpp>
#include <cmath>
#include <optional>

namespace kefu::care {
namespace json = boost::json;
namespace {

std::optional<double> ratio(int part, int whole) {
  if (whole == 0) return std::nullopt;
  return std::round(1000.0 * part / whole) / 1000.0;
}

json::value number(const std::optional<double>& v) {
  return v ? json::value(*v) : json::value(nullptr);
}

json::object group_json(const GroupOutcome& g) {
  return json::object{{"jobs", g.jobs},
                      {"customers", g.customers},
                      {"replied", g.replied},
                      {"repurchased", g.repurchased},
                      {"rated", g.rated},
                      {"satisfied", g.satisfied},
                      {"reply_rate", number(ratio(g.replied, g.jobs))},
                      {"repurchase_rate", number(ratio(g.repurchased, g.jobs))},
                      {"csat", number(ratio(g.satisfied, g.rated))}};
}

// The rate the rule's goal is measured by, for one group.
std::optional<double> goal_rate(const std::string& kind, const GroupOutcome& g) {
  if (kind == "reply") return ratio(g.replied, g.jobs);
  if (kind == "repurchase") return ratio(g.repurchased, g.jobs);
  if (kind == "rating") return ratio(g.satisfied, g.rated);
  return std::nullopt;
}

}  // namespace

json::object rule_outcome_json(const Rule& rule, const RuleOutcome& outcome) {
  const auto reached = goal_rate(rule.goal.kind, outcome.reached);
  const auto holdout = goal_rate(rule.goal.kind, outcome.holdout);
  std::optional<double> lift;
  if (reached && holdout) lift = std::round(1000.0 * (*reached - *holdout)) / 1000.0;
  return json::object{{"rule_id", rule.id},
                      {"name", rule.name},
                      {"enabled", rule.enabled},
                      {"goal",
                       {{"kind", rule.goal.kind},
                        {"window_days", rule.goal.window_days},
                        {"holdout_percent", rule.goal.holdout_percent}}},
                      {"reached", group_json(outcome.reached)},
                      {"holdout", group_json(outcome.holdout)},
                      {"lift", number(lift)}};
}

}  // namespace kefu::care
