#pragma once

#include <cstdint>
#include <string>
#include <variant>
#include <vector>

#include "server/domain/event.hpp"
#include "server/store/records.hpp"

namespace kefu::store {

// A message to append. The store gives it the conversation's next seq inside the transaction,
// unless the same author already stored the same client_id: then nothing is written and the
// outcome names the first message (retries never duplicate). The event (its type one of
// kMessageEventTypes, message_events.hpp) is written in the same transaction with
// {"seq":N,"length":chars}, and the message row keeps its id (`event_id`).
struct AppendMessage {
  MessageRecord message;  // seq is ignored and assigned by the store
  Event event;            // data is filled in by the store
};

struct UpsertConversation {
  ConversationRecord conversation;  // last_seq is kept by the store, not taken from here
};

struct AppendEvent {
  Event event;
};

struct InsertCustomer {
  CustomerRecord customer;  // id 0: the store assigns one (the outcome's value)
};

struct InsertVisitor {
  VisitorRecord visitor;  // customer_id 0: the customer created earlier in the same batch
};

struct InsertStaffSession {
  StaffSessionRecord session;
};

struct RevokeStaffSession {
  std::string token_hash;
  std::int64_t at = 0;
};

struct InsertUser {
  UserRecord user;  // id 0: assigned by the store
};

// Writes nothing but proves the store can commit (health checks).
struct Probe {};

using Mutation =
    std::variant<AppendMessage, UpsertConversation, AppendEvent, InsertCustomer, InsertVisitor,
                 InsertStaffSession, RevokeStaffSession, InsertUser, Probe>;

// What one mutation did. For AppendMessage: value = seq, conversation_id and at of the stored
// message (the first one when duplicate). For inserts: value = the new row id.
struct MutationOutcome {
  std::int64_t value = 0;
  std::int64_t conversation_id = 0;
  std::int64_t at = 0;
  bool duplicate = false;
};

// Mutations committed together, all or none.
struct WriteBatch {
  std::vector<Mutation> mutations;
};

struct WriteResult {
  bool ok = false;
  std::string error;                      // set when !ok
  std::vector<MutationOutcome> outcomes;  // one per mutation, in order, when ok
};

}  // namespace kefu::store
