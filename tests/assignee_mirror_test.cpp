// The desk's assignments through its real store on PostgreSQL (issue 19): every batch that
// changes a conversation's assignee also records it in `assignments` and `agent_loads` in the
// same transaction (server/cluster/assignee_mirror_schema.hpp), so a batch that would take an
// agent past a capacity, or that a stale desk sends, fails whole and changes nothing, chat and
// ticket capacities are counted apart, and the tables always agree with `conversations`.
#include <catch2/catch.hpp>
#include <chrono>
#include <optional>
#include <string>
#include <thread>

#include "server/cluster/desk_election.hpp"
#include "server/cluster/pg_call.hpp"
#include "server/cluster/postgres_assignment_ledger.hpp"
#include "server/store/postgres/pg_connection.hpp"
#include "server/store/postgres/postgres_store.hpp"
#include "tests/support/cluster_database.hpp"

using kefu::cluster::DeskElection;
using kefu::store::AppendEvent;
using kefu::store::ConversationRecord;
using kefu::store::PostgresOptions;
using kefu::store::PostgresStore;
using kefu::store::UpsertConversation;
using kefu::store::WriteBatch;
using kefu::testing::ClusterDatabase;
using kefu::testing::elect_desk;
using namespace std::chrono_literals;

namespace {

std::unique_ptr<PostgresStore> store_of(const std::string& uri, std::int64_t epoch) {
  PostgresOptions options(uri);
  options.migrate = false;
  options.desk_epoch = epoch;
  return std::make_unique<PostgresStore>(std::move(options));
}

// A conversation of customer 1 as the desk holds it in memory.
ConversationRecord conversation(std::int64_t id, const std::string& channel = "chat") {
  ConversationRecord c;
  c.id = id;
  c.customer_id = 1;
  c.channel = channel;
  c.created_at = c.queued_at = c.updated_at = 1;
  return c;
}

// The batch the desk writes for one change of `c` (already changed): its row and its one event.
WriteBatch change(const ConversationRecord& c, const std::string& event_type,
                  std::optional<std::int64_t> agent) {
  WriteBatch b;
  b.mutations.push_back(UpsertConversation{c});
  kefu::Event e;
  e.at = c.updated_at;
  e.type = event_type;
  e.conversation_id = c.id;
  e.customer_id = c.customer_id;
  e.agent_id = agent;
  e.channel = c.channel;
  e.queue = c.queue;
  b.mutations.push_back(AppendEvent{e});
  return b;
}

ConversationRecord& assign(ConversationRecord& c, std::int64_t agent, std::int64_t at) {
  c.status = "assigned";
  c.agent_id = c.last_agent_id = agent;
  c.updated_at = at;
  return c;
}

// Everything an assignment writes, in one line, to show that a refusal changed nothing.
std::string snapshot(const ClusterDatabase& db) {
  kefu::store::PgConnection c(db.uri);
  return c
      .exec(
          "SELECT (SELECT COUNT(*) FROM assignments) || '/' || "
          "(SELECT COALESCE(string_agg(conversation_id || ':' || agent_id, ',' ORDER BY id), '') "
          "FROM assignments WHERE ended_at IS NULL) || '/' || "
          "(SELECT COALESCE(string_agg(agent_id || kind || active, ',' ORDER BY agent_id, kind), "
          "'') FROM agent_loads) || '/' || "
          "(SELECT string_agg(id || status || COALESCE(agent_id::text, '-'), ',' ORDER BY id) "
          "FROM conversations) || '/' || (SELECT COUNT(*) FROM events)")
      .text(0, 0);
}

// Rows where `assignments` or `agent_loads` disagree with `conversations` (0: they agree).
std::int64_t disagreements(const ClusterDatabase& db) {
  return db.count(
             "SELECT COUNT(*) FROM conversations c FULL JOIN "
             "(SELECT * FROM assignments WHERE ended_at IS NULL) a ON a.conversation_id = c.id "
             "WHERE (CASE WHEN c.status = 'assigned' THEN c.agent_id END) "
             "IS DISTINCT FROM a.agent_id") +
         db.count(
             "SELECT COUNT(*) FROM (SELECT agent_id, kind, COUNT(*) n FROM assignments "
             "WHERE ended_at IS NULL AND counted GROUP BY 1, 2) x FULL JOIN "
             "(SELECT * FROM agent_loads WHERE active > 0) l USING (agent_id, kind) "
             "WHERE x.n IS DISTINCT FROM l.active");
}

}  // namespace

