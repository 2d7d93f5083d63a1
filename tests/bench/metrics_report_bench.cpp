// Benchmarks of kefu_metrics. Prints, for a log of 1,000,000 events over 30 days:
//  - the time to answer a 30-day history report from the rollups, against a baseline in the same
//    run: the same report computed by replaying the raw events of the range (no rollups);
//  - the CPU cost of the live feed at 1,000 events per second (apply + one snapshot a second),
//    against a baseline: only parsing each event's JSON data.
// Usage: metrics_report_bench [events] [db path]   (defaults: 1000000, a file in /tmp that is
// removed afterwards; a named database is kept)
#include <SQLiteCpp/Database.h>
#include <SQLiteCpp/Statement.h>
#include <SQLiteCpp/Transaction.h>

#include <algorithm>
#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <chrono>
#include <cstdio>
#include <ctime>
#include <filesystem>
#include <string>
#include <vector>

#include "server/domain/event.hpp"
#include "server/metrics/fact_deriver.hpp"
#include "server/metrics/history_report.hpp"
#include "server/metrics/live_aggregator.hpp"
#include "server/metrics/rollup_writer.hpp"
#include "server/store/sql/sqlite_connection.hpp"
#include "tests/metrics_test_support.hpp"

namespace {

using kefu::Event;
using namespace kefu::metrics;
using Clock = std::chrono::steady_clock;
namespace sql = kefu::sql;

constexpr std::int64_t kSecond = 1000;
constexpr std::int64_t kMinute = 60 * kSecond;
constexpr std::int64_t kDay = 24 * 60 * kMinute;
constexpr std::int64_t kStart = 1'780'272'000'000;  // 2026-06-01 00:00 UTC

double ms_since(Clock::time_point t) {
  return std::chrono::duration<double, std::milli>(Clock::now() - t).count();
}
double cpu_ms() {
  return 1000.0 * static_cast<double>(std::clock()) / CLOCKS_PER_SEC;
}

class Random {
 public:
  std::int64_t below(std::int64_t bound) {
    state_ = state_ * 6364136223846793005ULL + 1442695040888963407ULL;
    return static_cast<std::int64_t>((state_ >> 33) % static_cast<std::uint64_t>(bound));
  }

