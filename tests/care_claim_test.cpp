// Two nodes turning care on one database (issue 19, issue 23's "exactly once"): each due job is
// carried out by one of them, on SQLite (one writer at a time) and on PostgreSQL (due jobs
// claimed FOR UPDATE SKIP LOCKED).
#include <algorithm>
#include <catch2/catch.hpp>
#include <exception>
#include <memory>
#include <thread>

#include "server/store/sql/transaction.hpp"
#include "tests/care_test_support.hpp"

using namespace kefu::care;
using namespace kefu::care::testing;
namespace sql = kefu::sql;

namespace {

// Another node: the care stores and engine on a connection of its own, at the world's clock.
struct Node {
  Node(CareWorld& w, std::unique_ptr<sql::Connection> connection)
      : db(std::move(connection)),
        rules(*db),
        jobs(*db),
        tasks(*db),
        messages(*db),
        facts(*db),
        outlet(*db, DeskHooks{}),
        engine(rules, jobs, tasks, messages, facts, outlet, w.clock, test_settings()) {}

  std::unique_ptr<sql::Connection> db;
  SqliteRuleBook rules;
  SqliteCareJobs jobs;
  SqliteCareTasks tasks;
  SqliteCareMessages messages;
  SqliteCareFacts facts;
  SqliteCareOutlet outlet;
  CareEngine engine;
};

// `count` jobs of a tagging rule for one customer, all due now.
void schedule_jobs(CareWorld& w, int count) {
  const auto rule = w.rule(tag_rule("order_paid", "thanked"));
  const auto customer = w.order("9001", "nina", "paid", "", false);
  for (int i = 0; i < count; ++i) {
    CareJob job;
    job.rule_id = rule;
    job.key = "claim:" + std::to_string(i);
    job.customer_id = customer;
    job.trigger = "order_paid";
    job.triggered_at = w.clock.now;
    job.due_at = w.clock.now;
    REQUIRE(w.jobs.schedule(job));
  }
}

}  // namespace

TEST_CASE("two nodes turning care at once carry out each due job once") {
  CareWorld w;
  constexpr int kJobs = 300;
  schedule_jobs(w, kJobs);
  Node a(w, w.base.open_another());
  Node b(w, w.base.open_another());
  std::exception_ptr failed_a, failed_b;
  auto turn = [](Node& node, std::exception_ptr& failed) {
    try {
      while (node.engine.run_due(7) > 0) {
      }
    } catch (...) {
      failed = std::current_exception();
    }
  };
  std::thread first(turn, std::ref(a), std::ref(failed_a));
  std::thread second(turn, std::ref(b), std::ref(failed_b));
  first.join();
  second.join();
  // A job both had taken would have failed one batch (its second finish) or logged twice.
  CHECK_FALSE(failed_a);
  CHECK_FALSE(failed_b);
  while (w.engine.run_due(50) > 0) {
  }
  CHECK(w.count("SELECT COUNT(*) FROM care_jobs WHERE status = 'done'") == kJobs);
  CHECK(w.count("SELECT COUNT(*) FROM events WHERE type = 'care_action'") == kJobs);
}

TEST_CASE("a due job another node holds is passed over until it commits or rolls back") {
  CareWorld w;
  if (!w.base.postgres()) {
    // SQLite: BEGIN IMMEDIATE lets one writer in at a time, so a second node never sees a job
    // another holds (the case above covers it); PostgreSQL takes rows row by row.
    SUCCEED("SQLite serialises writers");
    return;
  }
  schedule_jobs(w, 10);
  Node a(w, w.base.open_another());
  Node b(w, w.base.open_another());
  std::vector<std::int64_t> held;
  {
    sql::Transaction holding(*a.db, sql::Transaction::Mode::write);
    for (const CareJob& job : a.jobs.due(w.clock.now, 4)) held.push_back(job.id);
    REQUIRE(held.size() == 4);
    // Node b sees only the six a does not hold, and carries them out.
    const auto free = b.jobs.due(w.clock.now, 100);
    CHECK(free.size() == 6);
    for (const CareJob& job : free)
      CHECK(std::find(held.begin(), held.end(), job.id) == held.end());
    CHECK(b.engine.run_due(100) == 6);
    CHECK(w.count("SELECT COUNT(*) FROM care_jobs WHERE status = 'done'") == 6);
    // a gives up its batch (a crash, a failed action): its jobs are free again.
  }
  CHECK(b.engine.run_due(100) == 4);
  CHECK(w.count("SELECT COUNT(*) FROM care_jobs WHERE status = 'done'") == 10);
  CHECK(w.count("SELECT COUNT(*) FROM events WHERE type = 'care_action'") == 10);
}

TEST_CASE("an event committed after a later one is still read by the feed, once") {
  CareWorld w;
  const auto ann = w.order("9101", "ann", "paid", "", false);
  const auto bo = w.order("9102", "bo", "paid", "", false);
  w.outlet.atomically([&] { w.feed.read_new(1000); });  // the orders' own events are old news
  auto resolved = [&](sql::Connection& db, std::int64_t customer) {
    sql::Statement s(db,
                     "INSERT INTO events(at, type, customer_id, data) "
                     "VALUES (?, 'conversation_resolved', ?, '{}')");
    s.bind(1, w.clock.now).bind(2, customer);
    s.exec();
  };
  auto read = [&] {
    std::vector<std::int64_t> customers;
    w.outlet.atomically([&] {
      for (const CareEvent& e : w.feed.read_new(1000))
        if (e.type == "conversation_resolved") customers.push_back(e.customer_id);
    });
    return customers;
  };
  auto slow = w.base.open_another();
  std::vector<std::int64_t> seen;
  {
    // Ann's event takes its id first but commits last (on SQLite the slow writer holds the
    // only write lock, so Bo's waits for it: commit order is id order there).
    sql::Transaction transaction(*slow, sql::Transaction::Mode::write);
    resolved(*slow, ann);
    if (w.base.postgres()) {
      resolved(w.db, bo);
      for (auto c : read()) seen.push_back(c);
      CHECK(seen.empty());  // Bo's event waits until nothing older may still commit
    }
    transaction.commit();
  }
  if (!w.base.postgres()) resolved(w.db, bo);
  for (auto c : read()) seen.push_back(c);
  for (auto c : read()) seen.push_back(c);
  std::sort(seen.begin(), seen.end());
  CHECK(seen == std::vector<std::int64_t>{std::min(ann, bo), std::max(ann, bo)});
}