TEST_CASE("a desk's batch that would take an agent past capacity fails whole and changes nothing") {
  const ClusterDatabase db(2, 1, 3);  // agents 1 and 2, one chat each
  DeskElection desk(db.uri, "a", 3000ms);
  auto store = store_of(db.uri, elect_desk(desk));
  auto first = conversation(1);
  REQUIRE(store->submit_and_wait(change(assign(first, 1, 10), "conversation_assigned", 1)).ok);
  CHECK(db.count("SELECT active FROM agent_loads WHERE agent_id = 1 AND kind = 'chat'") == 1);

  const auto before = snapshot(db);
  // Agent 1 is full: the batch giving them a second chat fails with its row and its event, and
  // a batch after it goes through (the store is not fenced by a refusal of the schema).
  auto second = conversation(2);
  const auto refused =
      store->submit_and_wait(change(assign(second, 1, 20), "conversation_assigned", 1));
  CHECK_FALSE(refused.ok);
  CHECK(refused.error.find("capacity") != std::string::npos);
  CHECK(snapshot(db) == before);
  auto to_other = conversation(2);
  CHECK(store->submit_and_wait(change(assign(to_other, 2, 30), "conversation_assigned", 2)).ok);
  CHECK(db.count("SELECT COUNT(*) FROM assignments WHERE ended_at IS NULL") == 2);
  // One event per assignment: the desk's, none from the schema.
  CHECK(db.count("SELECT COUNT(*) FROM events WHERE type = 'conversation_assigned'") == 2);
  CHECK(disagreements(db) == 0);
}

TEST_CASE("a conversation keeps one active assignee: a move ends the first assignment") {
  const ClusterDatabase db(3, 1, 1);
  DeskElection desk(db.uri, "a", 3000ms);
  const auto epoch = elect_desk(desk);
  auto store = store_of(db.uri, epoch);
  auto c = conversation(1);
  REQUIRE(store->submit_and_wait(change(assign(c, 1, 10), "conversation_assigned", 1)).ok);
  // The conversation goes to agent 2 in one batch: agent 1's assignment ends in the same
  // transaction, so agent 1 has a free place again and no moment has two assignees.
  REQUIRE(store->submit_and_wait(change(assign(c, 2, 20), "conversation_assigned", 2)).ok);
  CHECK(db.count("SELECT COUNT(*) FROM assignments WHERE conversation_id = 1 AND "
                 "ended_at IS NULL") == 1);
  CHECK(db.count("SELECT agent_id FROM assignments WHERE ended_at IS NULL") == 2);
  CHECK(db.count("SELECT COUNT(*) FROM assignments WHERE agent_id = 1 AND ended_at = 20 AND "
                 "end_reason = 'transferred' AND ended_epoch = " +
                 std::to_string(epoch)) == 1);
  CHECK(db.count("SELECT active FROM agent_loads WHERE agent_id = 1") == 0);
  // The other path to the same table, the ledger, finds the conversation taken, and nothing
  // changes: the schema's unique index and the conversation's row say the same.
  const auto before = snapshot(db);
  kefu::cluster::PostgresAssignmentLedger ledger(db.uri);
  CHECK(ledger.assign(epoch, 1, 3, 30, "least_load") ==
        kefu::cluster::AssignmentOutcome::already_assigned);
  kefu::store::PgConnection raw(db.uri);
  CHECK(kefu::cluster::call(raw,
                            "INSERT INTO assignments(conversation_id, agent_id, epoch, "
                            "assigned_at) VALUES (1, 3, " +
                                std::to_string(epoch) + ", 30)")
            .sqlstate() == "23505");
  CHECK(snapshot(db) == before);
  CHECK(disagreements(db) == 0);
}