 private:
  std::uint64_t state_ = 42;
};

// A plausible month: 5 queues, 2 channels, 60 agents in 3 teams, conversations with a queue
// wait, replies, transfers, reopens, abandonments and surveys.
std::vector<Event> make_log(std::size_t target) {
  Random rnd;
  const char* queues[] = {"general", "billing", "returns", "vip", "tickets"};
  std::vector<Event> log;
  log.reserve(target + 1000);
  auto ev = [&log](std::int64_t at, const char* type, std::int64_t conv, const char* channel,
                   const char* queue, std::int64_t agent, std::string data) {
    Event e;
    e.at = at;
    e.type = type;
    if (conv) e.conversation_id = conv;
    if (agent) e.agent_id = agent;
    if (channel) e.channel = channel;
    if (queue) e.queue = queue;
    e.data = std::move(data);
    log.push_back(std::move(e));
  };
  for (int agent = 1; agent <= 60; ++agent) {
    for (int day = 0; day < 31; ++day) {
      std::int64_t on = kStart + day * kDay + (agent % 3) * 8 * 60 * kMinute;
      ev(on, "agent_status_changed", 0, nullptr, nullptr, agent,
         R"({"status":"online","by":"agent"})");
      ev(on + 4 * 60 * kMinute, "agent_status_changed", 0, nullptr, nullptr, agent,
         R"({"status":"away","by":"agent"})");
      ev(on + 4 * 60 * kMinute + 30 * kMinute, "agent_status_changed", 0, nullptr, nullptr, agent,
         R"({"status":"online","by":"agent"})");
      ev(on + 8 * 60 * kMinute, "agent_status_changed", 0, nullptr, nullptr, agent,
         R"({"status":"offline","by":"agent"})");
    }
  }
  std::int64_t conv = 0;
  const std::int64_t span = 30 * kDay;
  // About 12 events per conversation.
  const std::size_t conversations = target / 12;
  for (std::size_t i = 0; i < conversations && log.size() < target; ++i) {
    ++conv;
    const char* queue = queues[rnd.below(5)];
    const char* channel = queue[0] == 't' ? "ticket" : "chat";
    std::int64_t t = kStart + static_cast<std::int64_t>(i) * span / conversations;
    std::int64_t agent = 1 + rnd.below(60);
    ev(t, "conversation_opened", conv, channel, queue, 0, "{}");
    ev(t, "message_received", conv, channel, queue, 0, R"({"seq":1,"length":40})");
    ev(t, "conversation_queued", conv, channel, queue, 0, R"({"reason":"new"})");
    t += rnd.below(45 * kSecond);
    if (rnd.below(100) < 6) {
      ev(t, "conversation_abandoned", conv, channel, queue, 0, R"({"wait_ms":1})");
      continue;
    }
    ev(t, "conversation_assigned", conv, channel, queue, agent, R"({"reason":"least_load"})");
    int replies = 2 + static_cast<int>(rnd.below(3));
    for (int r = 0; r < replies; ++r) {
      t += 5 * kSecond + rnd.below(90 * kSecond);
      ev(t, "message_sent", conv, channel, queue, agent, R"({"seq":2,"length":80})");
      t += 10 * kSecond + rnd.below(120 * kSecond);
      ev(t, "message_received", conv, channel, queue, 0, R"({"seq":3,"length":30})");
    }
    if (rnd.below(100) < 4) {
      std::int64_t to = 1 + rnd.below(60);
      ev(t, "conversation_transferred", conv, channel, queue, agent,
         R"({"from_agent":1,"to_agent":null,"to_queue":"billing"})");
      ev(t, "conversation_queued", conv, channel, "billing", 0, R"({"reason":"transfer"})");
      t += rnd.below(30 * kSecond);
      agent = to;
      ev(t, "conversation_assigned", conv, channel, "billing", agent, R"({"reason":"transfer"})");
    }
    t += 5 * kSecond + rnd.below(60 * kSecond);
    ev(t, "message_sent", conv, channel, queue, agent, R"({"seq":4,"length":50})");
    t += rnd.below(60 * kSecond);
    ev(t, "conversation_resolved", conv, channel, queue, agent, "{}");
    if (rnd.below(100) < 30) {
      ev(t + kMinute, "survey_submitted", conv, channel, queue, agent,
         "{\"rating\":" + std::to_string(1 + rnd.below(5)) + "}");
    }
    ev(t + 60 * kMinute, "conversation_closed", conv, channel, queue, 0, "{}");
  }
  std::stable_sort(log.begin(), log.end(),
                   [](const Event& a, const Event& b) { return a.at < b.at; });
  return log;
}

MetricsConfig make_config() {
  MetricsConfig config;
  config.report_time_zone = "Asia/Shanghai";
  config.queue_team = {
      {"general", "cn"}, {"billing", "cn"}, {"returns", "eu"}, {"vip", "cn"}, {"tickets", "us"}};
  config.team_calendar.emplace("cn", BusinessCalendar("Asia/Shanghai"));
  config.team_calendar.emplace("eu", BusinessCalendar("Europe/Berlin"));
  config.team_calendar.emplace("us", BusinessCalendar("America/New_York"));
  for (std::int64_t agent = 1; agent <= 60; ++agent) {
    config.agent_team[agent] = agent % 3 == 0 ? "cn" : (agent % 3 == 1 ? "eu" : "us");
  }
  return config;
}

// The log as the server stores it, with the index the history report reads by.
void store_log(sql::Connection& db, std::vector<Event>& log) {
  db.exec(
      "CREATE TABLE events (id INTEGER PRIMARY KEY, at INTEGER NOT NULL, type TEXT NOT NULL,"
      " conversation_id INTEGER, customer_id INTEGER, agent_id INTEGER, channel TEXT,"
      " queue TEXT, data TEXT NOT NULL)");
  test::append_events(db, log);
  db.exec("CREATE INDEX events_at ON events(at)");
}

// The baseline report: replay every event up to `to` through a FactDeriver and sum the facts
// of [from, to). This is what a report without the kpi_ tables has to do.
KpiBreakdown replay_report(SQLite::Database& db, const MetricsConfig& config, std::int64_t from,
                           std::int64_t to) {
  FactDeriver deriver(config);
  KpiBreakdown report;
  std::vector<Fact> facts;
  SQLite::Statement select(db,
                           "SELECT at, type, conversation_id, agent_id, channel, queue, data"
                           " FROM events WHERE at < ? ORDER BY id");
  select.bind(1, to);
  while (select.executeStep()) {
    Event e;
    e.at = select.getColumn(0).getInt64();
    e.type = select.getColumn(1).getString();
    if (!select.getColumn(2).isNull()) e.conversation_id = select.getColumn(2).getInt64();
    if (!select.getColumn(3).isNull()) e.agent_id = select.getColumn(3).getInt64();
    if (!select.getColumn(4).isNull()) e.channel = select.getColumn(4).getString();
    if (!select.getColumn(5).isNull()) e.queue = select.getColumn(5).getString();
    e.data = select.getColumn(6).getString();
    facts.clear();
    deriver.apply(e, facts);
    for (const Fact& f : facts) {
      if (f.kind == FactKind::staffed) {
        Fact part = clip_staffed(f, from, to, config);
        if (part.value > 0) report.add(part);
      } else if (f.kind != FactKind::backlog_change && f.at >= from) {
        report.add(f);
      }
    }
  }
  return report;
}

}  // namespace

