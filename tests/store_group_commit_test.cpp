// The writer's group commit: many batches in one transaction, a failing batch failing alone,
// retried client_ids answered with the first seq, and the seq cache kept right across both.
#include <SQLiteCpp/Database.h>

#include <catch2/catch.hpp>

#include "server/store/migrations.hpp"
#include "server/store/sqlite_writer.hpp"
#include "tests/support/store_fixture.hpp"

using namespace kefu::store;

namespace {

using test::customer_and_conversation;

using ScratchDb = test::MigratedDatabase;

WriteBatch message(std::int64_t conversation, const std::string& client_id,
                   const std::string& event_data = "{}") {
  WriteBatch b;
  b.mutations.push_back(
      test::customer_message(conversation, client_id, "hello " + client_id, event_data));
  return b;
}

// A user whose capacity breaks the CHECK constraint: its batch must fail.
InsertUser broken_user() {
  InsertUser bad;
  bad.user.login = "x";
  bad.user.display_name = "x";
  bad.user.password_hash = "h";
  bad.user.chat_capacity = -1;
  return bad;
}

std::vector<WriteResult> commit(SqliteWriter& writer, std::vector<WriteBatch>& batches) {
  std::vector<WriteBatch*> pointers;
  for (auto& b : batches) pointers.push_back(&b);
  return writer.commit_group(pointers);
}

}  // namespace

TEST_CASE("a failing batch in the middle of a group fails alone and uses no seq") {
  ScratchDb db;
  SqliteWriter writer(db.path, "FULL");
  std::vector<WriteBatch> setup;
  setup.push_back(customer_and_conversation(5));
  REQUIRE(commit(writer, setup)[0].ok);

  std::vector<WriteBatch> group;
  group.push_back(message(5, "a"));
  group.push_back(message(5, "b"));
  group.back().mutations.push_back(broken_user());
  group.push_back(message(5, "c"));
  const auto results = commit(writer, group);
  REQUIRE(results.size() == 3);
  CHECK(results[0].ok);
  CHECK_FALSE(results[1].ok);
  CHECK_FALSE(results[1].error.empty());
  CHECK(results[1].outcomes.empty());
  CHECK(results[2].ok);
  CHECK(results[0].outcomes[0].value == 1);
  CHECK(results[2].outcomes[0].value == 2);
  CHECK(db.count("SELECT COUNT(*) FROM messages") == 2);
  CHECK(db.count("SELECT COUNT(*) FROM events WHERE type = 'message_received'") == 2);
  CHECK(db.count("SELECT COUNT(*) FROM users WHERE login = 'x'") == 0);

  // The seq cache was rebuilt after the rollback: the next message follows on.
  std::vector<WriteBatch> next;
  next.push_back(message(5, "d"));
  CHECK(commit(writer, next)[0].outcomes[0].value == 3);
  CHECK(db.count("SELECT MAX(seq) FROM messages WHERE conversation_id = 5") == 3);
}

TEST_CASE("a retried client_id in the same group answers the first seq and stores nothing") {
  ScratchDb db;
  SqliteWriter writer(db.path, "FULL");
  std::vector<WriteBatch> group;
  group.push_back(customer_and_conversation(9));
  group.push_back(message(9, "a"));
  group.push_back(message(9, "a"));
  group.push_back(message(9, "b"));
  const auto results = commit(writer, group);
  REQUIRE(results.size() == 4);
  CHECK(results[1].outcomes[0].value == 1);
  CHECK_FALSE(results[1].outcomes[0].duplicate);
  CHECK(results[2].ok);
  CHECK(results[2].outcomes[0].duplicate);
  CHECK(results[2].outcomes[0].value == 1);
  CHECK(results[2].outcomes[0].conversation_id == 9);
  CHECK(results[3].outcomes[0].value == 2);  // the retry used no seq
  CHECK(db.count("SELECT COUNT(*) FROM messages") == 2);
  CHECK(db.count("SELECT COUNT(*) FROM events WHERE type = 'message_received'") == 2);

  std::vector<WriteBatch> later;
  later.push_back(message(9, "b"));
  const auto again = commit(writer, later);
  CHECK(again[0].outcomes[0].duplicate);
  CHECK(again[0].outcomes[0].value == 2);
}

TEST_CASE("a message's event carries its seq and length beside the data it was given") {
  ScratchDb db;
  SqliteWriter writer(db.path, "FULL");
  std::vector<WriteBatch> group;
  group.push_back(customer_and_conversation(2));
  group.push_back(message(2, "a"));
  group.push_back(message(2, "b", R"({"channel_hint":"web"})"));
  REQUIRE(commit(writer, group)[2].ok);
  SQLite::Database read(db.path, SQLite::OPEN_READONLY);
  SQLite::Statement s(read, "SELECT data FROM events WHERE type = 'message_received' ORDER BY id");
  REQUIRE(s.executeStep());
  CHECK(s.getColumn(0).getString() == R"({"seq":1,"length":7})");
  REQUIRE(s.executeStep());
  CHECK(s.getColumn(0).getString() == R"({"channel_hint":"web","seq":2,"length":7})");
}

TEST_CASE("a batch naming a conversation that does not exist fails and changes nothing") {
  ScratchDb db;
  SqliteWriter writer(db.path, "FULL");
  std::vector<WriteBatch> group;
  group.push_back(message(77, "a"));  // foreign key: no conversation 77
  const auto results = commit(writer, group);
  CHECK_FALSE(results[0].ok);
  CHECK(db.count("SELECT COUNT(*) FROM messages") == 0);
  CHECK(db.count("SELECT COUNT(*) FROM events") == 0);
}

TEST_CASE("after a statement fails in a group, the next batch uses it again cleanly") {
  ScratchDb db;
  SqliteWriter writer(db.path, "FULL");
  std::vector<WriteBatch> group;
  group.push_back(customer_and_conversation(5));
  group.push_back(message(5, "a"));
  group.push_back(message(77, "x"));  // the insert fails on its foreign key
  group.push_back(message(5, "c"));   // the same insert statement, next batch
  const auto results = commit(writer, group);
  CHECK(results[0].ok);
  CHECK(results[1].ok);
  CHECK_FALSE(results[2].ok);
  REQUIRE(results[3].ok);
  CHECK(results[3].outcomes[0].value == 2);
  CHECK(db.count("SELECT COUNT(*) FROM messages") == 2);
}
