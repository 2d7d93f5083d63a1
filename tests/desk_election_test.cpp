// The elected desk on a real PostgreSQL (issue 19): failover when the desk's connection dies,
// fencing of a desk that stalled past its lease, and assignments that the schema keeps within
// capacity and to one assignee per conversation, whatever desks run at once.
#include "server/cluster/desk_election.hpp"

#include <poll.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <atomic>
#include <catch2/catch.hpp>
#include <chrono>
#include <thread>
#include <vector>

#include "server/cluster/desk_connections.hpp"
#include "server/cluster/pg_call.hpp"
#include "server/cluster/postgres_assignment_ledger.hpp"
#include "tests/support/cluster_database.hpp"

using namespace kefu::cluster;
using kefu::testing::ClusterDatabase;
using namespace std::chrono_literals;
using Clock = std::chrono::steady_clock;

namespace {

// Campaigns every 20 ms until `candidate` is the desk or `limit` has passed; the time it took.
std::optional<Clock::duration> campaign_until_desk(DeskElection& candidate, Clock::duration limit) {
  const auto start = Clock::now();
  while (Clock::now() - start < limit) {
    if (candidate.campaign()) return Clock::now() - start;
    std::this_thread::sleep_for(20ms);
  }
  return std::nullopt;
}

// Everything an assignment or a requeue writes, in one line, to show a refusal changed nothing.
std::string snapshot(const ClusterDatabase& db) {
  kefu::store::PgConnection c(db.uri);
  return c
      .exec(
          "SELECT (SELECT COUNT(*) FROM assignments) || '/' || "
          "(SELECT COUNT(*) FROM assignments WHERE ended_at IS NULL) || '/' || "
          "(SELECT COALESCE(string_agg(agent_id || ':' || active, ',' ORDER BY agent_id), '') "
          "FROM agent_loads) || '/' || "
          "(SELECT string_agg(id || status || COALESCE(agent_id::text, '-'), ',' ORDER BY id) "
          "FROM conversations) || '/' || (SELECT COUNT(*) FROM events)")
      .text(0, 0);
}

}  // namespace

TEST_CASE("a second candidate becomes the desk within a second of the first one's socket closing") {
  ClusterDatabase db(1, 3, 1);
  DeskElection first(db.uri, "node-a", 2000ms);
  DeskElection second(db.uri, "node-b", 2000ms);
  REQUIRE(first.campaign() == 1);
  CHECK_FALSE(second.campaign());
  CHECK_FALSE(second.lost());
  CHECK(first.campaign() == 1);  // the desk renews and stays
  // The first node dies: its socket closes (as when the process is killed), the server ends
  // its backend and frees the lock.
  REQUIRE(::shutdown(first.socket(), SHUT_RDWR) == 0);
  const auto took = campaign_until_desk(second, 1s);
  REQUIRE(took);
  CHECK(*took < 1s);
  CHECK(second.epoch() == 2);
  CHECK(db.count("SELECT epoch FROM desk_lease") == 2);
  CHECK(db.count("SELECT COUNT(*) FROM desk_lease WHERE node = 'node-b'") == 1);
  // The old desk can never lead again: its connection is never made again.
  CHECK_FALSE(first.campaign());
  CHECK(first.lost());
  CHECK_FALSE(first.leading());
}

TEST_CASE("a second candidate becomes the desk within a second of the first one's backend ending") {
  ClusterDatabase db(1, 3, 1);
  DeskElection first(db.uri, "node-a", 2000ms);
  DeskElection second(db.uri, "node-b", 2000ms);
  REQUIRE(first.campaign() == 1);
  CHECK_FALSE(second.campaign());
  db.exec("SELECT pg_terminate_backend(" + std::to_string(first.backend_pid()) + ")");
  const auto took = campaign_until_desk(second, 1s);
  REQUIRE(took);
  CHECK(second.epoch() == 2);
  CHECK_FALSE(first.campaign());
  CHECK(first.lost());
  // A third node standing now finds the desk taken and its lease fresh.
  DeskElection third(db.uri, "node-c", 2000ms);
  CHECK_FALSE(third.campaign());
  CHECK(second.campaign() == 2);
}