int main(int argc, char** argv) {
  const std::size_t target = argc > 1 ? std::stoul(argv[1]) : 1'000'000;
  const std::string path =
      argc > 2 ? argv[2]
               : (std::filesystem::temp_directory_path() / "kefu_metrics_bench.db").string();
  std::filesystem::remove(path);
  std::filesystem::remove(path + "-wal");
  MetricsConfig config = make_config();

  auto t0 = Clock::now();
  std::vector<Event> log = make_log(target);
  std::printf("generated %zu events over 30 days in %.0f ms\n", log.size(), ms_since(t0));

  SQLite::Database db(path, SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE);
  db.exec("PRAGMA journal_mode=WAL");
  db.exec("PRAGMA synchronous=NORMAL");
  sql::SqliteConnection conn(db);
  t0 = Clock::now();
  store_log(conn, log);
  std::printf("stored the log in %.0f ms\n", ms_since(t0));

  // Incremental maintenance of the kpi_ tables.
  t0 = Clock::now();
  RollupWriter writer(conn, config);
  std::size_t folded = writer.catch_up();
  double fold_ms = ms_since(t0);
  SQLite::Statement rows(
      db,
      "SELECT (SELECT COUNT(*) FROM kpi_rollup_hour), (SELECT COUNT(*) FROM kpi_rollup_day),"
      " (SELECT COUNT(*) FROM kpi_facts)");
  rows.executeStep();
  std::printf(
      "folded %zu events into the kpi_ tables in %.0f ms (%.0f events/s); %lld hourly and %lld "
      "daily rollup rows, %lld facts\n",
      folded, fold_ms, folded / (fold_ms / 1000),
      static_cast<long long>(rows.getColumn(0).getInt64()),
      static_cast<long long>(rows.getColumn(1).getInt64()),
      static_cast<long long>(rows.getColumn(2).getInt64()));

  // 30-day report with ragged edges (not on hour boundaries).
  const std::int64_t from = kStart + 17 * kMinute + 3 * kSecond;
  const std::int64_t to = kStart + 30 * kDay - 23 * kMinute;
  HistoryReport report(conn, config);
  std::vector<double> times;
  KpiBreakdown fast;
  std::vector<double> cpu_times;
  for (int i = 0; i < 15; ++i) {
    t0 = Clock::now();
    double c = cpu_ms();
    fast = report.run(from, to);
    times.push_back(ms_since(t0));
    cpu_times.push_back(cpu_ms() - c);
  }
  std::sort(times.begin(), times.end());
  std::sort(cpu_times.begin(), cpu_times.end());
  t0 = Clock::now();
  std::string json = boost::json::serialize(report.json(from, to));
  double json_ms = ms_since(t0);
  t0 = Clock::now();
  std::string csv = report.csv(from, to);
  double csv_ms = ms_since(t0);

  t0 = Clock::now();
  double c = cpu_ms();
  KpiBreakdown slow = replay_report(db, config, from, to);
  double replay_ms = ms_since(t0);
  double replay_cpu = cpu_ms() - c;
  bool same = slow.total.kpis().at("service_level") == fast.total.kpis().at("service_level") &&
              slow.total.get(KpiTotals::busy_ms) == fast.total.get(KpiTotals::busy_ms) &&
              slow.total.get(KpiTotals::response_ms) == fast.total.get(KpiTotals::response_ms);
  std::printf("\n30-day report over %zu events, %zu agents, %zu queues:\n", log.size(),
              fast.agents.size(), fast.queues.size());
  std::printf(
      "  from rollups: median %.1f ms wall, worst %.1f ms (target < 100 ms); CPU median %.1f ms\n",
      times[times.size() / 2], times.back(), cpu_times[cpu_times.size() / 2]);
  std::printf("  with JSON: %.1f ms (%zu bytes); with CSV: %.1f ms (%zu bytes)\n", json_ms,
              json.size(), csv_ms, csv.size());
  std::printf(
      "  baseline, replaying the raw events: %.0f ms wall, %.0f ms CPU -> rollups are %.0fx faster "
      "(CPU); figures %s\n",
      replay_ms, replay_cpu, replay_cpu / std::max(0.001, cpu_times[cpu_times.size() / 2]),
      same ? "identical" : "DIFFER");

  // Live feed: apply the log at 1,000 events per simulated second, one snapshot per second.
  const std::size_t live_events = std::min<std::size_t>(log.size(), 300'000);
  LiveAggregator live(config);
  double c0 = cpu_ms();
  std::size_t snapshots = 0;
  std::size_t snapshot_bytes = 0;
  for (std::size_t i = 0; i < live_events; ++i) {
    live.apply(log[i]);
    if ((i + 1) % 1000 == 0) {
      snapshot_bytes = boost::json::serialize(live.snapshot(log[i].at)).size();
      ++snapshots;
    }
  }
  double live_cpu = cpu_ms() - c0;
  c0 = cpu_ms();
  std::size_t fields = 0;
  for (std::size_t i = 0; i < live_events; ++i)
    fields += boost::json::parse(log[i].data).as_object().size();
  double parse_cpu = cpu_ms() - c0;
  double per_second = live_cpu / snapshots;  // CPU ms per 1,000 events + 1 snapshot
  std::printf("\nlive feed, %zu events, %zu snapshots (%zu bytes each):\n", live_events, snapshots,
              snapshot_bytes);
  std::printf("  %.2f CPU ms per second of traffic at 1,000 events/s = %.2f %% of one core\n",
              per_second, per_second / 10.0);
  std::printf(
      "  baseline, parsing each event's JSON only: %.2f CPU ms per 1,000 events -> live feed costs "
      "%.1fx that (%zu fields)\n",
      parse_cpu / snapshots, live_cpu / parse_cpu, fields);
  // Last line: the figures as JSON, for scripts/bench.
  std::printf(
      "{\"events\":%zu,\"report_median_ms\":%.2f,\"report_worst_ms\":%.2f,"
      "\"report_cpu_median_ms\":%.2f,\"baseline\":{\"replay_ms\":%.1f,\"replay_cpu_ms\":%.1f},"
      "\"figures_identical\":%s,\"live_cpu_ms_per_second\":%.3f}\n",
      log.size(), times[times.size() / 2], times.back(), cpu_times[cpu_times.size() / 2], replay_ms,
      replay_cpu, same ? "true" : "false", per_second);
  if (argc <= 2) {  // keep a database the caller named, for inspection
    std::filesystem::remove(path);
    std::filesystem::remove(path + "-wal");
    std::filesystem::remove(path + "-shm");
  }
  return same ? 0 : 1;
}