TEST_CASE("chat and ticket capacities are counted apart, e-mail with tickets, take-overs not") {
  const ClusterDatabase db(1, 1, 2);  // agent 1: one chat; chats 1 and 2
  db.exec("UPDATE users SET ticket_capacity = 1 WHERE id = 1");
  db.exec(
      "INSERT INTO users(login, display_name, role, password_hash, chat_capacity, "
      "ticket_capacity, created_at) VALUES ('sam', 'Sam', 'supervisor', 'x', 0, 0, 1)");
  db.exec(
      "INSERT INTO conversations(id, customer_id, channel, status, queue, created_at, queued_at, "
      "updated_at) VALUES (3, 1, 'ticket', 'queued', 'tickets', 1, 1, 1), "
      "(4, 1, 'email', 'queued', 'tickets', 1, 1, 1)");
  DeskElection desk(db.uri, "a", 3000ms);
  auto store = store_of(db.uri, elect_desk(desk));
  auto chat = conversation(1);
  REQUIRE(store->submit_and_wait(change(assign(chat, 1, 10), "conversation_assigned", 1)).ok);
  // The chat took the only chat place, not the ticket place.
  auto ticket = conversation(3, "ticket");
  ticket.queue = "tickets";
  REQUIRE(store->submit_and_wait(change(assign(ticket, 1, 20), "conversation_assigned", 1)).ok);
  CHECK(db.count("SELECT active FROM agent_loads WHERE agent_id = 1 AND kind = 'ticket'") == 1);
  const auto before = snapshot(db);
  // An e-mail counts against the ticket capacity, as routing counts it: agent 1 is full.
  auto email = conversation(4, "email");
  email.queue = "tickets";
  CHECK_FALSE(store->submit_and_wait(change(assign(email, 1, 30), "conversation_assigned", 1)).ok);
  auto chat2 = conversation(2);
  CHECK_FALSE(store->submit_and_wait(change(assign(chat2, 1, 30), "conversation_assigned", 1)).ok);
  CHECK(snapshot(db) == before);
  // Resolving the ticket frees the ticket place, and the e-mail goes to agent 1.
  ticket.status = "resolved";
  ticket.updated_at = ticket.resolved_at.emplace(40);
  REQUIRE(store->submit_and_wait(change(ticket, "conversation_resolved", 1)).ok);
  email = conversation(4, "email");
  email.queue = "tickets";
  CHECK(store->submit_and_wait(change(assign(email, 1, 50), "conversation_assigned", 1)).ok);
  // A supervisor (no capacity at all) takes chat 2 over: outside routing, not counted.
  chat2 = conversation(2);
  CHECK(store->submit_and_wait(change(assign(chat2, 2, 60), "conversation_assigned", 2)).ok);
  CHECK(db.count("SELECT COUNT(*) FROM assignments WHERE agent_id = 2 AND ended_at IS NULL AND "
                 "NOT counted") == 1);
  CHECK(db.count("SELECT COUNT(*) FROM agent_loads WHERE agent_id = 2 AND active > 0") == 0);
  CHECK(disagreements(db) == 0);
}

