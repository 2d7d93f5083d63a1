// Cross-node wake-ups (issue 19) on a real nats-server and a real PostgreSQL: a message stored
// by one node reaches a follower on another through NATS at once, and through the catch-up
// poll when a wake-up is missed (a skipped seq, NATS killed), exactly once and in seq order;
// a new desk's announcement reaches the standbys.
#include "server/cluster/node_bus.hpp"

#include <nats/nats.h>

#include <atomic>
#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/post.hpp>
#include <catch2/catch.hpp>
#include <chrono>
#include <functional>
#include <mutex>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

#include "server/cluster/catch_up_poller.hpp"
#include "server/cluster/postgres_message_feed.hpp"
#include "server/store/postgres/postgres_store.hpp"
#include "tests/support/cluster_database.hpp"
#include "tests/support/local_nats.hpp"
#include "tests/support/store_fixture.hpp"

using namespace kefu::cluster;
using namespace std::chrono_literals;
using kefu::testing::ClusterDatabase;
using kefu::testing::LocalNats;
using Clock = std::chrono::steady_clock;

namespace {

// Polls `done` every 10 ms for up to `limit`.
bool eventually(const std::function<bool()>& done, Clock::duration limit) {
  const auto deadline = Clock::now() + limit;
  while (!done()) {
    if (Clock::now() > deadline) return false;
    std::this_thread::sleep_for(10ms);
  }
  return true;
}

// A node that writes: its store and its bus, publishing each message once committed.
struct WritingNode {
  WritingNode(const std::string& uri, const std::string& nats)
      : store(kefu::store::PostgresOptions(uri)), bus(nats, io.get_executor(), [](WakeUp) {}) {}

  // Stores customer 1's message in `conversation`; returns its seq (after COMMIT).
  std::int64_t store_message(std::int64_t conversation, const std::string& client_id) {
    kefu::store::WriteBatch batch;
    batch.mutations.push_back(kefu::store::test::customer_message(conversation, client_id));
    const auto result = store.submit_and_wait(std::move(batch));
    REQUIRE(result.ok);
    return result.outcomes[0].value;
  }
  // Stores it and publishes the wake-up.
  std::int64_t send(std::int64_t conversation, const std::string& client_id) {
    const auto seq = store_message(conversation, client_id);
    bus.publish_stored(conversation, seq);
    return seq;
  }

  boost::asio::io_context io;
  kefu::store::PostgresStore store;
  NodeBus bus;
};

// A node that holds sockets: its bus and its catch-up poller on one thread of their own; what
// it delivers is recorded with the time it was delivered.
struct RelayNode {
  struct Delivery {
    StoredMessage message;
    Clock::time_point at;
  };

  RelayNode(const std::string& uri, const std::string& nats, std::chrono::milliseconds interval)
      : feed(uri),
        poller(io.get_executor(), feed, interval,
               [this](const StoredMessage& m) {
                 std::lock_guard lock(mutex);
                 deliveries.push_back({m, Clock::now()});
               }),
        bus(nats, io.get_executor(), [this](WakeUp w) { poller.wake(w); }),
        guard(io.get_executor()),
        thread([this] { io.run(); }) {
    boost::asio::post(io, [this] { poller.start(); });
  }
  ~RelayNode() {
    boost::asio::post(io, [this] { poller.stop(); });
    guard.reset();
    io.stop();
    thread.join();
  }

  void follow(std::int64_t conversation) {
    boost::asio::post(io, [this, conversation] { poller.follow(conversation, 0); });
    bus.watch(conversation);
  }
  std::size_t count() {
    std::lock_guard lock(mutex);
    return deliveries.size();
  }
  std::vector<Delivery> all() {
    std::lock_guard lock(mutex);
    return deliveries;
  }

  boost::asio::io_context io;
  PostgresMessageFeed feed;
  CatchUpPoller poller;
  NodeBus bus;
  boost::asio::executor_work_guard<boost::asio::io_context::executor_type> guard;
  std::mutex mutex;
  std::vector<Delivery> deliveries;  // guarded by mutex
  std::thread thread;
};

// The seqs delivered in `conversation`, in delivery order.
std::vector<std::int64_t> seqs_of(const std::vector<RelayNode::Delivery>& all,
                                  std::int64_t conversation) {
  std::vector<std::int64_t> seqs;
  for (const auto& d : all) {
    if (d.message.conversation == conversation) seqs.push_back(d.message.seq);
  }
  return seqs;
}

std::vector<std::int64_t> one_to(std::int64_t n) {
  std::vector<std::int64_t> seqs;
  for (std::int64_t i = 1; i <= n; ++i) seqs.push_back(i);
  return seqs;
}

}  // namespace

