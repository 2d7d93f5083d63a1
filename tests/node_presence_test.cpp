// Presence across nodes with a fake clock: a node that stops heartbeating past its lease is
// declared gone, its agents get the grace period, then their chats requeue (through the fenced
// ledger, so a stale desk requeues nothing). No database: the registry and the ledger are fakes
// with the interfaces' contracts.
#include "server/cluster/node_presence.hpp"

#include <catch2/catch.hpp>
#include <map>
#include <set>

#include "server/cluster/presence_sweep.hpp"

using namespace kefu::cluster;
using namespace std::chrono_literals;

namespace {

// The registry on a clock the test moves.
struct FakeRegistry : NodeRegistry {
  void beat(const std::string& node) override { beats[node] = now; }
  void agent_connected(const std::string& node, std::int64_t agent) override {
    sockets.insert({agent, node});
  }
  void agent_disconnected(const std::string& node, std::int64_t agent) override {
    sockets.erase({agent, node});
  }
  View view() override {
    View v;
    v.now = now;
    v.beats.assign(beats.begin(), beats.end());
    v.sockets.assign(sockets.begin(), sockets.end());
    return v;
  }

  std::int64_t now = 0;
  std::map<std::string, std::int64_t> beats;
  std::set<std::pair<std::int64_t, std::string>> sockets;
};

// The ledger's contract in memory: a desk epoch, one agent per conversation.
struct FakeLedger : AssignmentLedger {
  AssignmentOutcome assign(std::int64_t epoch, std::int64_t conversation, std::int64_t agent,
                           std::int64_t, const std::string&) override {
    if (epoch != current_epoch) return AssignmentOutcome::stale_desk;
    if (assigned.count(conversation) != 0) return AssignmentOutcome::already_assigned;
    assigned[conversation] = agent;
    return AssignmentOutcome::assigned;
  }
  RequeueOutcome requeue(std::int64_t epoch, std::int64_t conversation, std::int64_t,
                         const std::string& reason) override {
    RequeueOutcome outcome;
    if (epoch != current_epoch) {
      outcome.stale_desk = true;
      return outcome;
    }
    auto found = assigned.find(conversation);
    if (found == assigned.end()) return outcome;
    outcome.agent = found->second;
    assigned.erase(found);
    reasons.push_back(reason);
    return outcome;
  }
  std::vector<std::int64_t> active_conversations(std::int64_t agent) override {
    std::vector<std::int64_t> out;
    for (const auto& [conversation, holder] : assigned) {
      if (holder == agent) out.push_back(conversation);
    }
    return out;
  }

  std::int64_t current_epoch = 1;
  std::map<std::int64_t, std::int64_t> assigned;
  std::vector<std::string> reasons;
};

struct Floor {
  Floor() : presence(PresenceSettings{5s, 60s}), sweep(registry, ledger, presence) {
    registry.beat("node-a");
    registry.beat("node-b");
    registry.agent_connected("node-a", 1);
    registry.agent_connected("node-b", 2);
    ledger.assign(1, 10, 1, 0, "least_load");
    ledger.assign(1, 11, 1, 0, "least_load");
    ledger.assign(1, 12, 2, 0, "least_load");
  }
  // Moves the clock to `at` ms, node-b (and node-a while `a_alive`) beating every second on the
  // way, the desk sweeping each time; returns the conversations requeued meanwhile.
  std::vector<std::int64_t> run_until(std::int64_t at, bool a_alive = false) {
    std::vector<std::int64_t> requeued;
    while (registry.now < at) {
      registry.now = std::min(at, registry.now + 1000);
      registry.beat("node-b");
      if (a_alive) registry.beat("node-a");
      const auto report = sweep.run(1);
      requeued.insert(requeued.end(), report.requeued.begin(), report.requeued.end());
    }
    return requeued;
  }

  FakeRegistry registry;
  FakeLedger ledger;
  NodePresence presence;
  PresenceSweep sweep;
};

}  // namespace

