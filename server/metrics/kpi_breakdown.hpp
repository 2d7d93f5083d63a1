#pragma once

#include <boost/json/object.hpp>
#include <cstdint>
#include <map>
#include <string>

#include "server/metrics/kpi_totals.hpp"

namespace kefu::metrics {

// KpiTotals of one period for the whole centre and per queue, team, channel and agent.
struct KpiBreakdown {
  KpiTotals total;
  std::map<std::string, KpiTotals> queues;
  std::map<std::string, KpiTotals> teams;
  std::map<std::string, KpiTotals> channels;
  std::map<std::int64_t, KpiTotals> agents;

  // Adds a fact to the total and to each group it names (empty names and agent 0 are skipped).
  void add(const Fact& fact);

  // Adds `totals` under one dimension ("total", "queue", "team", "channel" or "agent") and key.
  // Throws std::invalid_argument for another dimension or a non-numeric agent key.
  void add(const std::string& dimension, const std::string& key, const KpiTotals& totals);

  bool operator==(const KpiBreakdown& other) const = default;

  // {"total":{kpis}, "queues":{name:{kpis}}, "teams":..., "channels":..., "agents":{id:...}}.
  boost::json::object to_json() const;

  // One header line, then one line per group: dimension, key, name (the queue's, team's or
  // channel's name; the agent's display name from `agent_names`, else "#id"), each KPI (calendar
  // and business variants, empty where undefined) and each raw count, durations in seconds
  // (columns `..._s`, three decimals). RFC 4180 quoting (docs/metrics.md, "KPI CSV").
  std::string to_csv(const std::map<std::int64_t, std::string>& agent_names = {}) const;
};

}  // namespace kefu::metrics
