// A new desk announces itself on the bus (issue 19): the standbys of `kefu serve` nodes hear it
// and read the lease at once, so the sockets they relay leave the old desk without waiting for
// their next reading (server/net/desk_candidate.hpp, cluster::NodeBus::announce_desk).
#include <catch2/catch.hpp>
#include <chrono>
#include <csignal>
#include <optional>
#include <string>
#include <thread>
#include <utility>

#include "tests/support/cluster_fixture.hpp"
#include "tests/support/local_nats.hpp"

using namespace kefu::testing;
using namespace std::chrono_literals;

namespace {

bool printed(const ClusterNode& node, const std::string& line) {
  for (const auto& l : node.lines()) {
    if (l == line) return true;
  }
  return false;
}

}  // namespace

TEST_CASE("a new desk announces its epoch on the bus and the other standby hears it") {
  LocalNats nats;
  Cluster cluster;
  cluster.bus = nats.url();
  auto a = cluster.node("node-a");
  REQUIRE(a->wait_for("desk: node node-a epoch 1", kStart));
  auto b = cluster.node("node-b");
  REQUIRE(b->wait_for("standby: node node-b", kStart));
  auto c = cluster.node("node-c");
  REQUIRE(c->wait_for("standby: node node-c", kStart));
  // Neither standby heard node-a's announcement: it was made before they were there.
  CHECK_FALSE(printed(*b, "desk announced: epoch 1"));
  std::this_thread::sleep_for(500ms);  // the standbys' buses connect and subscribe

  a->signal(SIGKILL);
  REQUIRE(a->wait_exit(5s));
  // One of them wins epoch 2 and announces it once it serves; the other prints what it heard.
  const auto deadline = std::chrono::steady_clock::now() + 10s;
  ClusterNode* desk = nullptr;
  ClusterNode* standby = nullptr;
  while (std::chrono::steady_clock::now() < deadline && (!desk || !standby)) {
    b->wait_for("desk", 50ms);
    c->wait_for("desk", 50ms);
    if (printed(*b, "desk: node node-b epoch 2")) desk = b.get(), standby = c.get();
    if (printed(*c, "desk: node node-c epoch 2")) desk = c.get(), standby = b.get();
    if (standby && !printed(*standby, "desk announced: epoch 2")) standby = nullptr;
  }
  REQUIRE(desk != nullptr);
  REQUIRE(standby != nullptr);
  CHECK_FALSE(printed(*desk, "desk announced: epoch 2"));  // no node hears its own
  CHECK(until_healthy(*desk, 5s));
}

TEST_CASE("with no nats to announce on a standby still finds the new desk by reading the lease") {
  Cluster cluster;  // its bus names a port where nothing answers
  auto a = cluster.node("node-a");
  REQUIRE(a->wait_for("desk: node node-a epoch 1", kStart));
  auto b = cluster.node("node-b");
  REQUIRE(b->wait_for("standby: node node-b", kStart));
  auto c = cluster.node("node-c");
  REQUIRE(c->wait_for("standby: node node-c", kStart));

  a->signal(SIGKILL);
  REQUIRE(a->wait_exit(5s));
  const auto deadline = std::chrono::steady_clock::now() + 10s;
  ClusterNode* standby = nullptr;
  while (std::chrono::steady_clock::now() < deadline && !standby) {
    b->wait_for("desk", 50ms);
    c->wait_for("desk", 50ms);
    if (printed(*b, "desk: node node-b epoch 2")) standby = c.get();
    if (printed(*c, "desk: node node-c epoch 2")) standby = b.get();
  }
  REQUIRE(standby != nullptr);
  // Within a lease reading (500 ms) and a margin for a busy machine, the other standby relays
  // to the new desk, which it learnt from the lease alone.
  std::optional<std::pair<int, std::string>> health;
  for (int i = 0; i < 40 && !(health && health->first == 200); ++i) {
    health = health_of(standby->port(), 500ms);
    if (!(health && health->first == 200)) std::this_thread::sleep_for(50ms);
  }
  REQUIRE(health);
  CHECK(health->first == 200);
  CHECK(health->second == "relay\n");
  for (const auto& line : standby->lines()) CHECK(line.rfind("desk announced", 0) != 0);
}