TEST_CASE("a stale desk's assignment batch fails and changes nothing") {
  const ClusterDatabase db(2, 3, 2);
  DeskElection first(db.uri, "a", 3000ms);
  const auto old_epoch = elect_desk(first);
  auto stale = store_of(db.uri, old_epoch);
  auto c = conversation(1);
  REQUIRE(stale->submit_and_wait(change(assign(c, 1, 10), "conversation_assigned", 1)).ok);
  first.resign();
  DeskElection second(db.uri, "b", 3000ms);
  const auto new_epoch = elect_desk(second);
  REQUIRE(new_epoch == old_epoch + 1);

  const auto before = snapshot(db);
  auto other = conversation(2);
  CHECK_FALSE(stale->submit_and_wait(change(assign(other, 1, 20), "conversation_assigned", 1)).ok);
  c.status = "queued";
  c.agent_id.reset();
  c.updated_at = 20;
  CHECK_FALSE(stale->submit_and_wait(change(c, "conversation_queued", 1)).ok);
  CHECK(snapshot(db) == before);
  // A connection that is not the desk's store, writing with the old epoch, is refused too.
  kefu::store::PgConnection raw(db.uri);
  raw.exec("BEGIN");
  CHECK(kefu::cluster::call(raw, "SELECT kefu_desk_fence(" + std::to_string(old_epoch) + ")")
            .sqlstate() == "KFD01");
  raw.exec("ROLLBACK");
  // The new desk requeues the chat with its own epoch.
  auto current = store_of(db.uri, new_epoch);
  CHECK(current->submit_and_wait(change(c, "conversation_queued", 1)).ok);
  CHECK(db.count("SELECT ended_epoch FROM assignments WHERE conversation_id = 1") == new_epoch);
  CHECK(disagreements(db) == 0);
}

TEST_CASE("after assign, transfer, resolve, reopen and close the tables agree with conversations") {
  const ClusterDatabase db(2, 2, 3);
  DeskElection desk(db.uri, "a", 3000ms);
  const auto epoch = elect_desk(desk);
  auto store = store_of(db.uri, epoch);
  auto one = conversation(1), two = conversation(2), three = conversation(3);
  auto write = [&](const WriteBatch& b) {
    REQUIRE(store->submit_and_wait(b).ok);
    CHECK(disagreements(db) == 0);
  };
  write(change(assign(one, 1, 10), "conversation_assigned", 1));
  write(change(assign(two, 1, 11), "conversation_assigned", 1));
  write(change(assign(one, 2, 12), "conversation_assigned", 2));  // transfer
  one.status = "resolved";
  one.updated_at = one.resolved_at.emplace(13);
  write(change(one, "conversation_resolved", 2));
  one.status = "queued";  // the customer wrote again within the reopen window
  one.agent_id.reset();
  one.resolved_at.reset();
  one.queued_at = one.updated_at = 14;
  write(change(one, "conversation_reopened", std::nullopt));
  write(change(assign(one, 1, 15), "conversation_assigned", 1));
  two.status = "queued";  // agent 1 went away: back to the queue
  two.agent_id.reset();
  two.updated_at = 16;
  write(change(two, "conversation_queued", 1));
  write(change(assign(three, 2, 17), "conversation_assigned", 2));
  three.status = "resolved";
  three.updated_at = three.resolved_at.emplace(18);
  write(change(three, "conversation_resolved", 2));
  three.status = "closed";
  three.updated_at = 19;
  write(change(three, "conversation_closed", std::nullopt));
  // Several changes in one batch, as a group commit holds them.
  WriteBatch both = change(assign(two, 2, 20), "conversation_assigned", 2);
  one.status = "resolved";
  one.updated_at = one.resolved_at.emplace(20);
  for (auto& m : change(one, "conversation_resolved", 1).mutations) both.mutations.push_back(m);
  write(both);

  CHECK(db.count("SELECT COUNT(*) FROM assignments") == 6);
  CHECK(db.count("SELECT COUNT(*) FROM assignments WHERE ended_at IS NULL") == 1);
  CHECK(db.count("SELECT COUNT(*) FROM assignments WHERE epoch <> " + std::to_string(epoch)) == 0);
  CHECK(db.count("SELECT (string_agg(end_reason, ',' ORDER BY id) = "
                 "'transferred,requeued,resolved,resolved,resolved')::int FROM assignments "
                 "WHERE ended_at IS NOT NULL") == 1);
  CHECK(db.count("SELECT active FROM agent_loads WHERE agent_id = 1") == 0);
  CHECK(db.count("SELECT active FROM agent_loads WHERE agent_id = 2") == 1);
  // One event per change, all the desk's.
  CHECK(db.count("SELECT COUNT(*) FROM events") == 12);
}
