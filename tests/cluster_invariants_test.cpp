// The cluster test's invariant checker (tests/bench/cluster_invariants) on a real PostgreSQL:
// each check passes a consistent database and finds the violation it exists for (a lost ack,
// an ack at another seq, a gap in seq, two assignees, an agent over capacity, assignments that
// disagree with conversations, a hole in what a client holds), so that kefu-cluster-test's "0
// violations" means something.
#include "tests/bench/cluster_invariants.hpp"

#include <catch2/catch.hpp>

#include "tests/support/cluster_database.hpp"

using kefu::load::AckedMessage;
using kefu::load::ClientLog;
using kefu::load::ClusterInvariants;
using kefu::testing::ClusterDatabase;

namespace {

// Conversation 1 holds customer messages k-1..k-3 at seqs 1..3; agent 1 (capacity 1) had it
// assigned, then resolved; conversation 2 is assigned to agent 1 afterwards.
ClusterDatabase consistent() {
  ClusterDatabase db(2, 1, 2);
  for (int seq = 1; seq <= 3; ++seq) {
    db.exec(
        "INSERT INTO messages(conversation_id, seq, author_kind, author_id, client_id, body, "
        "created_at) VALUES (1, " +
        std::to_string(seq) + ", 'customer', 1, 'k-" + std::to_string(seq) +
        "', 'where is my parcel', 1)");
  }
  db.exec(
      "INSERT INTO events(at, type, conversation_id, agent_id, channel) VALUES "
      "(1, 'conversation_assigned', 1, 1, 'chat'), (2, 'conversation_resolved', 1, 1, 'chat'), "
      "(3, 'conversation_assigned', 2, 1, 'chat')");
  return db;
}

std::map<std::string, AckedMessage> acks() {
  return {{"k-1", {1, 1}}, {"k-2", {1, 2}}, {"k-3", {1, 3}}};
}

ClientLog customer(const std::map<std::string, AckedMessage>& acked,
                   std::vector<std::int64_t> held) {
  ClientLog log{"customer 0", &acked, {}, {1}, true};
  log.held[1] = std::move(held);
  return log;
}

ClusterInvariants checked(const ClusterDatabase& db, const std::vector<ClientLog>& logs) {
  ClusterInvariants invariants(db.uri);
  invariants.check_acknowledged(logs);
  invariants.check_seqs();
  invariants.check_assignments();
  invariants.check_assignee_mirror();
  invariants.check_delivered(logs);
  return invariants;
}

}  // namespace

TEST_CASE("the cluster checker passes a consistent run") {
  const auto db = consistent();
  const auto acked = acks();
  const auto invariants = checked(db, {customer(acked, {1, 2, 3})});
  CHECK(invariants.violations() == 0);
  CHECK(invariants.lost() == 0);
}

TEST_CASE("the cluster checker finds an acknowledged message that was not stored") {
  const auto db = consistent();
  auto acked = acks();
  acked["k-4"] = {1, 4};
  const auto invariants = checked(db, {customer(acked, {1, 2, 3})});
  CHECK(invariants.lost() == 1);
  CHECK(invariants.violations() == 1);
}

TEST_CASE("the cluster checker finds a message stored at another seq than its ack said") {
  const auto db = consistent();
  auto acked = acks();
  acked["k-3"] = {1, 2};
  CHECK(checked(db, {customer(acked, {1, 2, 3})}).violations() == 1);
}

TEST_CASE("the cluster checker finds a gap in a conversation's seq") {
  const auto db = consistent();
  db.exec(
      "INSERT INTO messages(conversation_id, seq, author_kind, author_id, client_id, body, "
      "created_at) VALUES (2, 2, 'customer', 1, 'x-2', 'hello', 1)");
  CHECK(checked(db, {}).violations() == 1);
}

TEST_CASE("the cluster checker finds two active assignees of one conversation") {
  const auto db = consistent();
  // Agent 2 (capacity 1, free) is given conversation 2 while agent 1 still has it.
  db.exec(
      "INSERT INTO events(at, type, conversation_id, agent_id, channel) VALUES "
      "(4, 'conversation_assigned', 2, 2, 'chat')");
  CHECK(checked(db, {}).violations() == 1);
}

TEST_CASE("the cluster checker finds an agent over capacity") {
  const auto db = consistent();
  // Agent 1 (capacity 1) holds conversation 2 and is given conversation 1 again.
  db.exec(
      "INSERT INTO events(at, type, conversation_id, agent_id, channel) VALUES "
      "(4, 'conversation_assigned', 1, 1, 'chat')");
  CHECK(checked(db, {}).violations() == 1);
}

TEST_CASE("the cluster checker finds assignments that disagree with conversations") {
  const auto db = consistent();
  // Past the triggers that keep them together: conversation 2 assigned, no assignment for it.
  db.exec(
      "ALTER TABLE conversations DISABLE TRIGGER USER; "
      "UPDATE conversations SET status = 'assigned', agent_id = 2 WHERE id = 2; "
      "ALTER TABLE conversations ENABLE TRIGGER USER");
  CHECK(checked(db, {}).violations() == 1);
  // An agent's load that is not the count of their active assignments.
  db.exec("INSERT INTO agent_loads(agent_id, kind, active) VALUES (1, 'ticket', 1)");
  CHECK(checked(db, {}).violations() == 2);
}

TEST_CASE("the cluster checker finds a message a client never got") {
  const auto db = consistent();
  const auto acked = acks();
  CHECK(checked(db, {customer(acked, {1, 3})}).violations() == 1);
  CHECK(checked(db, {customer(acked, {1, 2})}).violations() == 1);
}
