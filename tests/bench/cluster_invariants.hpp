#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "tests/bench/chaos_customer.hpp"

namespace kefu::load {

// What one client (a customer's widget or an agent's console) logged during the run.
struct ClientLog {
  std::string who;
  const std::map<std::string, AckedMessage>* acked = nullptr;  // client_id -> ack
  std::map<std::int64_t, std::vector<std::int64_t>> held;      // conversation -> seqs held
  // Conversations whose every seq the client must hold from its first one to the last stored
  // (a customer: its chat; an agent: those assigned to it at the end).
  std::vector<std::int64_t> must_hold;
  bool from_one = false;  // a customer holds its chat from seq 1
};

// The cluster test's checker: reads the PostgreSQL database once the run is over and compares
// it with what the clients logged. Each check counts what it looked at and every violation.
class ClusterInvariants {
 public:
  explicit ClusterInvariants(std::string store_uri);

  // Every acknowledged message is stored exactly once (its author's client_id) at the seq its
  // ack named; no client_id is stored twice in a conversation.
  void check_acknowledged(const std::vector<ClientLog>& logs);
  // Every conversation's seqs run 1..n without a gap or a repeat.
  void check_seqs();
  // Replays the event log in order (conversation_assigned, _queued, _resolved, _transferred,
  // _abandoned, _closed): never two active assignees of one conversation, no agent over its
  // chat capacity; and the `assignments` history, if the desk kept one, the same.
  void check_assignments();
  // `assignments` (the active ones) and `agent_loads` say what `conversations` says: each
  // assigned conversation's agent holds its one active assignment, and each agent's load of a
  // kind is the number of their active counted assignments of it.
  void check_assignee_mirror();
  // Every stored message reached its online recipient: after the final resume each client
  // holds every seq of the conversations it must hold, without holes.
  void check_delivered(const std::vector<ClientLog>& logs);

  // One line per check with its counts, then every violation (at most 20 per check).
  void print() const;
  long violations() const;
  // Acknowledged messages the database does not hold (after check_acknowledged).
  long lost() const { return lost_; }

 private:
  struct Check {
    std::string name;
    std::string counts;
    std::vector<std::string> violations;
  };
  Check& add(std::string name);

  std::string uri_;
  std::vector<Check> checks_;
  long lost_ = 0;
};

}  // namespace kefu::load
