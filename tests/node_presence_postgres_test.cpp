// Presence across nodes on a real PostgreSQL: heartbeats on the database's clock, and the chats
// of a node's agents requeued by the desk once the node is gone and the grace has run out.
#include <catch2/catch.hpp>
#include <chrono>
#include <thread>

#include "server/cluster/desk_election.hpp"
#include "server/cluster/postgres_assignment_ledger.hpp"
#include "server/cluster/postgres_node_registry.hpp"
#include "server/cluster/presence_sweep.hpp"
#include "tests/support/cluster_database.hpp"

using namespace kefu::cluster;
using kefu::testing::ClusterDatabase;
using namespace std::chrono_literals;
using Clock = std::chrono::steady_clock;

TEST_CASE("the desk requeues a stopped node's agents' chats after lease and grace, in postgresql") {
  ClusterDatabase db(2, 3, 3);
  DeskElection desk(db.uri, "node-b", 2000ms);
  const auto epoch = desk.campaign();
  REQUIRE(epoch);
  PostgresAssignmentLedger ledger(db.uri);
  PostgresNodeRegistry node_a(db.uri), node_b(db.uri);
  // node-a's last heartbeat (on the database's clock, somewhere within this call): the lease,
  // then the grace, count from it, not from the end of this setup.
  const auto before_last_beat = Clock::now();
  node_a.beat("node-a");
  const auto after_last_beat = Clock::now();
  node_b.beat("node-b");
  node_a.agent_connected("node-a", 1);
  node_b.agent_connected("node-b", 2);
  REQUIRE(ledger.assign(*epoch, 1, 1, 100, "least_load") == AssignmentOutcome::assigned);
  REQUIRE(ledger.assign(*epoch, 2, 1, 100, "least_load") == AssignmentOutcome::assigned);
  REQUIRE(ledger.assign(*epoch, 3, 2, 100, "least_load") == AssignmentOutcome::assigned);

  NodePresence presence(PresenceSettings{300ms, 300ms});
  PresenceSweep sweep(node_b, ledger, presence);
  // node-a has stopped heartbeating; node-b goes on, its desk sweeping every 50 ms.
  std::vector<std::int64_t> requeued;
  bool in_grace_before_requeue = false;
  while (requeued.empty() && Clock::now() - after_last_beat < 5s) {
    node_b.beat("node-b");
    const auto report = sweep.run(*epoch);
    if (!report.changes.agents_in_grace.empty()) in_grace_before_requeue = report.requeued.empty();
    requeued = report.requeued;
    std::this_thread::sleep_for(50ms);
  }
  const auto requeued_at = Clock::now();
  CHECK(in_grace_before_requeue);
  CHECK(requeued == std::vector<std::int64_t>{1, 2});
  CHECK(requeued_at - before_last_beat >= 600ms);  // lease + grace
  CHECK(requeued_at - after_last_beat < 600ms + 1s);
  CHECK(db.count("SELECT COUNT(*) FROM conversations WHERE status = 'queued' AND "
                 "agent_id IS NULL AND id IN (1, 2)") == 2);
  CHECK(db.count("SELECT agent_id FROM conversations WHERE id = 3") == 2);
  CHECK(db.count("SELECT active FROM agent_loads WHERE agent_id = 1") == 0);
  CHECK(db.count("SELECT COUNT(*) FROM events WHERE type = 'conversation_queued' AND "
                 "data LIKE '%agent_lost%'") == 2);
  CHECK(db.count("SELECT COUNT(*) FROM node_agents WHERE node = 'node-a'") == 0);
  CHECK(db.count("SELECT COUNT(*) FROM node_agents WHERE node = 'node-b'") == 1);
  // Nothing more on later rounds.
  node_b.beat("node-b");
  CHECK(sweep.run(*epoch).requeued.empty());
  CHECK(db.count("SELECT COUNT(*) FROM assignments WHERE ended_at IS NOT NULL") == 2);
}