TEST_CASE("a candidate that finds the desk taken reads how long its lease has left") {
  ClusterDatabase db(1, 3, 1);
  DeskElection desk(db.uri, "node-a", 2000ms);
  DeskElection candidate(db.uri, "node-b", 2000ms);
  CHECK_FALSE(candidate.lease_left());  // nothing read yet
  REQUIRE(desk.campaign() == 1);
  CHECK_FALSE(desk.lease_left());  // the desk renews: it reads no lease
  CHECK_FALSE(candidate.campaign());
  REQUIRE(candidate.lease_left());
  CHECK(*candidate.lease_left() > 1500ms);
  CHECK(*candidate.lease_left() <= 2000ms);
  std::this_thread::sleep_for(600ms);
  CHECK_FALSE(candidate.campaign());
  REQUIRE(candidate.lease_left());
  CHECK(*candidate.lease_left() <= 1400ms);
  // The desk renews: the lease is whole again.
  REQUIRE(desk.campaign() == 1);
  CHECK_FALSE(candidate.campaign());
  REQUIRE(candidate.lease_left());
  CHECK(*candidate.lease_left() > 1500ms);
  // The desk dies: the candidate takes the lock and reads no lease.
  REQUIRE(::shutdown(desk.socket(), SHUT_RDWR) == 0);
  REQUIRE(campaign_until_desk(candidate, 1s));
  CHECK_FALSE(candidate.lease_left());
}

TEST_CASE(
    "a desk that stalls past its lease is replaced and fenced: its assignments change nothing") {
  ClusterDatabase db(2, 3, 3);
  DeskElection stalled(db.uri, "node-a", 400ms);
  DeskElection standby(db.uri, "node-b", 400ms);
  PostgresAssignmentLedger stalled_ledger(db.uri);  // the stalled node's store connection
  PostgresAssignmentLedger standby_ledger(db.uri);
  const auto old_epoch = stalled.campaign();
  REQUIRE(old_epoch == 1);
  REQUIRE(stalled_ledger.assign(*old_epoch, 1, 1, 100, "least_load") ==
          AssignmentOutcome::assigned);
  // The desk freezes (SIGSTOP, a long pause): it stops renewing, but its backend lives on and
  // keeps the lock. Within the lease the standby does not take over.
  CHECK_FALSE(standby.campaign());
  CHECK_FALSE(standby.lost());
  const auto start = Clock::now();
  const auto took = campaign_until_desk(standby, 2s);
  REQUIRE(took);
  CHECK(Clock::now() - start < 400ms + 1s);
  const auto new_epoch = standby.epoch();
  CHECK(new_epoch == 2);

  // The old desk wakes up and acts on what it last knew: every write is refused, none lands.
  const auto before = snapshot(db);
  CHECK(stalled_ledger.assign(*old_epoch, 2, 1, 200, "least_load") ==
        AssignmentOutcome::stale_desk);
  CHECK(stalled_ledger.assign(*old_epoch, 3, 2, 200, "least_load") ==
        AssignmentOutcome::stale_desk);
  CHECK(stalled_ledger.requeue(*old_epoch, 1, 200, "agent_lost").stale_desk);
  CHECK(snapshot(db) == before);
  CHECK(db.count("SELECT COUNT(*) FROM conversations WHERE status = 'assigned'") == 1);
  // Its election connection was ended by the standby: it learns it is no longer the desk.
  CHECK_FALSE(stalled.campaign());
  CHECK(stalled.lost());
  // The new desk works on, with its own epoch.
  CHECK(standby_ledger.assign(new_epoch, 2, 1, 300, "least_load") == AssignmentOutcome::assigned);
  const auto requeued = standby_ledger.requeue(new_epoch, 1, 300, "agent_lost");
  CHECK_FALSE(requeued.stale_desk);
  CHECK(requeued.agent == 1);
  CHECK(db.count("SELECT active FROM agent_loads WHERE agent_id = 1") == 1);
  CHECK(db.count("SELECT COUNT(*) FROM events WHERE data LIKE '%\"desk_epoch\":2%'") == 2);
}

TEST_CASE("a new desk ends the connections of a desk frozen mid-transaction, and no others") {
  ClusterDatabase db(1, 3, 1);
  DeskElection frozen(db.uri, "node-a", 400ms);
  DeskElection standby(db.uri, "node-b", 400ms);
  REQUIRE(frozen.campaign() == 1);
  // The frozen desk's store holds the lease FOR SHARE and a row FOR UPDATE in a transaction it
  // will not end while frozen; a standby's own connection (not the desk's) holds nothing.
  kefu::store::PgConnection desk_store(desk_connection_uri(db.uri));
  desk_store.exec("BEGIN");
  desk_store.exec("SELECT kefu_desk_fence(1)");
  desk_store.exec("SELECT 1 FROM conversations WHERE id = 1 FOR UPDATE");
  kefu::store::PgConnection bystander(db.uri);
  const auto bystander_pid = bystander.exec("SELECT pg_backend_pid()").int64(0, 0);

  const auto start = Clock::now();
  const auto took = campaign_until_desk(standby, 3s);
  REQUIRE(took);
  CHECK(Clock::now() - start < 400ms + 1s);
  CHECK(standby.epoch() == 2);
  // The new desk takes the row at once: the frozen transaction was rolled back.
  kefu::store::PgConnection new_desk(desk_connection_uri(db.uri));
  new_desk.exec("SET lock_timeout = '2s'");
  CHECK(new_desk.exec("SELECT id FROM conversations WHERE id = 1 FOR UPDATE").int64(0, 0) == 1);
  // The frozen desk's connection is gone; the bystander's is not.
  CHECK_THROWS(desk_store.exec("SELECT 1"));
  CHECK(bystander.exec("SELECT pg_backend_pid()").int64(0, 0) == bystander_pid);
}

