#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <unordered_map>
#include <vector>

#include "server/domain/clock.hpp"
#include "server/domain/command.hpp"
#include "server/domain/outbound.hpp"
#include "server/domain/participant.hpp"
#include "server/store/store.hpp"

namespace kefu {

struct DeskSettings {
  std::int64_t reopen_window_ms = 24 * 3600 * 1000;  // a resolved chat reopens within this
  std::int64_t agent_grace_ms = 60 * 1000;   // an agent's chats wait this long for them
  std::int64_t abandon_grace_ms = 60 * 1000;  // a queued customer may be away this long
  std::string default_queue = "general";
};

// A customer connected through the widget.
struct CustomerParty {
  std::int64_t customer_id = 0;
  std::string visitor_id;
};

// A staff member connected to the console, with the session that let them in.
struct StaffParty {
  store::UserRecord user;
  std::string session_hash;
  std::int64_t session_expires_at = 0;
};

struct TicketRequest {
  std::optional<std::int64_t> customer_id;  // a widget visitor's customer; else a new customer
  std::string customer_name;                // for a new customer
  std::string subject;
  std::string text;
};

struct TicketResult {
  bool ok = false;
  std::string error;
  std::int64_t conversation_id = 0;
  std::int64_t seq = 0;
};

// Counters for the operations endpoint and the load tools.
struct DeskFigures {
  std::size_t connections = 0;
  std::size_t waiting = 0;
  std::uint64_t messages_stored = 0;
};

// The contact centre's live state: conversations and their lifecycle, who is connected, which
// agent has what, and the order customers wait in. Every change is handed to the Store and
// announced only once durable: acks, message fan-out and assignments all wait for the commit.
//
// Not thread-safe by design: every method must run on one thread or strand (the "desk"). The
// store's completions are brought back to it through `post_to_desk`.
class ContactCentre {
 public:
  using PostToDesk = std::function<void(std::function<void()>)>;

  ContactCentre(store::Store& store, const Clock& clock, PostToDesk post_to_desk,
                DeskSettings settings = {});
  ContactCentre(const ContactCentre&) = delete;
  ContactCentre& operator=(const ContactCentre&) = delete;

  // Loads open conversations from the store (once, before the first connection).
  void load();

  void connect_customer(const ParticipantPtr& p, const CustomerParty& who);
  void connect_staff(const ParticipantPtr& p, const StaffParty& who);
  void disconnect(const Participant* p);

  // Runs one decoded command from a connected participant.
  void handle(const ParticipantPtr& p, Command command);

  void open_ticket(TicketRequest request, std::function<void(TicketResult)> done);

  // Closes every socket opened with this staff session (logout or revocation).
  void end_staff_session(const std::string& session_hash);

  // Timers: closes resolved conversations after the reopen window, abandons customers who
  // left the queue, takes chats back from agents gone longer than the grace period, ends
  // expired staff sessions. Call about once a second.
  void tick();

  // Closes every socket with 1001 (server going away).
  void shut_down();

  DeskFigures figures() const;

 private:
  struct Conversation {
    store::ConversationRecord record;
    std::int64_t delivered_seq = 0;  // highest seq announced to participants
    std::int64_t assigned_at = 0;
    std::optional<std::int64_t> abandon_at;
    std::pair<int, std::int64_t> last_queue_notice{-1, -1};
  };

  struct Agent {
    store::UserRecord user;
    AgentStatus status = AgentStatus::offline;
    int sockets = 0;
    int chats = 0;
    int tickets = 0;
    std::int64_t idle_since = 0;
    std::optional<std::int64_t> gone_since;
  };

  struct Connection {
    ParticipantPtr participant;
    bool staff = false;
    std::int64_t id = 0;  // customer id or user id
    std::string session_hash;
    std::int64_t session_expires_at = 0;
  };

  static Conversation conversation_of(store::ConversationRecord record);

  using QueueKey = std::pair<std::int64_t, std::int64_t>;  // queued_at, conversation id

  void customer_message(const ParticipantPtr& p, const Connection& c, SendMessage m);
  void agent_message(const ParticipantPtr& p, const Connection& c, SendMessage m);
  void resolve(const ParticipantPtr& p, const Connection& c, const Resolve& r);
  void set_status(const Connection& c, AgentStatus status, const std::string& by);
  void sync(const ParticipantPtr& p, const Connection& c, const Sync& s);
  void typing(const Connection& c, const Typing& t);

  // Writes the batch; on success runs `then` on the desk, on failure `undo` and an error to p.
  void write(store::WriteBatch batch, std::function<void(const store::WriteResult&)> then,
             std::function<void()> undo, ParticipantPtr p, std::optional<std::string> ref);
  void store_message(const ParticipantPtr& p, std::int64_t conversation_id,
                     store::MessageRecord message, const std::string& event_type,
                     store::WriteBatch batch, std::function<void()> undo);
  void announce_message(const Participant* origin, const store::MessageRecord& m);

  Conversation* find_visible(const Connection& c, std::int64_t conversation_id);
  Conversation* open_chat_of(std::int64_t customer_id);
  store::ConversationRecord new_conversation(std::int64_t customer_id, const std::string& channel);
  Event event(const std::string& type, const store::ConversationRecord& c,
              std::optional<std::int64_t> agent_id = std::nullopt, std::string data = "{}") const;

  void enqueue(Conversation& c);
  void route();
  bool assign(Conversation& c, Agent& agent, const std::string& reason);
  void requeue_chats_of(Agent& agent, const std::string& reason);
  void notify_queue();
  void announce_conversation(const Conversation& c);
  void release(Agent& agent, const std::string& channel);

  void send_to_customer(std::int64_t customer_id, const outbound::Frame& frame,
                        const Participant* except = nullptr);
  void send_to_agent(std::int64_t agent_id, const outbound::Frame& frame,
                     const Participant* except = nullptr);
  outbound::Names names_of(const store::ConversationRecord& c);
  const std::string& customer_name(std::int64_t customer_id);
  Agent* agent(std::int64_t id);

  store::Store& store_;
  const Clock& clock_;
  PostToDesk post_to_desk_;
  DeskSettings settings_;
  std::int64_t next_conversation_id_ = 1;
  std::uint64_t messages_stored_ = 0;
  std::int64_t average_handle_ms_ = 180 * 1000;

  std::unordered_map<const Participant*, Connection> connections_;
  std::unordered_map<std::int64_t, std::vector<const Participant*>> customer_sockets_;
  std::unordered_map<std::int64_t, std::vector<const Participant*>> agent_sockets_;
  std::unordered_map<std::int64_t, Conversation> conversations_;  // open ones only
  std::unordered_map<std::int64_t, Agent> agents_;
  std::unordered_map<std::int64_t, std::string> customer_names_;
  std::set<QueueKey> queue_;
};

}  // namespace kefu
