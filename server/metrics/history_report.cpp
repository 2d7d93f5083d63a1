#include "server/metrics/history_report.hpp"

#include <stdexcept>

#include "server/metrics/fact_deriver.hpp"
#include "server/store/sql/connection.hpp"
#include "server/store/sql/statement.hpp"

namespace kefu::metrics {
namespace {

constexpr std::int64_t kHour = 3'600'000;

constexpr std::int64_t kHoursPerDay = 24;

std::int64_t floor_div(std::int64_t a, std::int64_t b) {
  return a >= 0 ? a / b : (a - b + 1) / b;
}
std::int64_t ceil_div(std::int64_t a, std::int64_t b) {
  return floor_div(a + b - 1, b);
}

}  // namespace

void HistoryReport::add_facts(KpiBreakdown& into, std::int64_t scan_from, std::int64_t scan_to,
                              std::int64_t from, std::int64_t to) const {
  if (scan_to <= scan_from) return;
  sql::Statement select(
      db_,
      "SELECT kind, at, end_at, conversation_id, agent_id, queue, team, channel, value,"
      " business_ms, flags FROM kpi_facts WHERE at >= ? AND at < ?");
  select.bind(1, scan_from);
  select.bind(2, scan_to);
  while (select.step()) {
    Fact f;
    f.kind = static_cast<FactKind>(select.column(0).int32());
    f.at = select.column(1).int64();
    f.end = select.column(2).int64();
    f.conversation_id = select.column(3).int64();
    f.agent_id = select.column(4).int64();
    f.queue = select.column(5).text();
    f.team = select.column(6).text();
    f.channel = select.column(7).text();
    f.value = select.column(8).int64();
    f.business_ms = select.column(9).int64();
    f.flags = select.column(10).int32();
    if (f.kind == FactKind::staffed) {
      Fact part = clip_staffed(f, from, to, config_);
      if (part.value > 0) into.add(part);
    } else if (f.at >= from && f.at < to) {
      into.add(f);
    }
  }
}

void HistoryReport::add_rollup(KpiBreakdown& into, const char* table, std::int64_t first,
                               std::int64_t end) const {
  if (first >= end) return;
  // SQLite sums the periods itself: one row per group comes back, not one per group and period.
  std::string sql = "SELECT dimension, key";
  for (auto name : KpiTotals::counter_names()) sql += ", SUM(" + std::string(name) + ")";
  sql +=
      " FROM " + std::string(table) + " WHERE period >= ? AND period < ? GROUP BY dimension, key";
  sql::Statement select(db_, sql);
  select.bind(1, first);
  select.bind(2, end);
  while (select.step()) {
    KpiTotals totals;
    for (int i = 0; i < KpiTotals::kCounterCount; ++i) {
      totals.set(static_cast<KpiTotals::Counter>(i), select.column(2 + i).int64());
    }
    into.add(select.column(0).text(), select.column(1).text(), totals);
  }
}

KpiBreakdown HistoryReport::run(std::int64_t from, std::int64_t to) const {
  if (to < from) throw std::invalid_argument("report range ends before it starts");
  KpiBreakdown report;
  // Whole UTC days from the daily rollup, whole hours around them from the hourly one, and the
  // partial hours at the ends from the facts themselves.
  const std::int64_t first_hour = ceil_div(from, kHour);  // first whole hour inside [from, to)
  const std::int64_t end_hour = floor_div(to, kHour);     // hour after the last whole one
  if (first_hour < end_hour) {
    const std::int64_t first_day = ceil_div(first_hour, kHoursPerDay);
    const std::int64_t end_day = floor_div(end_hour, kHoursPerDay);
    if (first_day < end_day) {
      add_rollup(report, "kpi_rollup_day", first_day, end_day);
      add_rollup(report, "kpi_rollup_hour", first_hour, first_day * kHoursPerDay);
      add_rollup(report, "kpi_rollup_hour", end_day * kHoursPerDay, end_hour);
    } else {
      add_rollup(report, "kpi_rollup_hour", first_hour, end_hour);
    }
    add_facts(report, floor_div(from, kHour) * kHour, first_hour * kHour, from, to);
    add_facts(report, end_hour * kHour, to, from, to);
  } else {
    add_facts(report, floor_div(from, kHour) * kHour, to, from, to);
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
  const std::int64_t days_before = floor_div(end_hour, kHoursPerDay);
  auto sum_before = [&](const char* table, std::int64_t first, std::int64_t end) {
    sql::Statement select(db_, "SELECT dimension, key, SUM(backlog) FROM " + std::string(table) +
                                   " WHERE period >= ? AND period < ? AND backlog != 0"
                                   " GROUP BY dimension, key");
    select.bind(1, first);
    select.bind(2, end);
    while (select.step()) {
      KpiTotals totals;
      totals.set(KpiTotals::backlog, select.column(2).int64());
      levels.add(select.column(0).text(), select.column(1).text(), totals);
    }
  };
  sum_before("kpi_rollup_day", INT64_MIN, days_before);
  sum_before("kpi_rollup_hour", days_before * kHoursPerDay, end_hour);
  sql::Statement edge(
      db_,
      "SELECT queue, team, channel, value FROM kpi_facts WHERE at >= ? AND at < ? AND kind = ?");
  edge.bind(1, end_hour * kHour);
  edge.bind(2, to);
  edge.bind(3, static_cast<int>(FactKind::backlog_change));
  while (edge.step()) {
    Fact f;
    f.kind = FactKind::backlog_change;
    f.queue = edge.column(0).text();
    f.team = edge.column(1).text();
    f.channel = edge.column(2).text();
    f.value = edge.column(3).int64();
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

std::string HistoryReport::csv(std::int64_t from, std::int64_t to,
                               const std::map<std::int64_t, std::string>& agent_names) const {
  return run(from, to).to_csv(agent_names);
}

}  // namespace kefu::metrics