TEST_CASE("concurrent assignments never take an agent past capacity nor give a chat two agents") {
  constexpr int kCapacity = 3;
  constexpr int kChats = 12;
  ClusterDatabase db(2, kCapacity, kChats);
  DeskElection desk(db.uri, "node-a", 2000ms);
  const auto epoch = desk.campaign();
  REQUIRE(epoch);
  // Eight writers (as if several desks believed they led with the current epoch) each try every
  // chat, alternating agents, all at once.
  std::atomic<int> assigned{0}, full{0}, taken{0};
  std::vector<std::thread> writers;
  for (int w = 0; w < 8; ++w) {
    writers.emplace_back([&, w] {
      PostgresAssignmentLedger ledger(db.uri);
      for (int c = 1; c <= kChats; ++c) {
        const int agent = 1 + (c + w) % 2;
        switch (ledger.assign(*epoch, c, agent, 100, "least_load")) {
          case AssignmentOutcome::assigned:
            ++assigned;
            break;
          case AssignmentOutcome::agent_at_capacity:
            ++full;
            break;
          case AssignmentOutcome::already_assigned:
            ++taken;
            break;
          default:
            break;
        }
      }
    });
  }
  for (auto& t : writers) t.join();
  CHECK(assigned == 2 * kCapacity);
  CHECK(assigned + full + taken == 8 * kChats);
  CHECK(db.count("SELECT COUNT(*) FROM assignments WHERE ended_at IS NULL") == 2 * kCapacity);
  CHECK(db.count("SELECT MAX(n) FROM (SELECT COUNT(*) n FROM assignments WHERE ended_at IS NULL "
                 "GROUP BY agent_id) a") == kCapacity);
  CHECK(db.count("SELECT MAX(n) FROM (SELECT COUNT(*) n FROM assignments WHERE ended_at IS NULL "
                 "GROUP BY conversation_id) a") == 1);
  CHECK(db.count("SELECT COUNT(*) FROM agent_loads WHERE active <> " + std::to_string(kCapacity)) ==
        0);
  CHECK(db.count("SELECT COUNT(*) FROM events WHERE type = 'conversation_assigned'") ==
        2 * kCapacity);
  CHECK(db.count("SELECT COUNT(*) FROM conversations c JOIN assignments a ON "
                 "a.conversation_id = c.id AND a.ended_at IS NULL WHERE c.agent_id = a.agent_id "
                 "AND c.status = 'assigned'") == 2 * kCapacity);
}

TEST_CASE("the schema itself refuses a second assignee, an agent over capacity and a stale epoch") {
  ClusterDatabase db(2, 1, 3);
  DeskElection desk(db.uri, "node-a", 2000ms);
  const auto epoch = desk.campaign();
  REQUIRE(epoch == 1);
  PostgresAssignmentLedger ledger(db.uri);
  REQUIRE(ledger.assign(1, 1, 1, 100, "least_load") == AssignmentOutcome::assigned);
  CHECK(ledger.assign(1, 1, 2, 100, "least_load") == AssignmentOutcome::already_assigned);
  CHECK(ledger.assign(1, 2, 1, 100, "least_load") == AssignmentOutcome::agent_at_capacity);
  CHECK(ledger.assign(1, 99, 2, 100, "least_load") == AssignmentOutcome::no_conversation);
  const auto before = snapshot(db);
  // Straight into the table, past the functions: each is refused with its own SQLSTATE.
  kefu::store::PgConnection raw(db.uri);
  auto insert = [&](const std::string& values) {
    return call(raw,
                "INSERT INTO assignments(conversation_id, agent_id, epoch, assigned_at) VALUES " +
                    values)
        .sqlstate();
  };
  CHECK(insert("(1, 2, 1, 100)") == "23505");  // a second active assignee
  CHECK(insert("(2, 1, 1, 100)") == "23514");  // agent 1 is at capacity (1)
  CHECK(insert("(3, 2, 0, 100)") == "KFD01");  // an epoch that is not the current one
  CHECK(call(raw, "DELETE FROM assignments").sqlstate() == "KFD02");
  CHECK(call(raw, "UPDATE assignments SET agent_id = 2").sqlstate() == "KFD02");
  CHECK(call(raw, "UPDATE assignments SET ended_at = 1, ended_epoch = 0, end_reason = 'x'")
            .sqlstate() == "KFD01");
  CHECK(snapshot(db) == before);
  // A requeue frees the agent's place, and the ended assignment stays as history.
  CHECK(ledger.requeue(1, 1, 200, "agent_lost").agent == 1);
  CHECK(ledger.requeue(1, 1, 200, "agent_lost").agent == std::nullopt);
  CHECK(call(raw, "UPDATE assignments SET ended_at = 5").sqlstate() == "KFD02");
  CHECK(ledger.assign(1, 2, 1, 300, "least_load") == AssignmentOutcome::assigned);
  CHECK(db.count("SELECT COUNT(*) FROM assignments") == 2);
  CHECK(db.count("SELECT active FROM agent_loads WHERE agent_id = 1") == 1);
  CHECK(db.count("SELECT COUNT(*) FROM conversations WHERE id = 1 AND status = 'queued' AND "
                 "agent_id IS NULL") == 1);
}