TEST_CASE("a node that stops heartbeating has its agents' chats requeued after the grace") {
  Floor floor;
  CHECK(floor.run_until(3000, true).empty());  // node-a's last beat: 3 s
  // Within the lease: node-a is still alive.
  CHECK(floor.run_until(8000).empty());
  CHECK(floor.presence.alive("node-a"));
  // Past it (8.001 s - 3 s > 5 s): declared gone, agent 1 in grace for 60 s; nothing requeued.
  floor.registry.now = 8001;
  auto report = floor.sweep.run(1);
  CHECK(report.changes.nodes_gone == std::vector<std::string>{"node-a"});
  CHECK(report.changes.agents_in_grace == std::vector<std::int64_t>{1});
  CHECK(report.requeued.empty());
  CHECK(floor.presence.grace_ends(1) == 68001);
  CHECK(floor.run_until(68000).empty());
  CHECK(floor.ledger.assigned.size() == 3);
  // The grace runs out: agent 1's two chats go back to the queue; agent 2's stays.
  CHECK(floor.run_until(68001) == std::vector<std::int64_t>{10, 11});
  CHECK(floor.ledger.assigned == std::map<std::int64_t, std::int64_t>{{12, 2}});
  CHECK(floor.ledger.reasons == std::vector<std::string>{"agent_lost", "agent_lost"});
  // The registry forgot agent 1's socket on node-a, and later rounds requeue nothing more.
  CHECK(floor.registry.sockets.count({1, "node-a"}) == 0);
  CHECK(floor.run_until(200000).empty());
  CHECK(floor.ledger.assigned.size() == 1);
}

TEST_CASE("an agent back on another node within the grace keeps their chats") {
  Floor floor;
  floor.run_until(1000, true);
  floor.run_until(7000);  // node-a gone at 6.001 s at the latest
  REQUIRE_FALSE(floor.presence.alive("node-a"));
  REQUIRE(floor.presence.grace_ends(1));
  floor.run_until(30000);
  floor.registry.agent_connected("node-b", 1);
  const auto report = floor.sweep.run(1);
  CHECK(report.changes.agents_back == std::vector<std::int64_t>{1});
  CHECK_FALSE(floor.presence.grace_ends(1));
  CHECK(floor.run_until(200000).empty());
  CHECK(floor.ledger.assigned.size() == 3);
}

TEST_CASE("an agent on two nodes stays while one of them lives, and a node may come back") {
  NodePresence presence(PresenceSettings{5s, 60s});
  presence.heartbeat("node-a", 0);
  presence.heartbeat("node-b", 0);
  presence.set_sockets({{1, "node-a"}, {1, "node-b"}});
  presence.heartbeat("node-b", 9000);
  const auto gone = presence.sweep(10000);
  CHECK(gone.nodes_gone == std::vector<std::string>{"node-a"});
  CHECK(gone.agents_in_grace.empty());
  presence.heartbeat("node-a", 11000);  // it was only frozen
  const auto back = presence.sweep(11000);
  CHECK(back.nodes_back == std::vector<std::string>{"node-a"});
  CHECK(presence.alive("node-a"));
  // A heartbeat older than the one known changes nothing.
  presence.heartbeat("node-a", 1);
  CHECK(presence.sweep(12000).nodes_gone.empty());
}

TEST_CASE("a desk replaced during the grace requeues nothing") {
  Floor floor;
  floor.run_until(1000, true);
  floor.run_until(7000);
  REQUIRE(floor.presence.grace_ends(1));
  floor.ledger.current_epoch = 2;  // another node became the desk
  floor.registry.now = 70000;
  floor.registry.beat("node-b");
  const auto report = floor.sweep.run(1);
  CHECK(report.stale_desk);
  CHECK(report.requeued.empty());
  CHECK(floor.ledger.assigned.size() == 3);
  // The new desk, sweeping with its own epoch, finishes the job.
  CHECK(floor.sweep.run(2).requeued == std::vector<std::int64_t>{10, 11});
}
