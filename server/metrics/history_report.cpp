#include "server/metrics/history_report.hpp"

#include <SQLiteCpp/Database.h>
#include <SQLiteCpp/Statement.h>

#include <stdexcept>

#include "server/metrics/fact_deriver.hpp"

namespace kefu::metrics {
namespace {

constexpr std::int64_t kHour = 3'600'000;

std::int64_t floor_hour(std::int64_t at) { return at >= 0 ? at / kHour : (at - kHour + 1) / kHour; }
std::int64_t ceil_hour(std::int64_t at) { return floor_hour(at + kHour - 1); }

}  // namespace

void HistoryReport::add_facts(KpiBreakdown& into, std::int64_t scan_from, std::int64_t scan_to,
                              std::int64_t from, std::int64_t to) const {
  if (scan_to <= scan_from) return;
  SQLite::Statement select(
      db_,
      "SELECT kind, at, end_at, conversation_id, agent_id, queue, team, channel, value,"
      " business_ms, flags FROM kpi_facts WHERE at >= ? AND at < ?");
  select.bind(1, scan_from);
  select.bind(2, scan_to);
  while (select.executeStep()) {
    Fact f;
    f.kind = static_cast<FactKind>(select.getColumn(0).getInt());
    f.at = select.getColumn(1).getInt64();
    f.end = select.getColumn(2).getInt64();
    f.conversation_id = select.getColumn(3).getInt64();
    f.agent_id = select.getColumn(4).getInt64();
    f.queue = select.getColumn(5).getString();
    f.team = select.getColumn(6).getString();
    f.channel = select.getColumn(7).getString();
    f.value = select.getColumn(8).getInt64();
    f.business_ms = select.getColumn(9).getInt64();
    f.flags = select.getColumn(10).getInt();
    if (f.kind == FactKind::staffed) {
      Fact part = clip_staffed(f, from, to, config_);
      if (part.value > 0) into.add(part);
    } else if (f.at >= from && f.at < to) {
      into.add(f);
    }
  }
}

KpiBreakdown HistoryReport::run(std::int64_t from, std::int64_t to) const {
  if (to < from) throw std::invalid_argument("report range ends before it starts");
  KpiBreakdown report;
  const std::int64_t first_full = ceil_hour(from);  // first whole hour inside [from, to)
  const std::int64_t end_full = floor_hour(to);     // hour after the last whole one
  if (first_full < end_full) {
    std::string sql = "SELECT dimension, key";
    for (auto name : KpiTotals::counter_names()) sql += ", " + std::string(name);
    sql += " FROM kpi_rollup WHERE hour >= ? AND hour < ?";
    SQLite::Statement select(db_, sql);
    select.bind(1, first_full);
    select.bind(2, end_full);
    while (select.executeStep()) {
      KpiTotals totals;
      for (int i = 0; i < KpiTotals::kCounterCount; ++i) {
        totals.set(static_cast<KpiTotals::Counter>(i), select.getColumn(2 + i).getInt64());
      }
      report.add(select.getColumn(0).getString(), select.getColumn(1).getString(), totals);
    }
    add_facts(report, floor_hour(from) * kHour, first_full * kHour, from, to);
    add_facts(report, end_full * kHour, to, from, to);
  } else {
    add_facts(report, floor_hour(from) * kHour, to, from, to);
  }

  // The backlog is a level: every change before `to`, not only those inside the range.
  auto clear = [](auto& groups) {
    for (auto& [key, totals] : groups) totals.set(KpiTotals::backlog, 0);
  };
  report.total.set(KpiTotals::backlog, 0);
  clear(report.queues);
  clear(report.teams);
  clear(report.channels);
  clear(report.agents);
  KpiBreakdown levels;
  SQLite::Statement before(
      db_,
      "SELECT dimension, key, SUM(backlog) FROM kpi_rollup WHERE hour < ? AND backlog != 0"
      " GROUP BY dimension, key");
  before.bind(1, end_full);
  while (before.executeStep()) {
    KpiTotals totals;
    totals.set(KpiTotals::backlog, before.getColumn(2).getInt64());
    levels.add(before.getColumn(0).getString(), before.getColumn(1).getString(), totals);
  }
  SQLite::Statement edge(
      db_,
      "SELECT queue, team, channel, value FROM kpi_facts WHERE at >= ? AND at < ? AND kind = ?");
  edge.bind(1, end_full * kHour);
  edge.bind(2, to);
  edge.bind(3, static_cast<int>(FactKind::backlog_change));
  while (edge.executeStep()) {
    Fact f;
    f.kind = FactKind::backlog_change;
    f.queue = edge.getColumn(0).getString();
    f.team = edge.getColumn(1).getString();
    f.channel = edge.getColumn(2).getString();
    f.value = edge.getColumn(3).getInt64();
    levels.add(f);
  }
  report.total.set(KpiTotals::backlog, levels.total.get(KpiTotals::backlog));
  auto copy = [](auto& groups, const auto& from_levels) {
    for (const auto& [key, totals] : from_levels) {
      if (totals.get(KpiTotals::backlog) != 0 || groups.contains(key)) {
        groups[key].set(KpiTotals::backlog, totals.get(KpiTotals::backlog));
      }
    }
  };
  copy(report.queues, levels.queues);
  copy(report.teams, levels.teams);
  copy(report.channels, levels.channels);
  return report;
}

boost::json::object HistoryReport::json(std::int64_t from, std::int64_t to) const {
  boost::json::object out = run(from, to).to_json();
  out["from"] = from;
  out["to"] = to;
  return out;
}

std::string HistoryReport::csv(std::int64_t from, std::int64_t to) const {
  return run(from, to).to_csv();
}

}  // namespace kefu::metrics
