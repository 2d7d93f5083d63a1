#pragma once

#include <boost/json/object.hpp>
#include <boost/json/value.hpp>
#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "server/metrics/quality_scorer.hpp"
#include "server/metrics/review_scorecard.hpp"
#include "server/store/sql/connection.hpp"

namespace kefu::metrics {

// What an admin may tune about quality (docs/metrics.md, "Quality settings"): the automatic
// score's weights, the reply targets per channel it checks against, and the supervisors'
// scorecard. A plain value; kept as one JSON row in kpi_quality_settings.
struct QualitySettings {
  QualityWeights weights;
  std::vector<ScorecardCategory> scorecard{
      {"accuracy", 40}, {"resolution", 25}, {"tone", 20}, {"process", 15}};
  // Target for the first human reply and for every reply, per channel, in ms.
  std::map<std::string, std::int64_t> first_response_target_ms{
      {"chat", 60'000}, {"ticket", 4 * 3'600'000}, {"email", 24 * 3'600'000}};
  std::map<std::string, std::int64_t> reply_target_ms{
      {"chat", 60'000}, {"ticket", 4 * 3'600'000}, {"email", 24 * 3'600'000}};

  // The targets of a channel (the chat targets for an unknown channel).
  std::int64_t first_response_target(const std::string& channel) const;
  std::int64_t reply_target(const std::string& channel) const;

  // {"weights":{name:number},"scorecard":[{"name","weight"}],
  //  "first_response_target_ms":{channel:ms},"reply_target_ms":{channel:ms}}
  boost::json::object to_json() const;

  // Reads settings written like to_json(); a missing member keeps its default. Throws
  // std::invalid_argument naming the problem for anything else: unknown members or weight
  // names, wrong types, negative or non-finite weights, all weights zero, a scorecard
  // ReviewScorecard refuses, targets that are not positive integers.
  static QualitySettings from_json(const boost::json::value& value);
};

// The stored settings (the defaults when none were saved). Creates the kpi_ schema if needed.
QualitySettings load_quality_settings(sql::Connection& db);

// Replaces the stored settings. The caller has validated them (from_json).
void save_quality_settings(sql::Connection& db, const QualitySettings& settings);

}  // namespace kefu::metrics
