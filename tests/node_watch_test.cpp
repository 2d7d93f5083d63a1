// The desk's watch over the nodes' heartbeats with a fake registry on a clock the test moves
// (server/cluster/node_watch.hpp): a node is declared gone once its heartbeat is older than the
// lease, once, and back when it heartbeats again; a round after a gap (the desk just rose, or
// could not read the registry) declares nobody gone, giving every node a full lease.
#include "server/cluster/node_watch.hpp"

#include <catch2/catch.hpp>
#include <map>
#include <stdexcept>

using namespace kefu::cluster;
using namespace std::chrono_literals;

namespace {

struct FakeRegistry : NodeRegistry {
  void beat(const std::string& node) override { beats[node] = now; }
  void agent_connected(const std::string&, std::int64_t) override {}
  void agent_disconnected(const std::string&, std::int64_t) override {}
  View view() override {
    if (unreachable) throw std::runtime_error("the registry is unreachable");
    View v;
    v.now = now;
    v.beats.assign(beats.begin(), beats.end());
    return v;
  }

  std::int64_t now = 100'000;
  bool unreachable = false;
  std::map<std::string, std::int64_t> beats;
};

using Names = std::vector<std::string>;

}  // namespace

TEST_CASE("a node is declared gone once its heartbeat is older than the lease, and back later") {
  FakeRegistry registry;
  NodeWatch watch(3000ms);
  registry.beat("a");
  registry.beat("b");
  CHECK(watch.round(registry).gone.empty());
  // Both beat every second; then b stops.
  for (int i = 0; i < 3; ++i) {
    registry.now += 1000;
    registry.beat("a");
    registry.beat("b");
    CHECK(watch.round(registry).gone.empty());
  }
  for (int i = 0; i < 3; ++i) {
    registry.now += 1000;
    registry.beat("a");
    CHECK(watch.round(registry).gone.empty());  // 3000 ms exactly is still within the lease
  }
  registry.now += 1000;
  registry.beat("a");
  auto changes = watch.round(registry);
  CHECK(changes.gone == Names{"b"});
  CHECK(changes.back.empty());
  // Said once.
  registry.now += 1000;
  registry.beat("a");
  CHECK(watch.round(registry).gone.empty());
  // b heartbeats again: back, once.
  registry.now += 1000;
  registry.beat("a");
  registry.beat("b");
  changes = watch.round(registry);
  CHECK(changes.back == Names{"b"});
  CHECK(changes.gone.empty());
  registry.now += 1000;
  registry.beat("a");
  registry.beat("b");
  CHECK(watch.round(registry).back.empty());
}

TEST_CASE(
    "the first round, and a round after the registry was out of reach, declare no node "
    "gone") {
  FakeRegistry registry;
  NodeWatch watch(3000ms);
  // A node whose last heartbeat is old when the desk rises gets a full lease from now.
  registry.beats["stale"] = registry.now - 60'000;
  registry.beat("a");
  CHECK(watch.round(registry).gone.empty());
  registry.now += 3000;
  registry.beat("a");
  CHECK(watch.round(registry).gone.empty());
  registry.now += 1000;
  registry.beat("a");
  CHECK(watch.round(registry).gone == Names{"stale"});

  // The registry out of reach for 10 s (PostgreSQL restarting): nobody's heartbeat got
  // through, the desk's own included. The round that reads it again declares nobody gone.
  registry.unreachable = true;
  registry.now += 10'000;
  CHECK_THROWS_AS(watch.round(registry), std::runtime_error);
  registry.unreachable = false;
  registry.beats["b"] = registry.now - 9000;  // b's last before the outage
  registry.beat("a");
  auto changes = watch.round(registry);
  CHECK(changes.gone.empty());
  CHECK(changes.back.empty());  // `stale` stays gone: it did not heartbeat
  // b's lease counts from that round: not gone a lease later, gone after.
  registry.now += 3000;
  registry.beat("a");
  CHECK(watch.round(registry).gone.empty());
  registry.now += 1000;
  registry.beat("a");
  CHECK(watch.round(registry).gone == Names{"b"});
}
