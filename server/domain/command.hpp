#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <variant>
#include <vector>

namespace kefu {

enum class AgentStatus { online, away, offline };
std::string_view to_string(AgentStatus status);

// Client commands after decoding (docs/protocol.md, "Client to server"). Every field has been
// checked for presence, type and range by decode_command.
struct SendMessage {
  std::string client_id;
  std::optional<std::int64_t> conversation_id;
  std::string text;
};

struct Typing {
  std::int64_t conversation_id = 0;
  bool active = true;
};

struct Sync {
  std::int64_t conversation_id = 0;
  std::int64_t after_seq = 0;
};

struct Resolve {
  std::string client_id;
  std::int64_t conversation_id = 0;
};

struct SetStatus {
  std::string client_id;
  AgentStatus status = AgentStatus::online;
};

// Hand a conversation to another agent or queue (agents: their own; supervisors: any).
struct Transfer {
  std::string client_id;
  std::int64_t conversation_id = 0;
  std::optional<std::int64_t> to_agent;
  std::string to_queue;
  std::string note;
};

// Supervisors only (docs/protocol.md, "Supervision"): watch a conversation read-only without
// the customer knowing (`active` false stops watching), whisper to its agent, or take it over.
struct Monitor {
  std::string client_id;
  std::int64_t conversation_id = 0;
  bool active = true;
};

struct Whisper {
  std::string client_id;
  std::int64_t conversation_id = 0;
  std::string text;
};

struct TakeOver {
  std::string client_id;
  std::int64_t conversation_id = 0;
};

// Supervisors only: set an agent's status (the agent is told, with the reason; floor_control.cpp).
struct SetAgentStatus {
  std::string client_id;
  std::int64_t agent_id = 0;
  AgentStatus status = AgentStatus::away;
  std::string reason;  // 1..200 characters
};

// Supervisors only: move every chat waiting in `from_queue` to another queue or to an agent
// (as many as the agent has room for, oldest first; floor_moves.cpp).
struct MoveWaiting {
  std::string client_id;
  std::string from_queue;
  std::optional<std::int64_t> to_agent;
  std::string to_queue;
};

// A customer's CSAT answer for a resolved conversation of theirs (the widget's rating).
// Stored by the back office, not the desk (server/net/csat_survey.hpp).
struct RateConversation {
  std::string client_id;
  std::int64_t conversation_id = 0;
  int rating = 0;       // 1..5
  std::string comment;  // up to 500 characters
};

// Staff only: a private note in a conversation's thread, never shown to the customer, that may
// mention colleagues by user id. Stored by the back office (server/net/conversation_note_flow.hpp).
struct WriteNote {
  std::string client_id;
  std::int64_t conversation_id = 0;
  std::string text;                    // 1..4000 characters
  std::vector<std::int64_t> mentions;  // at most 20 user ids, each once
};

// Agents only: take a waiting conversation from the Unassigned view (pick_up.cpp).
struct PickUp {
  std::string client_id;
  std::int64_t conversation_id = 0;
};

// Supervisors only: set a conversation's priority, the one its SLA policy is chosen by
// (priority_changes.cpp).
struct SetPriority {
  std::string client_id;
  std::int64_t conversation_id = 0;
  std::string priority;  // one of conversation_priorities(), checked by the desk
};

using Command = std::variant<SendMessage, Typing, Sync, Resolve, SetStatus, Transfer, Monitor,
                             Whisper, TakeOver, RateConversation, SetAgentStatus, MoveWaiting,
                             WriteNote, PickUp, SetPriority>;

// A command that could not be decoded, answered with {"type":"error",...}.
struct CommandError {
  std::string code;  // bad_json, bad_field, unknown_type, too_long
  std::optional<std::string> ref;
  std::string message;
};

}  // namespace kefu
