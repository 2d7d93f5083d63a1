// The writer's ClientIdLedger: a retried client_id is recognised whether its key is still held
// in memory or already written to `message_client_ids`, after a crash (a writer dropped without
// writing what it held), and not after its batch or group was rolled back.
#include <SQLiteCpp/Database.h>

#include <catch2/catch.hpp>

#include "server/store/migrations.hpp"
#include "server/store/sqlite_writer.hpp"
#include "tests/support/store_fixture.hpp"

using namespace kefu::store;

namespace {

struct LedgerDb : test::MigratedDatabase {
  // The ledger's mark: the last event whose message's key is in its table.
  std::string mark() const {
    SQLite::Database db(path, SQLite::OPEN_READONLY);
    return db.execAndGet("SELECT value FROM meta WHERE key = 'client_ids_through_event'")
        .getString();
  }
};

// Commits `batches` as one group.
std::vector<WriteResult> commit(SqliteWriter& writer, std::vector<WriteBatch> batches) {
  std::vector<WriteBatch*> pointers;
  for (auto& b : batches) pointers.push_back(&b);
  return writer.commit_group(pointers);
}

WriteBatch message(const std::string& client_id) {
  WriteBatch b;
  b.mutations.push_back(test::customer_message(5, client_id, "hello " + client_id));
  return b;
}

// The outcome of sending `client_id` alone in a group.
MutationOutcome send(SqliteWriter& writer, const std::string& client_id) {
  std::vector<WriteBatch> one;
  one.push_back(message(client_id));
  auto results = commit(writer, std::move(one));
  REQUIRE(results[0].ok);
  return results[0].outcomes.at(0);
}

// A batch that breaks the users table's CHECK: it fails after its message was written.
WriteBatch message_then_failure(const std::string& client_id) {
  WriteBatch b = message(client_id);
  InsertUser bad;
  bad.user.login = "x";
  bad.user.display_name = "x";
  bad.user.password_hash = "h";
  bad.user.chat_capacity = -1;
  b.mutations.push_back(bad);
  return b;
}

}  // namespace

TEST_CASE("a retry is recognised while its key is held and once it is written") {
  LedgerDb db;
  SqliteWriter writer(db.path, "FULL", 2);
  REQUIRE(commit(writer, {test::customer_and_conversation(5)})[0].ok);

  CHECK(send(writer, "a").value == 1);
  CHECK(send(writer, "b").value == 2);
  CHECK(db.count("SELECT COUNT(*) FROM message_client_ids") == 0);  // held: two, not yet due
  CHECK(send(writer, "c").value == 3);  // the group starts by writing a and b
  CHECK(db.count("SELECT COUNT(*) FROM message_client_ids") == 2);
  CHECK(db.mark() == std::to_string(db.count(
                         "SELECT event_id FROM messages WHERE conversation_id = 5 AND seq = 2")));

  const auto written = send(writer, "a");
  CHECK(written.duplicate);
  CHECK(written.value == 1);
  CHECK(written.conversation_id == 5);
  CHECK(written.at == 1000);
  const auto held = send(writer, "c");
  CHECK(held.duplicate);
  CHECK(held.value == 3);
  CHECK(db.count("SELECT COUNT(*) FROM messages") == 3);
  CHECK(db.count("SELECT COUNT(*) FROM events WHERE type = 'message_received'") == 3);
}

TEST_CASE("a retry within the same group is answered with the first") {
  LedgerDb db;
  SqliteWriter writer(db.path, "FULL", 2);
  REQUIRE(commit(writer, {test::customer_and_conversation(5)})[0].ok);
  const auto results = commit(writer, {message("a"), message("a")});
  CHECK_FALSE(results[0].outcomes[0].duplicate);
  CHECK(results[1].outcomes[0].duplicate);
  CHECK(results[1].outcomes[0].value == 1);
  CHECK(db.count("SELECT COUNT(*) FROM messages") == 1);
}

TEST_CASE("after a crash the keys not yet written are read back from the log") {
  LedgerDb db;
  {
    SqliteWriter writer(db.path, "FULL", 3);
    REQUIRE(commit(writer, {test::customer_and_conversation(5)})[0].ok);
    for (const char* id : {"a", "b", "c", "d", "e"}) send(writer, id);
    // a, b and c were written when d's group began; d and e are only held when it stops.
    REQUIRE(db.count("SELECT COUNT(*) FROM message_client_ids") == 3);
  }
  SqliteWriter restarted(db.path, "FULL", 3);
  for (const char* id : {"a", "d", "e"}) {
    const auto again = send(restarted, id);
    CHECK(again.duplicate);
  }
  CHECK(send(restarted, "e").value == 5);
  CHECK_FALSE(send(restarted, "f").duplicate);
  CHECK(db.count("SELECT COUNT(*) FROM messages") == 6);
  // The read-back keys d and e are written with f when g's group begins: six in all.
  send(restarted, "g");
  CHECK(db.count("SELECT COUNT(*) FROM message_client_ids") == 6);
}