TEST_CASE("a message stored on one node reaches a follower on another through a nats wake-up") {
  LocalNats nats;
  ClusterDatabase db(1, 3, 2);
  WritingNode a(db.uri, nats.url());
  // A poll far too slow to matter: what arrives in time came through NATS.
  RelayNode b(db.uri, nats.url(), 30s);
  b.follow(1);
  REQUIRE(eventually([&] { return a.bus.connected() && b.bus.connected(); }, 5s));
  REQUIRE(b.bus.flush());  // the subscription is at the server
  for (int i = 0; i < 20; ++i) a.send(1, "m" + std::to_string(i));
  a.send(2, "not-followed");
  REQUIRE(eventually([&] { return b.count() >= 20; }, 3s));
  std::this_thread::sleep_for(100ms);
  const auto all = b.all();
  CHECK(seqs_of(all, 1) == one_to(20));
  CHECK(seqs_of(all, 2).empty());
  CHECK(all.size() == 20);
  CHECK(all.front().message.body == "hello");
  CHECK(all.front().message.author_kind == "customer");
  CHECK(b.poller.failed_reads() == 0);
}

TEST_CASE("a wake-up that skips seqs makes the follower read the missed ones from the database") {
  LocalNats nats;
  ClusterDatabase db(1, 3, 1);
  WritingNode a(db.uri, nats.url());
  RelayNode b(db.uri, nats.url(), 30s);
  b.follow(1);
  REQUIRE(eventually([&] { return a.bus.connected() && b.bus.connected(); }, 5s));
  REQUIRE(b.bus.flush());
  // Three messages whose wake-ups are lost: nothing reaches the follower (its poll is far off).
  for (int i = 0; i < 3; ++i) a.store_message(1, "lost" + std::to_string(i));
  std::this_thread::sleep_for(300ms);
  CHECK(b.count() == 0);
  // The next wake-up names seq 4: the follower reads 1 to 4 and delivers them in order.
  CHECK(a.send(1, "found") == 4);
  REQUIRE(eventually([&] { return b.count() >= 4; }, 3s));
  // A wake-up repeated for an old seq delivers nothing again.
  a.bus.publish_stored(1, 2);
  a.bus.flush();
  std::this_thread::sleep_for(200ms);
  CHECK(seqs_of(b.all(), 1) == one_to(4));
}

TEST_CASE("with nats killed mid-way the poll delivers every message exactly once in seq order") {
  LocalNats nats;
  ClusterDatabase db(1, 3, 1);
  constexpr auto kInterval = 250ms;
  WritingNode a(db.uri, nats.url());
  RelayNode b(db.uri, nats.url(), kInterval);
  b.follow(1);
  REQUIRE(eventually([&] { return a.bus.connected() && b.bus.connected(); }, 5s));
  REQUIRE(b.bus.flush());
  for (int i = 0; i < 10; ++i) a.send(1, "before" + std::to_string(i));
  REQUIRE(eventually([&] { return b.count() >= 10; }, 3s));

  nats.kill();
  REQUIRE(eventually([&] { return !a.bus.connected() && !b.bus.connected(); }, 5s));
  std::vector<Clock::time_point> committed;
  for (int i = 0; i < 10; ++i) {
    a.send(1, "during" + std::to_string(i));
    committed.push_back(Clock::now());
    std::this_thread::sleep_for(20ms);
  }
  REQUIRE(eventually([&] { return b.count() >= 20; }, 3s));
  {
    // Each was delivered within the poll interval (plus a read's time on a busy machine).
    const auto all = b.all();
    for (std::size_t i = 0; i < committed.size(); ++i) {
      CHECK(all[10 + i].at - committed[i] < kInterval + 500ms);
    }
  }

  nats.start();  // the same port: both nodes reconnect and subscribe again
  REQUIRE(eventually([&] { return a.bus.connected() && b.bus.connected(); }, 5s));
  REQUIRE(b.bus.flush());
  for (int i = 0; i < 10; ++i) a.send(1, "after" + std::to_string(i));
  REQUIRE(eventually([&] { return b.count() >= 30; }, 3s));
  std::this_thread::sleep_for(kInterval + 100ms);  // one more poll: nothing delivered twice
  CHECK(seqs_of(b.all(), 1) == one_to(30));
  CHECK(db.count("SELECT COUNT(*) FROM messages WHERE conversation_id = 1") == 30);
}

