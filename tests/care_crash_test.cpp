// Exactly once under kill -9 (issue 23): thousands of care jobs fall due at once in a running
// `kefu serve`, which is killed with SIGKILL while it carries them out, then restarted. However
// often it is killed, every job ends done once: one care task per job, one `care_action`
// event per action and one `care_webhook` record per job (the webhook event), none pending.
// The short form runs in ctest; scripts/care-crash runs the long form (more jobs, more kills)
// through KEFU_CARE_CRASH_JOBS and KEFU_CARE_CRASH_KILLS. On PostgreSQL (the postgresql run,
// scripts/care-crash --postgres) two care nodes (tests/support/care_turner) turn the same
// database at once and are killed together, again and again.
#include <SQLiteCpp/Database.h>
#include <SQLiteCpp/Transaction.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <catch2/catch.hpp>
#include <chrono>
#include <cstdlib>
#include <string>
#include <thread>

#include "server/care/sqlite_care_jobs.hpp"
#include "server/care/sqlite_rule_book.hpp"
#include "server/store/sql/sqlite_connection.hpp"
#include "server/store/sql/statement.hpp"
#include "server/store/sql/transaction.hpp"
#include "tests/support/local_postgres.hpp"
#include "tests/support/sql_backend.hpp"
#include "tests/support/test_server.hpp"

using namespace kefu::testing;

namespace {

int env_int(const char* name, int fallback) {
  const char* v = std::getenv(name);
  return v != nullptr && *v != '\0' ? std::atoi(v) : fallback;
}

std::int64_t count(const TestServer& server, const std::string& sql) {
  SQLite::Database db(server.database(), SQLite::OPEN_READONLY);
  db.setBusyTimeout(5000);
  return db.execAndGet(sql).getInt64();
}

std::int64_t now_ms() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

// A rule whose jobs each make a care task and a webhook record, at any hour, without caps.
kefu::care::Rule crash_rule() {
  kefu::care::Rule r;
  r.name = "Crash test";
  r.enabled = true;
  r.trigger = "order_paid";
  r.caps.quiet_hours = false;
  r.caps.contact_cap = false;
  kefu::care::Action task;
  task.type = "care_task";
  task.text = {{"en", "Call {customer}"}, {"zh-CN", "致电{customer}"}};
  kefu::care::Action hook;
  hook.type = "webhook";
  r.actions = {task, hook};
  return r;
}

// `jobs` customers, each with a pending job of the rule due now, written while the server is
// stopped.
void fall_due(const TestServer& server, int jobs) {
  SQLite::Database db(server.database(), SQLite::OPEN_READWRITE, 10000);
  SQLite::Transaction transaction(db);
  kefu::sql::SqliteConnection sql(db);
  kefu::care::SqliteRuleBook rules(sql);
  kefu::care::SqliteCareJobs queue(sql);
  const std::int64_t now = now_ms();
  const std::int64_t rule = rules.add(crash_rule(), now);
  SQLite::Statement customer(db, "INSERT INTO customers(display_name, created_at) VALUES (?, ?)");
  for (int i = 0; i < jobs; ++i) {
    customer.reset();
    customer.bind(1, "Crash " + std::to_string(i));
    customer.bind(2, now);
    customer.exec();
    kefu::care::CareJob job;
    job.rule_id = rule;
    job.key = "crash:" + std::to_string(i);
    job.customer_id = db.getLastInsertRowid();
    job.trigger = "order_paid";
    job.triggered_at = now;
    job.due_at = now;
    REQUIRE(queue.schedule(job));
  }
  transaction.commit();
}

const std::string kDone =
    "SELECT COUNT(*) FROM care_jobs WHERE idempotency_key LIKE 'crash:%' "
    "AND status = 'done'";

// Waits up to `seconds` for at least `at_least` jobs done; returns how many were.
std::int64_t wait_done(const TestServer& server, std::int64_t at_least, int seconds) {
  std::int64_t done = 0;
  for (int i = 0; i < seconds * 50; ++i) {
    done = count(server, kDone);
    if (done >= at_least) break;
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  return done;
}

}  // namespace

TEST_CASE("care jobs falling due survive kill -9 and are each done exactly once",
          "[integration][care]") {
  const int jobs = env_int("KEFU_CARE_CRASH_JOBS", 2000);
  const int kills = env_int("KEFU_CARE_CRASH_KILLS", 2);
  TestServer server;
  server.stop();
  fall_due(server, jobs);
  int killed_midway = 0;
  for (int k = 1; k <= kills; ++k) {
    server.start();
    // Killed once some more of the jobs are done: mid-way through the backlog.
    const std::int64_t target = static_cast<std::int64_t>(jobs) * k / (kills + 1);
    const std::int64_t done = wait_done(server, target, 120);
    server.crash();
    if (done < jobs) ++killed_midway;
    INFO("kill " << k << " after " << done << " of " << jobs);
    CHECK(done >= target);
  }
  CHECK(killed_midway > 0);  // the test proves something only if a kill hit unfinished work
  server.start();
  REQUIRE(wait_done(server, jobs, 300) == jobs);
  server.stop();
  CHECK(count(server,
              "SELECT COUNT(*) FROM care_jobs WHERE idempotency_key LIKE 'crash:%' AND "
              "status <> 'done'") == 0);
  CHECK(count(server,
              "SELECT COUNT(*) FROM care_tasks t JOIN care_jobs j ON j.id = t.job_id "
              "WHERE j.idempotency_key LIKE 'crash:%'") == jobs);
  CHECK(count(server,
              "SELECT COUNT(DISTINCT job_id) FROM care_tasks t JOIN care_jobs j ON "
              "j.id = t.job_id WHERE j.idempotency_key LIKE 'crash:%'") == jobs);
  CHECK(count(server,
              "SELECT COUNT(*) FROM events WHERE type = 'care_action' AND "
              "json_extract(data, '$.job_id') IN (SELECT id FROM care_jobs WHERE "
              "idempotency_key LIKE 'crash:%')") == 2 * jobs);
  CHECK(count(server, "SELECT COUNT(*) FROM events WHERE type = 'care_webhook'") == jobs);
  CHECK(count(server,
              "SELECT COUNT(DISTINCT json_extract(data, '$.job_id')) FROM events WHERE "
              "type = 'care_webhook'") == jobs);
}

namespace {

// A care node (tests/support/care_turner) on `location`, killed with SIGKILL when it goes.
class Turner {
 public:
  explicit Turner(const std::string& location) {
    const std::string program = KEFU_CARE_TURNER;
    char* argv[] = {const_cast<char*>(program.c_str()), const_cast<char*>(location.c_str()),
                    nullptr};
    if (posix_spawn(&pid_, program.c_str(), nullptr, nullptr, argv, environ) != 0)
      throw std::runtime_error("care_turner did not start");
  }
  ~Turner() { crash(); }
  Turner(const Turner&) = delete;
  Turner& operator=(const Turner&) = delete;
  void crash() {
    if (pid_ <= 0) return;
    kill(pid_, SIGKILL);
    int status = 0;
    waitpid(pid_, &status, 0);
    pid_ = -1;
  }