TEST_CASE("a rolled-back message's client_id can be sent again") {
  LedgerDb db;
  SqliteWriter writer(db.path, "FULL", 2);
  REQUIRE(commit(writer, {test::customer_and_conversation(5)})[0].ok);

  SECTION("its batch failed alone in its group") {
    const auto results = commit(writer, {message("a"), message_then_failure("b")});
    CHECK(results[0].ok);
    CHECK_FALSE(results[1].ok);
  }
  SECTION("a group whose first run wrote the held keys, then failed and ran again") {
    send(writer, "a");
    send(writer, "x");
    // Due: a and x are written, then b's failure rolls that back; the run with savepoints
    // does not write them, so they stay held.
    const auto results = commit(writer, {message_then_failure("b")});
    CHECK_FALSE(results[0].ok);
    CHECK(db.count("SELECT COUNT(*) FROM message_client_ids") == 0);
    CHECK(send(writer, "x").duplicate);
  }
  const auto retried = send(writer, "b");
  CHECK_FALSE(retried.duplicate);
  CHECK(send(writer, "a").duplicate);
  CHECK(db.count("SELECT COUNT(*) FROM messages WHERE client_id = 'b'") == 1);
}

TEST_CASE("a message's event is kept out of the log's index by conversation but found by it") {
  LedgerDb db;
  SqliteWriter writer(db.path, "FULL");
  REQUIRE(commit(writer, {test::customer_and_conversation(5)})[0].ok);
  send(writer, "a");
  CHECK(db.count("SELECT COUNT(*) FROM messages m JOIN events e ON e.id = m.event_id "
                 "WHERE e.type = 'message_received' AND json_extract(e.data, '$.seq') = m.seq") ==
        1);

  WriteBatch wrong = message("z");
  std::get<AppendMessage>(wrong.mutations[0]).event.type = "conversation_opened";
  const auto refused = commit(writer, {wrong});
  CHECK_FALSE(refused[0].ok);
  CHECK(db.count("SELECT COUNT(*) FROM messages") == 1);
}

TEST_CASE("a long run is written a slice per group, and the mark moves with its last") {
  LedgerDb db;
  const std::size_t keys = ClientIdLedger::kSlice + 88;
  auto fill = [](SqliteWriter& writer, std::size_t from, std::size_t to) {
    std::vector<WriteBatch> group;
    for (std::size_t i = from; i < to; ++i) group.push_back(message("k" + std::to_string(i)));
    for (const auto& r : commit(writer, std::move(group))) REQUIRE(r.ok);
  };
  {
    SqliteWriter writer(db.path, "FULL", keys);
    REQUIRE(commit(writer, {test::customer_and_conversation(5)})[0].ok);
    fill(writer, 0, keys);
    const std::string before = db.mark();
    send(writer, "next-1");  // the run begins: its first slice
    CHECK(db.count("SELECT COUNT(*) FROM message_client_ids") ==
          static_cast<std::int64_t>(ClientIdLedger::kSlice));
    CHECK(db.mark() == before);
    // A crash here: the slice is written, the mark has not moved.
  }
  SqliteWriter restarted(db.path, "FULL", keys);
  CHECK(send(restarted, "k0").duplicate);                            // written with the first slice
  CHECK(send(restarted, "k" + std::to_string(keys - 1)).duplicate);  // held again
  CHECK(send(restarted, "next-1").duplicate);
  // Read back: the run's keys and next-1; the run starts again, written once more, to no effect.
  for (int i = 0; i < 3; ++i) send(restarted, "after-" + std::to_string(i));
  CHECK(db.count("SELECT COUNT(*) FROM message_client_ids") == static_cast<std::int64_t>(keys + 1));
  CHECK(db.mark() ==
        std::to_string(db.count("SELECT event_id FROM messages WHERE client_id = 'next-1'")));
  CHECK(db.count("SELECT COUNT(*) FROM messages") == static_cast<std::int64_t>(keys + 4));
}