TEST_CASE("a new desk's announcement reaches every standby's bus and anything else is ignored") {
  LocalNats nats;
  boost::asio::io_context io;
  auto guard = boost::asio::make_work_guard(io);
  std::thread runner([&] { io.run(); });
  std::mutex mutex;
  std::vector<std::int64_t> heard_b, heard_c;  // guarded by mutex
  std::atomic<int> wakes{0};                   // no conversation is watched: none may arrive
  const auto no_wake = [&](WakeUp) { ++wakes; };
  {
    NodeBus desk(nats.url(), io.get_executor(), no_wake);
    NodeBus b(nats.url(), io.get_executor(), no_wake);
    NodeBus c(nats.url(), io.get_executor(), no_wake);
    b.watch_desk([&](std::int64_t epoch) {
      std::lock_guard lock(mutex);
      heard_b.push_back(epoch);
    });
    c.watch_desk([&](std::int64_t epoch) {
      std::lock_guard lock(mutex);
      heard_c.push_back(epoch);
    });
    CHECK_THROWS_AS(c.watch_desk([](std::int64_t) {}), std::logic_error);
    REQUIRE(eventually([&] { return desk.connected() && b.connected() && c.connected(); }, 5s));
    REQUIRE(b.flush());
    REQUIRE(c.flush());

    // What is not a positive epoch on the desk's subject (another program, an old version)
    // reaches no handler; a conversation's wake-up is not an announcement.
    natsConnection* other = nullptr;
    REQUIRE(natsConnection_ConnectTo(&other, nats.url().c_str()) == NATS_OK);
    for (const std::string payload : {"", "0", "-3", "7x", "epoch", "99999999999999999999"}) {
      REQUIRE(natsConnection_Publish(other, NodeBus::kDeskSubject, payload.data(),
                                     static_cast<int>(payload.size())) == NATS_OK);
    }
    REQUIRE(natsConnection_FlushTimeout(other, 1000) == NATS_OK);
    natsConnection_Destroy(other);
    CHECK(desk.publish_stored(5, 1));

    CHECK(desk.announce_desk(7));
    REQUIRE(desk.flush());
    REQUIRE(eventually(
        [&] {
          std::lock_guard lock(mutex);
          return !heard_b.empty() && !heard_c.empty();
        },
        3s));
    std::this_thread::sleep_for(100ms);
  }
  guard.reset();
  runner.join();
  std::lock_guard lock(mutex);
  CHECK(heard_b == std::vector<std::int64_t>{7});
  CHECK(heard_c == std::vector<std::int64_t>{7});
  CHECK(wakes == 0);
}

TEST_CASE("a bus made while nats is down returns at once and connects when nats comes") {
  LocalNats nats;
  nats.kill();
  boost::asio::io_context io;
  auto guard = boost::asio::make_work_guard(io);
  std::thread runner([&] { io.run(); });
  std::atomic<std::int64_t> heard{0};
  {
    const auto start = Clock::now();
    NodeBus desk(nats.url(), io.get_executor(), [](WakeUp) {});
    NodeBus standby(nats.url(), io.get_executor(), [](WakeUp) {});
    CHECK(Clock::now() - start < 1s);  // a node starts (and stands by) without NATS
    standby.watch_desk([&](std::int64_t epoch) { heard = epoch; });
    CHECK_FALSE(desk.connected());
    CHECK_FALSE(desk.flush(100));  // an announcement now would wait in the client's buffer

    nats.start();
    REQUIRE(eventually([&] { return desk.connected() && standby.connected(); }, 5s));
    REQUIRE(standby.flush());
    CHECK(desk.announce_desk(4));
    REQUIRE(desk.flush());
    CHECK(eventually([&] { return heard == 4; }, 3s));
  }
  guard.reset();
  runner.join();
}
