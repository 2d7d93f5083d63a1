// Care engine benchmark (issue 23): `--jobs` scheduled actions held (default 1,000,000) in an
// on-disk SQLite database set up as the server's (WAL, synchronous FULL), of which `--rate`
// (default 10,000) fall due each second for `--seconds` (default 10) of the engine's clock;
// each second's batch is carried out by CareEngine::run_due as the server's care loop does
// (batches of 200, one transaction each). Printed: the time per action (mean and the worst
// second), whether each second's actions were done within a second, and the process's RSS
// after holding the jobs and at the end. Baseline, measured in the same run on the same
// database: the bare durable write of one action per job (mark it done and append one log
// event, 200 to a transaction), without rules, conditions or caps: the ratio says what the
// engine costs above the store's own floor. The last line is a JSON object of care_* fields.
//
// Run: build/tests/care_bench [--jobs N] [--rate N] [--seconds N]   (scripts/care-bench)
#include <SQLiteCpp/Database.h>
#include <SQLiteCpp/Statement.h>
#include <SQLiteCpp/Transaction.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "server/care/care_engine.hpp"
#include "server/care/sqlite_care_facts.hpp"
#include "server/care/sqlite_care_jobs.hpp"
#include "server/care/sqlite_care_messages.hpp"
#include "server/care/sqlite_care_outlet.hpp"
#include "server/care/sqlite_care_tasks.hpp"
#include "server/care/sqlite_rule_book.hpp"
#include "server/customers/schema.hpp"
#include "server/store/migrations.hpp"
#include "server/store/sql/sqlite_connection.hpp"

namespace care = kefu::care;
using Wall = std::chrono::steady_clock;

