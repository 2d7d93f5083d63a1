#include "server/store/sqlite_store.hpp"

#include <SQLiteCpp/Database.h>

#include <catch2/catch.hpp>
#include <future>

#include "server/store/migrations.hpp"
#include "tests/support/store_fixture.hpp"

using namespace kefu::store;

using test::customer_and_conversation;
using test::customer_message;
using test::ScratchDatabase;

TEST_CASE("migrations bring a new database to the latest version and are idempotent") {
  ScratchDatabase tmp;
  SQLite::Database db(tmp.path, SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE);
  CHECK(migrate(db) == latest_schema_version());
  CHECK(migrate(db) == latest_schema_version());
  CHECK(db.execAndGet("PRAGMA user_version").getInt() == latest_schema_version());
  CHECK(db.tableExists("events"));
}

TEST_CASE("messages get consecutive seqs per conversation and a retried client id stores nothing") {
  ScratchDatabase tmp;
  SqliteStore store(SqliteOptions(tmp.path));
  REQUIRE(store.submit_and_wait(customer_and_conversation(7)).ok);
  WriteBatch b;
  b.mutations.push_back(customer_message(7, "a", "héllo"));
  b.mutations.push_back(customer_message(7, "b"));
  b.mutations.push_back(customer_message(7, "a"));  // the retry, in the same transaction
  auto r = store.submit_and_wait(std::move(b));
  REQUIRE(r.ok);
  CHECK(r.outcomes[0].value == 1);
  CHECK(r.outcomes[1].value == 2);
  CHECK(r.outcomes[2].value == 1);
  CHECK(r.outcomes[2].duplicate);
  WriteBatch again;
  again.mutations.push_back(customer_message(7, "b"));
  auto r2 = store.submit_and_wait(std::move(again));
  CHECK(r2.outcomes[0].duplicate);
  CHECK(r2.outcomes[0].value == 2);
  auto stored = store.read_messages(7, 0, 100, 10);
  REQUIRE(stored.size() == 2);
  CHECK(stored[0].body == "héllo");
  SQLite::Database db(tmp.path, SQLite::OPEN_READONLY);
  CHECK(db.execAndGet("SELECT COUNT(*) FROM events").getInt() == 2);
  CHECK(db.execAndGet("SELECT data FROM events ORDER BY id LIMIT 1").getString() ==
        R"({"seq":1,"length":5})");
}

TEST_CASE("a failing batch fails alone, the others in its group commit") {
  ScratchDatabase tmp;
  SqliteStore store(SqliteOptions(tmp.path));
  REQUIRE(store.submit_and_wait(customer_and_conversation(1)).ok);
  std::vector<std::future<WriteResult>> results;
  std::vector<std::promise<WriteResult>> promises(3);
  for (int i = 0; i < 3; ++i) {
    WriteBatch b;
    b.mutations.push_back(customer_message(1, "m" + std::to_string(i)));
    if (i == 1) {
      InsertUser bad;  // login is NOT NULL UNIQUE: two empty-role users break the CHECK
      bad.user.login = "x";
      bad.user.display_name = "x";
      bad.user.password_hash = "h";
      bad.user.chat_capacity = -1;  // violates CHECK (chat_capacity >= 0)
      b.mutations.push_back(bad);
    }
    results.push_back(promises[static_cast<std::size_t>(i)].get_future());
    store.submit(std::move(b), [&promises, i](WriteResult r) {
      promises[static_cast<std::size_t>(i)].set_value(std::move(r));
    });
  }
  auto r0 = results[0].get(), r1 = results[1].get(), r2 = results[2].get();
  CHECK(r0.ok);
  CHECK_FALSE(r1.ok);
  CHECK(r2.ok);
  // The failed batch's seq is not used: the seqs stay without gaps.
  CHECK(r0.outcomes[0].value == 1);
  CHECK(r2.outcomes[0].value == 2);
  CHECK(store.read_messages(1, 0, 100, 10).size() == 2);
  CHECK(store.writable());
}

TEST_CASE("open conversations load with their last seq") {
  ScratchDatabase tmp;
  {
    SqliteStore store(SqliteOptions(tmp.path));
    auto b = customer_and_conversation(3);
    b.mutations.push_back(customer_message(3, "a"));
    b.mutations.push_back(customer_message(3, "b"));
    REQUIRE(store.submit_and_wait(std::move(b)).ok);
  }
  SqliteStore reopened(SqliteOptions(tmp.path));
  auto open = reopened.load_open_conversations();
  REQUIRE(open.size() == 1);
  CHECK(open[0].id == 3);
  CHECK(open[0].last_seq == 2);
  CHECK(reopened.max_conversation_id() == 3);
  CHECK(reopened.recent_conversations_of_customer(1, 5).size() == 1);
  CHECK_FALSE(reopened.find_conversation(4).has_value());
}
