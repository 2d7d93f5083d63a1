#include "server/metrics/quality_settings.hpp"

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <cmath>
#include <stdexcept>
#include <utility>

#include "server/metrics/schema.hpp"
#include "server/store/sql/connection.hpp"
#include "server/store/sql/statement.hpp"

namespace kefu::metrics {
namespace {

namespace json = boost::json;

// The weights by the names the score's breakdown uses.
std::vector<std::pair<const char*, double QualityWeights::*>> weight_members() {
  return {{"replies_within_target", &QualityWeights::replies_within_target},
          {"first_response_within_target", &QualityWeights::first_response_within_target},
          {"resolved_without_reopen", &QualityWeights::resolved_without_reopen},
          {"kb_answer_used", &QualityWeights::kb_answer_used},
          {"csat", &QualityWeights::csat},
          {"greeting", &QualityWeights::greeting},
          {"closing", &QualityWeights::closing}};
}

double number(const json::value& v, const std::string& what) {
  if (!v.is_number()) throw std::invalid_argument(what + " must be a number");
  const double d = v.to_number<double>();
  if (!std::isfinite(d) || d < 0) throw std::invalid_argument(what + " must be >= 0");
  return d;
}

const json::object& object(const json::value& v, const std::string& what) {
  if (!v.is_object()) throw std::invalid_argument(what + " must be an object");
  return v.get_object();
}

std::map<std::string, std::int64_t> targets(const json::value& v, const std::string& what) {
  std::map<std::string, std::int64_t> out;
  for (const auto& [channel, ms] : object(v, what)) {
    if (!ms.is_int64() || ms.get_int64() <= 0 || ms.get_int64() > 30LL * 86'400'000) {
      throw std::invalid_argument(what + "." + std::string(channel) +
                                  " must be a positive number of ms (at most 30 days)");
    }
    out[std::string(channel)] = ms.get_int64();
  }
  if (out.empty()) throw std::invalid_argument(what + " needs at least one channel");
  return out;
}

std::int64_t target_of(const std::map<std::string, std::int64_t>& targets,
                       const std::string& channel) {
  auto it = targets.find(channel);
  if (it != targets.end()) return it->second;
  it = targets.find("chat");
  return it != targets.end() ? it->second : 60'000;
}

}  // namespace

std::int64_t QualitySettings::first_response_target(const std::string& channel) const {
  return target_of(first_response_target_ms, channel);
}

std::int64_t QualitySettings::reply_target(const std::string& channel) const {
  return target_of(reply_target_ms, channel);
}

json::object QualitySettings::to_json() const {
  json::object w;
  for (const auto& [name, member] : weight_members()) w[name] = weights.*member;
  json::array card;
  for (const auto& c : scorecard)
    card.push_back(json::object{{"name", c.name}, {"weight", c.weight}});
  json::object first, reply;
  for (const auto& [channel, ms] : first_response_target_ms) first[channel] = ms;
  for (const auto& [channel, ms] : reply_target_ms) reply[channel] = ms;
  return json::object{{"weights", std::move(w)},
                      {"scorecard", std::move(card)},
                      {"first_response_target_ms", std::move(first)},
                      {"reply_target_ms", std::move(reply)}};
}

QualitySettings QualitySettings::from_json(const json::value& value) {
  QualitySettings s;
  for (const auto& [key, v] : object(value, "settings")) {
    if (key == "weights") {
      for (const auto& [name, weight] : object(v, "weights")) {
        bool known = false;
        for (const auto& [member_name, member] : weight_members()) {
          if (name == member_name) {
            s.weights.*member = number(weight, "weights." + std::string(name));
            known = true;
          }
        }
        if (!known) throw std::invalid_argument("no such weight: " + std::string(name));
      }
    } else if (key == "scorecard") {
      if (!v.is_array()) throw std::invalid_argument("scorecard must be an array");
      s.scorecard.clear();
      for (const auto& entry : v.get_array()) {
        const auto& o = object(entry, "a scorecard category");
        const auto* name = o.if_contains("name");
        const auto* weight = o.if_contains("weight");
        if (name == nullptr || !name->is_string() || name->get_string().size() > 64 ||
            weight == nullptr || o.size() != 2) {
          throw std::invalid_argument(
              "a scorecard category is {\"name\":string (1 to 64 bytes),\"weight\":number}");
        }
        s.scorecard.push_back({std::string(name->get_string()), number(*weight, "weight")});
      }
      if (s.scorecard.size() > 20) throw std::invalid_argument("at most 20 scorecard categories");
    } else if (key == "first_response_target_ms") {
      s.first_response_target_ms = targets(v, "first_response_target_ms");
    } else if (key == "reply_target_ms") {
      s.reply_target_ms = targets(v, "reply_target_ms");
    } else {
      throw std::invalid_argument("unknown setting: " + std::string(key));
    }
  }
  QualityScorer check_weights(s.weights);   // throws when all weights are zero
  ReviewScorecard check_card(s.scorecard);  // throws for empty, repeated or zero categories
  return s;
}

QualitySettings load_quality_settings(sql::Connection& db) {
  create_schema(db);
  sql::Statement select(db, "SELECT settings FROM kpi_quality_settings WHERE id = 1");
  if (!select.step()) return QualitySettings{};
  return QualitySettings::from_json(json::parse(select.column(0).text()));
}

void save_quality_settings(sql::Connection& db, const QualitySettings& settings) {
  sql::Statement upsert(db,
                        "INSERT INTO kpi_quality_settings (id, settings) VALUES (1, ?)"
                        " ON CONFLICT (id) DO UPDATE SET settings = excluded.settings");
  upsert.bind(1, json::serialize(settings.to_json()));
  upsert.exec();
}

}  // namespace kefu::metrics
