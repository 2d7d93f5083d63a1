// The store of an elected desk on a real PostgreSQL (issue 19): opened with the desk's epoch,
// every group commit is fenced, so once a newer desk bumped the epoch the stale one stores and
// acknowledges nothing, and is told so (the node then exits with 75, server/net/desk_candidate).
#include <atomic>
#include <catch2/catch.hpp>
#include <chrono>
#include <future>
#include <mutex>
#include <string>
#include <vector>

#include "server/cluster/desk_election.hpp"
#include "server/store/postgres/postgres_store.hpp"
#include "tests/support/cluster_database.hpp"
#include "tests/support/store_fixture.hpp"

using kefu::cluster::DeskElection;
using kefu::store::PostgresOptions;
using kefu::store::PostgresStore;
using kefu::store::WriteBatch;
using kefu::store::WriteResult;
using kefu::store::test::customer_message;
using kefu::testing::ClusterDatabase;
using kefu::testing::elect_desk;
using namespace std::chrono_literals;

namespace {

// A store opened with `epoch` that counts (and remembers) what the fence told it.
struct FencedStore {
  FencedStore(const std::string& uri, std::int64_t epoch) {
    PostgresOptions options(uri);
    options.migrate = false;
    options.desk_epoch = epoch;
    options.on_fenced = [this](const std::string& why) {
      std::lock_guard lock(mutex);
      told.push_back(why);
    };
    store = std::make_unique<PostgresStore>(std::move(options));
  }
  std::vector<std::string> what_it_was_told() {
    std::lock_guard lock(mutex);
    return told;
  }
  std::mutex mutex;
  std::vector<std::string> told;
  std::unique_ptr<PostgresStore> store;
};

WriteBatch message(const std::string& client_id) {
  WriteBatch b;
  b.mutations.push_back(customer_message(1, client_id));
  return b;
}

// Submits `batches` together (one group commit when the store is idle) and waits for each.
std::vector<WriteResult> submit_all(PostgresStore& store, std::vector<WriteBatch> batches) {
  std::vector<std::future<WriteResult>> waiting;
  for (auto& b : batches) {
    auto promise = std::make_shared<std::promise<WriteResult>>();
    waiting.push_back(promise->get_future());
    store.submit(std::move(b), [promise](WriteResult r) { promise->set_value(std::move(r)); });
  }
  std::vector<WriteResult> out;
  for (auto& w : waiting) out.push_back(w.get());
  return out;
}

}  // namespace

TEST_CASE("a desk's store commits while its epoch is current and nothing once a newer desk won") {
  const ClusterDatabase db(1, 3, 1);
  DeskElection first(db.uri, "a", 3000ms);
  const std::int64_t old_epoch = elect_desk(first);
  FencedStore stale(db.uri, old_epoch);
  REQUIRE(stale.store->submit_and_wait(message("before")).ok);
  CHECK(db.count("SELECT count(*) FROM messages") == 1);
  CHECK(stale.what_it_was_told().empty());

  // The desk resigns (as if it stalled and was replaced) and another node wins a newer epoch.
  first.resign();
  DeskElection second(db.uri, "b", 3000ms);
  const std::int64_t new_epoch = elect_desk(second);
  REQUIRE(new_epoch == old_epoch + 1);

  // Three batches in one group: every one fails, none is stored, the store is told once.
  std::vector<WriteBatch> group;
  for (const char* id : {"stale-1", "stale-2", "stale-3"}) group.push_back(message(id));
  for (const auto& r : submit_all(*stale.store, std::move(group))) {
    CHECK_FALSE(r.ok);
    CHECK(r.error.find("is not the current one") != std::string::npos);
  }
  REQUIRE(stale.what_it_was_told().size() == 1);
  CHECK(stale.what_it_was_told()[0].find("epoch " + std::to_string(old_epoch)) !=
        std::string::npos);
  // Later batches fail without reaching the database, and it is not told again.
  const auto later = stale.store->submit_and_wait(message("stale-4"));
  CHECK_FALSE(later.ok);
  CHECK(stale.what_it_was_told().size() == 1);
  CHECK(db.count("SELECT count(*) FROM messages") == 1);
  CHECK(db.count("SELECT count(*) FROM message_client_ids") == 1);
  CHECK(db.count("SELECT count(*) FROM events WHERE type = 'message_received'") == 1);

  // The new desk's store, with the current epoch, commits.
  FencedStore current(db.uri, new_epoch);
  const auto stored = current.store->submit_and_wait(message("after"));
  REQUIRE(stored.ok);
  CHECK(stored.outcomes.at(0).value == 2);  // the next seq: nothing of the stale desk took one
  CHECK(current.what_it_was_told().empty());
  CHECK(db.count("SELECT count(*) FROM messages") == 2);
}

TEST_CASE("a store without an epoch is not fenced and a refused store stops writing") {
  const ClusterDatabase db(1, 3, 1);
  db.exec("UPDATE desk_lease SET epoch = 7");
  PostgresOptions options(db.uri);
  options.migrate = false;
  PostgresStore alone(options);
  REQUIRE(alone.submit_and_wait(message("one")).ok);
  // What a node does when its election's connection broke: no more writes, whatever the epoch.
  alone.refuse_writes("this node lost the desk");
  const auto refused = alone.submit_and_wait(message("two"));
  CHECK_FALSE(refused.ok);
  CHECK(refused.error.find("this node lost the desk") != std::string::npos);
  CHECK(db.count("SELECT count(*) FROM messages") == 1);
}
