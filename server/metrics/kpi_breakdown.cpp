#include "server/metrics/kpi_breakdown.hpp"

#include <boost/json/serialize.hpp>
#include <cstdio>
#include <stdexcept>
#include <string_view>
#include <type_traits>

namespace kefu::metrics {
namespace {

std::string csv_field(std::string_view text) {
  // A leading = + - @ would make a spreadsheet evaluate the cell; keep it text.
  std::string guarded;
  if (!text.empty() && std::string_view("=+-@").find(text.front()) != std::string_view::npos) {
    guarded = "'" + std::string(text);
    text = guarded;
  }
  bool quote = text.find_first_of(",\"\r\n") != std::string_view::npos;
  if (!quote) return std::string(text);
  std::string out = "\"";
  for (char ch : text) {
    if (ch == '"') out += '"';
    out += ch;
  }
  out += '"';
  return out;
}

std::string csv_value(const boost::json::value& v) {
  if (v.is_null()) return "";
  if (v.is_double()) {
    char buffer[64];
    std::snprintf(buffer, sizeof buffer, "%.6g", v.as_double());
    return buffer;
  }
  return boost::json::serialize(v);
}

// The CSV column of a KPI or counter: durations in seconds (`_ms` becomes `_s`).
std::string csv_column(std::string_view name) {
  if (name.ends_with("_ms")) return std::string(name.substr(0, name.size() - 3)) + "_s";
  return std::string(name);
}

std::string seconds(double ms) {
  char buffer[64];
  std::snprintf(buffer, sizeof buffer, "%.3f", ms / 1000.0);
  return buffer;
}

void csv_row(std::string& out, std::string_view dimension, std::string_view key,
             std::string_view name, const KpiTotals& totals) {
  boost::json::object kpis = totals.kpis();
  out += csv_field(dimension);
  out += ',';
  out += csv_field(key);
  out += ',';
  out += csv_field(name);
  for (const auto& [column, value] : kpis) {
    if (column == "counts") continue;
    out += ',';
    if (column.ends_with("_ms") && !value.is_null()) {
      out += seconds(value.to_number<double>());
    } else {
      out += csv_value(value);
    }
  }
  for (int i = 0; i < KpiTotals::kCounterCount; ++i) {
    out += ',';
    const std::int64_t v = totals.get(static_cast<KpiTotals::Counter>(i));
    if (KpiTotals::counter_names()[i].ends_with("_ms")) {
      out += seconds(static_cast<double>(v));
    } else {
      out += std::to_string(v);
    }
  }
  out += "\r\n";
}

}  // namespace

void KpiBreakdown::add(const Fact& f) {
  total.add(f);
  if (!f.queue.empty()) queues[f.queue].add(f);
  if (!f.team.empty()) teams[f.team].add(f);
  if (!f.channel.empty()) channels[f.channel].add(f);
  if (f.agent_id != 0) agents[f.agent_id].add(f);
}

void KpiBreakdown::add(const std::string& dimension, const std::string& key,
                       const KpiTotals& totals) {
  if (dimension == "total") {
    total.add(totals);
  } else if (dimension == "queue") {
    queues[key].add(totals);
  } else if (dimension == "team") {
    teams[key].add(totals);
  } else if (dimension == "channel") {
    channels[key].add(totals);
  } else if (dimension == "agent") {
    std::size_t used = 0;
    std::int64_t id = 0;
    try {
      id = std::stoll(key, &used);
    } catch (const std::exception&) {
      used = 0;
    }
    if (used != key.size() || key.empty()) throw std::invalid_argument("agent key not a number");
    agents[id].add(totals);
  } else {
    throw std::invalid_argument("unknown dimension: " + dimension);
  }
}

boost::json::object KpiBreakdown::to_json() const {
  boost::json::object out;
  out["total"] = total.kpis();
  auto group = [](const auto& map) {
    boost::json::object o;
    for (const auto& [key, totals] : map) {
      if constexpr (std::is_same_v<std::decay_t<decltype(key)>, std::string>) {
        o[key] = totals.kpis();
      } else {
        o[std::to_string(key)] = totals.kpis();
      }
    }
    return o;
  };
  out["queues"] = group(queues);
  out["teams"] = group(teams);
  out["channels"] = group(channels);
  out["agents"] = group(agents);
  return out;
}

std::string KpiBreakdown::to_csv(const std::map<std::int64_t, std::string>& agent_names) const {
  std::string out = "dimension,key,name";
  for (const auto& [name, value] : KpiTotals{}.kpis()) {
    if (name == "counts") continue;
    out += ',';
    out += csv_column(name);
  }
  for (auto name : KpiTotals::counter_names()) {
    out += ',';
    out += csv_column(name);
  }
  out += "\r\n";
  csv_row(out, "total", "", "", total);
  for (const auto& [key, totals] : queues) csv_row(out, "queue", key, key, totals);
  for (const auto& [key, totals] : teams) csv_row(out, "team", key, key, totals);
  for (const auto& [key, totals] : channels) csv_row(out, "channel", key, key, totals);
  for (const auto& [key, totals] : agents) {
    auto found = agent_names.find(key);
    const std::string id = std::to_string(key);
    csv_row(out, "agent", id, found == agent_names.end() ? "#" + id : found->second, totals);
  }
  return out;
}

}  // namespace kefu::metrics
