// A new desk announces itself on the bus (issue 19): the standbys of `kefu serve` nodes hear it
// and read the lease at once, so the sockets they relay leave the old desk without waiting for
// their next reading (server/net/desk_candidate.hpp, cluster::NodeBus::announce_desk).
#include <array>
#include <catch2/catch.hpp>
#include <chrono>
#include <csignal>
#include <functional>
#include <memory>
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

// node-a the desk (epoch 1), then node-b and node-c standing by.
std::array<std::unique_ptr<ClusterNode>, 3> desk_and_two_standbys(const Cluster& cluster) {
  auto a = cluster.node("node-a");
  REQUIRE(a->wait_for("desk: node node-a epoch 1", kStart));
  auto b = cluster.node("node-b");
  REQUIRE(b->wait_for("standby: node node-b", kStart));
  auto c = cluster.node("node-c");
  REQUIRE(c->wait_for("standby: node node-c", kStart));
  return {std::move(a), std::move(b), std::move(c)};
}

// Reads both nodes' output for up to `limit` until `done` holds.
bool reading_until(ClusterNode& b, ClusterNode& c, const std::function<bool()>& done,
                   std::chrono::milliseconds limit) {
  const auto deadline = std::chrono::steady_clock::now() + limit;
  while (!done()) {
    if (std::chrono::steady_clock::now() > deadline) return false;
    b.wait_for("desk", 50ms);
    c.wait_for("desk", 50ms);
  }
  return true;
}

// Which of node-b and node-c became the desk with epoch 2 within 10 s, or null.
ClusterNode* new_desk(ClusterNode& b, ClusterNode& c) {
  ClusterNode* desk = nullptr;
  reading_until(
      b, c,
      [&] {
        if (printed(b, "desk: node node-b epoch 2")) desk = &b;
        if (printed(c, "desk: node node-c epoch 2")) desk = &c;
        return desk != nullptr;
      },
      10s);
  return desk;
}

}  // namespace

TEST_CASE("a new desk announces its epoch on the bus and the other standby hears it") {
  LocalNats nats;
  Cluster cluster;
  cluster.bus = nats.url();
  auto [a, b, c] = desk_and_two_standbys(cluster);
  // Neither standby heard node-a's announcement: it was made before they were there. Their
  // `standby:` line came once NATS had their subscriptions.
  CHECK_FALSE(printed(*b, "desk announced: epoch 1"));

  a->signal(SIGKILL);
  REQUIRE(a->wait_exit(5s));
  // One of them wins epoch 2 and announces it once it serves; the other prints what it heard.
  const auto elected = std::chrono::steady_clock::now();
  ClusterNode* desk = new_desk(*b, *c);
  REQUIRE(desk != nullptr);
  ClusterNode* standby = desk == b.get() ? c.get() : b.get();
  // Within the same 10 s.
  const auto left = 10s - std::chrono::duration_cast<std::chrono::milliseconds>(
                              std::chrono::steady_clock::now() - elected);
  REQUIRE(reading_until(
      *b, *c, [&] { return printed(*standby, "desk announced: epoch 2"); }, left));
  CHECK_FALSE(printed(*desk, "desk announced: epoch 2"));  // no node hears its own
  CHECK(until_healthy(*desk, 5s));
}

TEST_CASE("with no nats to announce on a standby still finds the new desk by reading the lease") {
  Cluster cluster;  // its bus names a port where nothing answers
  auto [a, b, c] = desk_and_two_standbys(cluster);

  a->signal(SIGKILL);
  REQUIRE(a->wait_exit(5s));
  ClusterNode* desk = new_desk(*b, *c);
  REQUIRE(desk != nullptr);
  ClusterNode* standby = desk == b.get() ? c.get() : b.get();
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