 private:
  pid_t pid_ = -1;
};

std::int64_t count(kefu::sql::Connection& db, const std::string& query) {
  kefu::sql::Statement s(db, query);
  s.step();
  return s.column(0).int64();
}

std::int64_t wait_done(kefu::sql::Connection& db, std::int64_t at_least, int seconds) {
  std::int64_t done = 0;
  for (int i = 0; i < seconds * 50; ++i) {
    done = count(db, kDone);
    if (done >= at_least) break;
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  return done;
}

}  // namespace

TEST_CASE("two care nodes on PostgreSQL killed again and again do each job exactly once",
          "[.][pgcrash][integration][care]") {
  REQUIRE(kefu::testing::testing_on_postgres());
  const int jobs = env_int("KEFU_CARE_CRASH_JOBS", 2000);
  const int kills = env_int("KEFU_CARE_CRASH_KILLS", 3);
  kefu::testing::SqlBackend backend;
  auto db = backend.open();
  {
    kefu::sql::Transaction transaction(*db, kefu::sql::Transaction::Mode::write);
    kefu::care::SqliteRuleBook rules(*db);
    kefu::care::SqliteCareJobs queue(*db);
    const std::int64_t now = now_ms();
    const std::int64_t rule = rules.add(crash_rule(), now);
    kefu::sql::Statement customer(
        *db, "INSERT INTO customers(display_name, created_at) VALUES (?, ?) RETURNING id");
    for (int i = 0; i < jobs; ++i) {
      customer.reset();
      customer.bind(1, "Crash " + std::to_string(i)).bind(2, now);
      kefu::care::CareJob job;
      job.rule_id = rule;
      job.key = "crash:" + std::to_string(i);
      job.customer_id = *customer.insert_returning_id();
      job.trigger = "order_paid";
      job.triggered_at = now;
      job.due_at = now;
      REQUIRE(queue.schedule(job));
    }
    transaction.commit();
  }
  int killed_midway = 0;
  for (int k = 1; k <= kills; ++k) {
    Turner first(backend.location());
    Turner second(backend.location());
    const std::int64_t target = static_cast<std::int64_t>(jobs) * k / (kills + 1);
    const std::int64_t done = wait_done(*db, target, 120);
    first.crash();
    second.crash();
    if (done < jobs) ++killed_midway;
    INFO("kill " << k << " after " << done << " of " << jobs);
    CHECK(done >= target);
  }
  CHECK(killed_midway > 0);
  {
    Turner first(backend.location());
    Turner second(backend.location());
    REQUIRE(wait_done(*db, jobs, 300) == jobs);
  }
  CHECK(count(*db,
              "SELECT COUNT(*) FROM care_jobs WHERE idempotency_key LIKE 'crash:%' AND "
              "status <> 'done'") == 0);
  CHECK(count(*db,
              "SELECT COUNT(*) FROM care_tasks t JOIN care_jobs j ON j.id = t.job_id "
              "WHERE j.idempotency_key LIKE 'crash:%'") == jobs);
  CHECK(count(*db, "SELECT COUNT(*) FROM events WHERE type = 'care_action'") == 2 * jobs);
  CHECK(count(*db, "SELECT COUNT(*) FROM events WHERE type = 'care_webhook'") == jobs);
  CHECK(count(*db,
              "SELECT COUNT(DISTINCT CAST(data AS jsonb) ->> 'job_id') FROM events WHERE "
              "type = 'care_webhook'") == jobs);
}
