// A node standing for the desk for as long as it runs (DeskCampaign) on a real PostgreSQL: a lost
// desk stands again only as a new candidate, and any node takes over within a second.
#include "server/cluster/desk_campaign.hpp"

#include <algorithm>
#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/post.hpp>
#include <catch2/catch.hpp>
#include <chrono>
#include <functional>
#include <future>
#include <mutex>
#include <thread>
#include <vector>

#include "tests/support/cluster_database.hpp"

using namespace kefu::cluster;
using kefu::testing::ClusterDatabase;
using namespace std::chrono_literals;
using Clock = std::chrono::steady_clock;

namespace {

// Two nodes' campaigns on one thread, what they say recorded as "a:1" (a became the desk with
// epoch 1) or "a:lost".
struct TwoNodes {
  explicit TwoNodes(const std::string& uri)
      : a(io.get_executor(), uri, "node-a", CampaignSettings{2000ms, 100ms, ""}, became("a"),
          lost("a")),
        b(io.get_executor(), uri, "node-b", CampaignSettings{2000ms, 100ms, ""}, became("b"),
          lost("b")),
        guard(io.get_executor()),
        thread([this] { io.run(); }) {}
  ~TwoNodes() {
    on_thread([this] {
      a.stop();
      b.stop();
    });
    guard.reset();
    io.stop();
    thread.join();
  }

  DeskCampaign::BecameDesk became(const std::string& node) {
    return [this, node](std::int64_t epoch) { say(node + ":" + std::to_string(epoch)); };
  }
  DeskCampaign::LostDesk lost(const std::string& node) {
    return [this, node] { say(node + ":lost"); };
  }
  void say(const std::string& what) {
    std::lock_guard lock(mutex);
    said.push_back(what);
  }
  bool heard(const std::string& what, Clock::duration limit) {
    const auto deadline = Clock::now() + limit;
    for (;;) {
      {
        std::lock_guard lock(mutex);
        if (std::find(said.begin(), said.end(), what) != said.end()) return true;
      }
      if (Clock::now() > deadline) return false;
      std::this_thread::sleep_for(10ms);
    }
  }
  void on_thread(std::function<void()> f) {
    std::promise<void> done;
    boost::asio::post(io, [&] {
      f();
      done.set_value();
    });
    done.get_future().wait();
  }

  boost::asio::io_context io;
  DeskCampaign a, b;
  boost::asio::executor_work_guard<boost::asio::io_context::executor_type> guard;
  std::mutex mutex;
  std::vector<std::string> said;  // guarded by mutex
  std::thread thread;
};

}  // namespace

TEST_CASE("a node that lost the desk stands again as a new candidate and takes over in time") {
  ClusterDatabase db(1, 3, 1);
  TwoNodes nodes(db.uri);
  nodes.on_thread([&] { nodes.a.start(); });
  REQUIRE(nodes.heard("a:1", 2s));
  nodes.on_thread([&] { nodes.b.start(); });
  std::this_thread::sleep_for(300ms);
  // The desk's backend ends (as when PostgreSQL restarts it, or a newer desk fences it).
  db.exec("SELECT pg_terminate_backend(backend_pid) FROM desk_lease");
  const auto ended = Clock::now();
  REQUIRE(nodes.heard("b:2", 1s));
  CHECK(Clock::now() - ended < 1s);
  CHECK(nodes.heard("a:lost", 1s));
  // a stood again on a new connection, and becomes the desk when b's backend ends in turn.
  db.exec("SELECT pg_terminate_backend(backend_pid) FROM desk_lease");
  REQUIRE(nodes.heard("a:3", 1s));
  CHECK(nodes.heard("b:lost", 1s));
  int a_candidacies = 0;
  nodes.on_thread([&] { a_candidacies = nodes.a.candidacies(); });
  CHECK(a_candidacies == 2);
  // A desk that stops resigns: the other takes over at its next round.
  nodes.on_thread([&] { nodes.a.stop(); });
  REQUIRE(nodes.heard("b:4", 1s));
  CHECK(db.count("SELECT epoch FROM desk_lease WHERE node = 'node-b'") == 4);
}

TEST_CASE("a candidate tries again when the frozen desk's lease runs out, not a round later") {
  ClusterDatabase db(1, 3, 1);
  // The desk renews once and freezes: its backend lives on and keeps the lock.
  DeskElection frozen(db.uri, "node-a", 600ms);
  REQUIRE(frozen.campaign() == 1);
  const auto renewed = Clock::now();
  // A candidate whose period is far longer than the lease: its first round finds the lease
  // running, and its second comes when the lease runs out rather than a period later.
  boost::asio::io_context io;
  std::promise<std::int64_t> became;
  DeskCampaign candidate(
      io.get_executor(), db.uri, "node-b",
      CampaignSettings{.lease = 600ms, .period = 5000ms, .address = "", .renewal = 200ms},
      [&](std::int64_t epoch) { became.set_value(epoch); }, [] {});
  auto future = became.get_future();
  boost::asio::post(io, [&] { candidate.start(); });
  std::thread thread([&] { io.run(); });  // until stop() cancels its timer
  const auto status = future.wait_for(3s);
  const auto took = Clock::now() - renewed;
  boost::asio::post(io, [&] { candidate.stop(); });
  thread.join();
  REQUIRE(status == std::future_status::ready);
  CHECK(future.get() == 2);
  CHECK(took >= 600ms);
  // The lease, ending the frozen backend (it is idle: at once), the epoch's bump: well under the
  // 5 s the period alone would take, and under the lease + 1 s the issue sets.
  CHECK(took < 1600ms);
  CHECK_FALSE(frozen.campaign());
  CHECK(frozen.lost());
}
