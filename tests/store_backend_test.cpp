// The Store's contract, run against each backend: SQLite by default, PostgreSQL when
// KEFU_TEST_STORE=postgresql (the CTest label `postgresql`, on a LocalPostgres).
#include "tests/support/store_backend.hpp"

#include <catch2/catch.hpp>
#include <future>
#include <thread>

#include "tests/support/local_postgres.hpp"
#include "tests/support/store_fixture.hpp"

using namespace kefu::store;

using kefu::testing::StoreBackend;
using test::customer_and_conversation;
using test::customer_message;

namespace {

WriteBatch message(std::int64_t conversation, const std::string& client_id,
                   const std::string& event_data = "{}") {
  WriteBatch b;
  b.mutations.push_back(
      customer_message(conversation, client_id, "hello " + client_id, event_data));
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

// Submits every batch without waiting (so they share group commits) and waits for them all.
std::vector<WriteResult> submit_all(Store& store, std::vector<WriteBatch> batches) {
  std::vector<std::promise<WriteResult>> promises(batches.size());
  std::vector<std::future<WriteResult>> futures;
  for (auto& p : promises) futures.push_back(p.get_future());
  for (std::size_t i = 0; i < batches.size(); ++i) {
    store.submit(std::move(batches[i]),
                 [&promises, i](WriteResult r) { promises[i].set_value(std::move(r)); });
  }
  std::vector<WriteResult> results;
  for (auto& f : futures) results.push_back(f.get());
  return results;
}

}  // namespace

TEST_CASE("messages get consecutive seqs per conversation and a retried client id stores nothing") {
  StoreBackend backend;
  auto store = backend.open();
  REQUIRE(store->submit_and_wait(customer_and_conversation(7)).ok);
  WriteBatch b;
  b.mutations.push_back(customer_message(7, "a", "héllo"));
  b.mutations.push_back(customer_message(7, "b"));
  b.mutations.push_back(customer_message(7, "a"));  // the retry, in the same transaction
  auto r = store->submit_and_wait(std::move(b));
  REQUIRE(r.ok);
  CHECK(r.outcomes[0].value == 1);
  CHECK(r.outcomes[1].value == 2);
  CHECK(r.outcomes[2].value == 1);
  CHECK(r.outcomes[2].duplicate);
  CHECK(r.outcomes[2].at == 1000);
  WriteBatch again;
  again.mutations.push_back(customer_message(7, "b"));
  auto r2 = store->submit_and_wait(std::move(again));
  CHECK(r2.outcomes[0].duplicate);
  CHECK(r2.outcomes[0].value == 2);
  CHECK(r2.outcomes[0].conversation_id == 7);
  auto stored = store->read_messages(7, 0, 100, 10);
  REQUIRE(stored.size() == 2);
  CHECK(stored[0].body == "héllo");
  CHECK(stored[1].client_id == "b");
  CHECK(backend.count("SELECT COUNT(*) FROM events") == 2);
  CHECK(backend.text("SELECT data FROM events ORDER BY id LIMIT 1") == R"({"seq":1,"length":5})");
}

TEST_CASE("a failing batch fails alone, the others in its group commit and no seq is lost") {
  StoreBackend backend;
  auto store = backend.open();
  REQUIRE(store->submit_and_wait(customer_and_conversation(5)).ok);
  std::vector<WriteBatch> group;
  group.push_back(message(5, "a"));
  group.push_back(message(5, "b"));
  group.back().mutations.push_back(broken_user());
  group.push_back(message(5, "c"));
  const auto results = submit_all(*store, std::move(group));
  CHECK(results[0].ok);
  CHECK_FALSE(results[1].ok);
  CHECK_FALSE(results[1].error.empty());
  CHECK(results[1].outcomes.empty());
  CHECK(results[2].ok);
  CHECK(results[0].outcomes[0].value == 1);
  CHECK(results[2].outcomes[0].value == 2);
  CHECK(backend.count("SELECT COUNT(*) FROM messages") == 2);
  CHECK(backend.count("SELECT COUNT(*) FROM events WHERE type = 'message_received'") == 2);
  CHECK(backend.count("SELECT COUNT(*) FROM users WHERE login = 'x'") == 0);
  CHECK(store->writable());
  // The next message follows on.
  CHECK(store->submit_and_wait(message(5, "d")).outcomes[0].value == 3);
  CHECK(backend.count("SELECT MAX(seq) FROM messages WHERE conversation_id = 5") == 3);
}

TEST_CASE("a retried client id in the same group answers the first seq and stores nothing") {
  StoreBackend backend;
  auto store = backend.open();
  std::vector<WriteBatch> group;
  group.push_back(customer_and_conversation(9));
  group.push_back(message(9, "a"));
  group.push_back(message(9, "a"));
  group.push_back(message(9, "b"));
  const auto results = submit_all(*store, std::move(group));
  REQUIRE(results[3].ok);
  CHECK(results[1].outcomes[0].value == 1);
  CHECK_FALSE(results[1].outcomes[0].duplicate);
  CHECK(results[2].outcomes[0].duplicate);
  CHECK(results[2].outcomes[0].value == 1);
  CHECK(results[2].outcomes[0].conversation_id == 9);
  CHECK(results[3].outcomes[0].value == 2);  // the retry used no seq
  CHECK(backend.count("SELECT COUNT(*) FROM messages") == 2);
  CHECK(backend.count("SELECT COUNT(*) FROM events WHERE type = 'message_received'") == 2);
}

TEST_CASE("a message's event carries its seq and length beside the data it was given") {
  StoreBackend backend;
  auto store = backend.open();
  std::vector<WriteBatch> group;
  group.push_back(customer_and_conversation(2));
  group.push_back(message(2, "a"));
  group.push_back(message(2, "b", R"({"channel_hint":"web"})"));
  REQUIRE(submit_all(*store, std::move(group))[2].ok);
  CHECK(backend.text("SELECT data FROM events WHERE type = 'message_received' AND "
                     "conversation_id = 2 ORDER BY id LIMIT 1") == R"({"seq":1,"length":7})");
  CHECK(backend.text("SELECT data FROM events WHERE type = 'message_received' ORDER BY id DESC "
                     "LIMIT 1") == R"({"channel_hint":"web","seq":2,"length":7})");
}

TEST_CASE("a message whose event is not a message event is refused and changes nothing") {
  StoreBackend backend;
  auto store = backend.open();
  REQUIRE(store->submit_and_wait(customer_and_conversation(4)).ok);
  WriteBatch bad = message(4, "a");
  std::get<AppendMessage>(bad.mutations[0]).event.type = "conversation_assigned";
  const auto r = store->submit_and_wait(std::move(bad));
  CHECK_FALSE(r.ok);
  CHECK(backend.count("SELECT COUNT(*) FROM messages") == 0);
  CHECK(backend.count("SELECT COUNT(*) FROM events") == 0);
  CHECK(store->submit_and_wait(message(4, "b")).outcomes[0].value == 1);
}

TEST_CASE("a batch naming a conversation that does not exist fails and changes nothing") {
  StoreBackend backend;
  auto store = backend.open();
  REQUIRE(store->submit_and_wait(customer_and_conversation(5)).ok);
  std::vector<WriteBatch> group;
  group.push_back(message(5, "a"));
  group.push_back(message(77, "x"));  // no conversation 77
  group.push_back(message(5, "c"));
  const auto results = submit_all(*store, std::move(group));
  CHECK(results[0].ok);
  CHECK_FALSE(results[1].ok);
  REQUIRE(results[2].ok);
  CHECK(results[2].outcomes[0].value == 2);
  CHECK(backend.count("SELECT COUNT(*) FROM messages") == 2);
  CHECK(backend.count("SELECT COUNT(*) FROM events WHERE conversation_id = 77") == 0);
}

TEST_CASE("customers, visitors, staff and sessions are written and read back") {
  StoreBackend backend;
  auto store = backend.open();
  WriteBatch b;
  b.mutations.push_back(InsertCustomer{CustomerRecord{0, "Ann", 5}});
  b.mutations.push_back(InsertVisitor{VisitorRecord{"v_ann", "hash-ann", 0, 6}});
  UserRecord u;
  u.login = "li";
  u.display_name = "Li Wei";
  u.role = Role::supervisor;
  u.password_hash = "argon";
  u.teams = {"returns", "billing"};
  u.skills = {{"orders", 4}};
  u.languages = {"zh", "en"};
  u.created_at = 7;
  b.mutations.push_back(InsertUser{u});
  auto r = store->submit_and_wait(std::move(b));
  REQUIRE(r.ok);
  const auto customer_id = r.outcomes[0].value;
  const auto user_id = r.outcomes[2].value;
  CHECK(customer_id > 0);
  WriteBatch sessions;
  sessions.mutations.push_back(InsertStaffSession{StaffSessionRecord{"tok", user_id, 8, 99, {}}});
  REQUIRE(store->submit_and_wait(std::move(sessions)).ok);
  WriteBatch revoke;
  revoke.mutations.push_back(RevokeStaffSession{"tok", 9});
  revoke.mutations.push_back(Probe{});
  REQUIRE(store->submit_and_wait(std::move(revoke)).ok);

  const auto visitor = store->find_visitor("hash-ann");
  REQUIRE(visitor);
  CHECK(visitor->customer_id == customer_id);
  CHECK(visitor->visitor_id == "v_ann");
  CHECK(store->find_customer(customer_id)->display_name == "Ann");
  const auto found = store->find_user_by_login("li");
  REQUIRE(found);
  CHECK(found->id == user_id);
  CHECK(found->role == Role::supervisor);
  CHECK(found->teams == std::vector<std::string>{"billing", "returns"});
  CHECK(found->skills == std::vector<std::pair<std::string, int>>{{"orders", 4}});
  CHECK(found->languages.size() == 2);
  CHECK(store->find_user(user_id)->login == "li");
  CHECK_FALSE(store->find_user(user_id + 1));
  const auto session = store->find_staff_session("tok");
  REQUIRE(session);
  CHECK(session->revoked_at == 9);
  CHECK_FALSE(store->find_staff_session("nope"));

  // A visitor whose batch creates no customer names customer 0, which does not exist.
  WriteBatch orphan;
  orphan.mutations.push_back(InsertVisitor{VisitorRecord{"v_x", "hash-x", 0, 6}});
  CHECK_FALSE(store->submit_and_wait(std::move(orphan)).ok);
  CHECK_FALSE(store->find_visitor("hash-x"));
}

TEST_CASE("open conversations load with their last seq after reopening") {
  StoreBackend backend;
  {
    auto store = backend.open();
    auto b = customer_and_conversation(3);
    b.mutations.push_back(customer_message(3, "a"));
    b.mutations.push_back(customer_message(3, "b"));
    REQUIRE(store->submit_and_wait(std::move(b)).ok);
    store->close();
  }
  auto reopened = backend.open();
  auto open = reopened->load_open_conversations();
  REQUIRE(open.size() == 1);
  CHECK(open[0].id == 3);
  CHECK(open[0].last_seq == 2);
  CHECK(reopened->max_conversation_id() == 3);
  CHECK(reopened->recent_conversations_of_customer(1, 5).size() == 1);
  CHECK_FALSE(reopened->find_conversation(4).has_value());
  // A retry after the restart is still recognised.
  auto retry = reopened->submit_and_wait(message(3, "a"));
  CHECK(retry.outcomes[0].duplicate);
  CHECK(retry.outcomes[0].value == 1);
}

TEST_CASE("many batches in flight commit in groups with gap-free seqs") {
  StoreBackend backend;
  auto store = backend.open();
  REQUIRE(store->submit_and_wait(customer_and_conversation(1)).ok);
  std::vector<WriteBatch> batches;
  for (int i = 0; i < 500; ++i) batches.push_back(message(1, "m" + std::to_string(i)));
  const auto results = submit_all(*store, std::move(batches));
  for (std::size_t i = 0; i < results.size(); ++i) {
    REQUIRE(results[i].ok);
    CHECK(results[i].outcomes[0].value == static_cast<std::int64_t>(i) + 1);
  }
  CHECK(backend.count("SELECT COUNT(*) FROM messages") == 500);
  const auto latency = store->commit_latency();
  std::uint64_t groups = latency.overflow;
  for (auto n : latency.counts) groups += n;
  CHECK(groups < 500);  // batches shared commits
}