namespace {

constexpr std::int64_t kStart = 1'793'613'600'000;  // 2026-11-02T10:00:00Z

struct BenchClock final : kefu::Clock {
  std::int64_t now = kStart;
  std::int64_t now_ms() const override { return now; }
};

long rss_kb() {
  std::ifstream status("/proc/self/status");
  std::string line;
  while (std::getline(status, line))
    if (line.rfind("VmRSS:", 0) == 0) return std::atol(line.c_str() + 6);
  return 0;
}

double seconds_since(Wall::time_point start) {
  return std::chrono::duration<double>(Wall::now() - start).count();
}

int flag(int argc, char** argv, const std::string& name, int fallback) {
  for (int i = 1; i + 1 < argc; ++i)
    if (argv[i] == name) return std::atoi(argv[i + 1]);
  return fallback;
}

care::Rule bench_rule() {
  care::Rule r;
  r.name = "Bench";
  r.enabled = true;
  r.trigger = "order_paid";
  r.caps.quiet_hours = false;
  r.caps.contact_cap = false;
  care::Action task;
  task.type = "care_task";
  task.text = {{"en", "Call {customer}"}};
  r.actions = {task};
  return r;
}

// Customers and `jobs` pending jobs, `rate` of them due in each second from kStart + 1 s.
void hold(SQLite::Database& db, int jobs, int rate, std::int64_t rule) {
  SQLite::Transaction t(db);
  const int customers = std::min(jobs, 100'000);
  SQLite::Statement c(db, "INSERT INTO customers(id, display_name, created_at) VALUES (?, ?, 0)");
  for (int i = 1; i <= customers; ++i) {
    c.reset();
    c.bind(1, i);
    c.bind(2, "Customer " + std::to_string(i));
    c.exec();
  }
  SQLite::Statement j(db,
                      "INSERT INTO care_jobs(rule_id, idempotency_key, customer_id, "
                      "trigger_type, triggered_at, due_at, status) VALUES (?, ?, ?, "
                      "'order_paid', ?, ?, 'pending')");
  for (int i = 0; i < jobs; ++i) {
    j.reset();
    j.bind(1, rule);
    j.bind(2, "bench:" + std::to_string(i));
    j.bind(3, 1 + i % customers);
    j.bind(4, kStart);
    j.bind(5, kStart + 1000 + static_cast<std::int64_t>(i / rate) * 1000);
    j.exec();
  }
  t.commit();
}

// The baseline: the same number of actions as bare durable writes, 200 to a transaction.
double baseline_seconds(SQLite::Database& db, int actions) {
  db.exec("CREATE TABLE bench_floor(id INTEGER PRIMARY KEY, status TEXT NOT NULL)");
  {
    SQLite::Transaction t(db);
    SQLite::Statement s(db, "INSERT INTO bench_floor(id, status) VALUES (?, 'pending')");
    for (int i = 1; i <= actions; ++i) {
      s.reset();
      s.bind(1, i);
      s.exec();
    }
    t.commit();
  }
  SQLite::Statement done(db, "UPDATE bench_floor SET status = 'done' WHERE id = ?");
  SQLite::Statement log(db,
                        "INSERT INTO events(at, type, customer_id, data) VALUES (?, "
                        "'bench_floor', ?, '{}')");
  const auto start = Wall::now();
  for (int i = 1; i <= actions; i += 200) {
    db.exec("BEGIN IMMEDIATE");
    for (int k = i; k < i + 200 && k <= actions; ++k) {
      done.reset();
      done.bind(1, k);
      done.exec();
      log.reset();
      log.bind(1, kStart);
      log.bind(2, k);
      log.exec();
    }
    db.exec("COMMIT");
  }
  return seconds_since(start);
}

}  // namespace

int main(int argc, char** argv) {
  const int jobs = flag(argc, argv, "--jobs", 1'000'000);
  const int rate = flag(argc, argv, "--rate", 10'000);
  const int seconds = std::min(flag(argc, argv, "--seconds", 10), std::max(1, jobs / rate));
  const auto folder =
      std::filesystem::temp_directory_path() / ("kefu-care-bench-" + std::to_string(::getpid()));
  std::filesystem::create_directories(folder);
  const std::string path = (folder / "bench.db").string();
  const long rss_start = rss_kb();
  std::printf("care bench: %d jobs held, %d due per second for %d s\n", jobs, rate, seconds);
  {
    SQLite::Database db(path, SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE);
    db.exec("PRAGMA journal_mode = WAL");
    kefu::store::migrate(db);
    kefu::customers::create_schema(db);
    BenchClock clock;
    kefu::sql::SqliteConnection sql(db);  // the care stores' view of the same connection
    care::SqliteRuleBook rules(sql);
    care::SqliteCareJobs queue(sql);
    care::SqliteCareTasks tasks(sql);
    care::SqliteCareMessages messages(sql);
    care::SqliteCareFacts facts(sql);
    care::SqliteCareOutlet outlet(sql, care::DeskHooks{});
    care::CareSettings settings;
    settings.default_time_zone = "UTC";
    care::CareEngine engine(rules, queue, tasks, messages, facts, outlet, clock, settings);
    const std::int64_t rule = rules.add(bench_rule(), kStart);

    const auto held_start = Wall::now();
    hold(db, jobs, rate, rule);
    const double hold_s = seconds_since(held_start);
    const long rss_held = rss_kb();
    std::printf("held %d jobs in %.1f s, RSS %ld kB (%ld kB at start)\n", jobs, hold_s, rss_held,
                rss_start);

    std::vector<double> per_second;  // wall seconds to carry out each engine second's jobs
    int done = 0;
    const auto run_start = Wall::now();
    for (int s = 1; s <= seconds; ++s) {
      clock.now = kStart + s * 1000LL;
      const auto second_start = Wall::now();
      for (int n; (n = engine.run_due(200)) > 0;) done += n;
      per_second.push_back(seconds_since(second_start));
    }
    const double run_s = seconds_since(run_start);
    const long rss_end = rss_kb();
    const double worst = *std::max_element(per_second.begin(), per_second.end());
    const int kept_up = static_cast<int>(
        std::count_if(per_second.begin(), per_second.end(), [](double w) { return w <= 1.0; }));
    const double per_action_us = done > 0 ? run_s * 1e6 / done : 0;
    const double worst_us = worst * 1e6 / rate;
    const int tasks_made = db.execAndGet("SELECT COUNT(*) FROM care_tasks").getInt();
    std::printf(
        "carried out %d actions (%d care tasks) in %.2f s: %.1f us each, %.0f/s; worst "
        "second %.2f s (%.1f us each); %d of %d seconds within a second\n",
        done, tasks_made, run_s, per_action_us, done / run_s, worst, worst_us, kept_up, seconds);
    const double floor_s = baseline_seconds(db, done);
    const double floor_us = done > 0 ? floor_s * 1e6 / done : 0;
    const double ratio = floor_us > 0 ? per_action_us / floor_us : 0;
    std::printf("baseline (bare durable write per action): %.1f us each; ratio %.2f\n", floor_us,
                ratio);
    std::printf("RSS at the end %ld kB\n", rss_end);
    std::printf(
        "{\"care_jobs_held\":%d,\"care_due_per_s\":%d,\"care_seconds\":%d,\"care_actions\":%d,"
        "\"care_us_per_action\":%.2f,\"care_worst_second_us_per_action\":%.2f,"
        "\"care_actions_per_s\":%.0f,\"care_seconds_kept_up\":%d,\"care_hold_s\":%.2f,"
        "\"care_rss_start_kb\":%ld,\"care_rss_held_kb\":%ld,\"care_rss_end_kb\":%ld,"
        "\"care_baseline_us_per_action\":%.2f,\"care_to_baseline_ratio\":%.2f}\n",
        jobs, rate, seconds, done, per_action_us, worst_us, done / run_s, kept_up, hold_s,
        rss_start, rss_held, rss_end, floor_us, ratio);
  }
  std::filesystem::remove_all(folder);
  return 0;
}