namespace {

// A desk in a process of its own, for SIGSTOP: it stands once, tells its epoch on `report`,
// then renews every 50 ms and, for each byte read on `orders`, tries to assign conversation 2
// to agent 1 with its epoch and reports the outcome (one byte: the AssignmentOutcome).
[[noreturn]] void run_desk_process(const std::string& uri, int orders, int report) {
  int status = 1;
  try {
    DeskElection desk(uri, "frozen", 400ms);
    PostgresAssignmentLedger ledger(uri);
    const std::int64_t epoch = desk.campaign().value_or(0);
    if (::write(report, &epoch, sizeof epoch) != sizeof epoch) ::_exit(1);
    for (;;) {
      pollfd ready{orders, POLLIN, 0};
      if (::poll(&ready, 1, 50) == 1) {
        char order = 0;
        if (::read(orders, &order, 1) != 1) break;  // the test closed its end
        const auto outcome = static_cast<char>(ledger.assign(epoch, 2, 1, 500, "least_load"));
        if (::write(report, &outcome, 1) != 1) break;
      }
      desk.campaign();
    }
    status = 0;
  } catch (...) {
  }
  ::_exit(status);
}

}  // namespace

TEST_CASE(
    "a desk process frozen with SIGSTOP past its lease is replaced, and fenced when it wakes") {
  ClusterDatabase db(1, 3, 2);
  int orders[2], report[2];
  REQUIRE(::pipe(orders) == 0);
  REQUIRE(::pipe(report) == 0);
  const pid_t frozen = ::fork();
  REQUIRE(frozen >= 0);
  if (frozen == 0) {
    ::prctl(PR_SET_PDEATHSIG, SIGKILL);
    ::close(orders[1]);
    ::close(report[0]);
    run_desk_process(db.uri, orders[0], report[1]);
  }
  ::close(orders[0]);
  ::close(report[1]);
  std::int64_t old_epoch = 0;
  REQUIRE(::read(report[0], &old_epoch, sizeof old_epoch) == sizeof old_epoch);
  REQUIRE(old_epoch == 1);

  DeskElection standby(db.uri, "node-b", 400ms);
  CHECK_FALSE(standby.campaign());  // the desk renews: its lease is fresh
  REQUIRE(::kill(frozen, SIGSTOP) == 0);
  const auto stopped = Clock::now();
  const auto took = campaign_until_desk(standby, 3s);
  REQUIRE(took);
  CHECK(Clock::now() - stopped < 400ms + 1s);
  CHECK(standby.epoch() == 2);

  const auto before = snapshot(db);
  REQUIRE(::kill(frozen, SIGCONT) == 0);
  const char order = 'a';
  REQUIRE(::write(orders[1], &order, 1) == 1);
  char outcome = 0;
  REQUIRE(::read(report[0], &outcome, 1) == 1);
  CHECK(static_cast<AssignmentOutcome>(outcome) == AssignmentOutcome::stale_desk);
  CHECK(snapshot(db) == before);
  CHECK(db.count("SELECT COUNT(*) FROM desk_lease WHERE node = 'node-b' AND epoch = 2") == 1);

  ::close(orders[1]);
  ::close(report[0]);
  int status = 0;
  ::waitpid(frozen, &status, 0);
  CHECK(WIFEXITED(status));
}
