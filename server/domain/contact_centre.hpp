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
#include "server/domain/email_arrival.hpp"
#include "server/domain/outbound.hpp"
#include "server/domain/participant.hpp"
#include "server/domain/queue_choice.hpp"
#include "server/domain/switchboard.hpp"
#include "server/metrics/sla_clock.hpp"
#include "server/routing/routing_engine.hpp"
#include "server/store/store.hpp"

namespace kefu {

struct DeskSettings {
  std::int64_t reopen_window_ms = 24 * 3600 * 1000;  // a resolved chat reopens within this
  std::int64_t agent_grace_ms = 60 * 1000;           // an agent's chats wait this long for them
  std::int64_t abandon_grace_ms = 60 * 1000;         // a queued customer may be away this long
  std::string chat_queue = "general";                // where widget chats wait
  std::string ticket_queue = "tickets";              // where tickets wait
  routing::TimeMs offer_timeout_ms = 0;              // > 0: agents accept offers within this time
  // How long a customer may wait for an answer (in the queue, or for the next reply) before
  // the conversation breaches its SLA; shown to supervisors (docs/protocol.md, "Supervision").
  std::int64_t chat_reply_target_ms = 20'000;
  std::int64_t ticket_reply_target_ms = 8LL * 3600 * 1000;
  std::int64_t email_reply_target_ms = 24LL * 3600 * 1000;
};

// Hooks through which other parts of the server (customer view, knowledge base, metrics)
// follow the desk without the desk knowing them. Each runs on the desk, after the change it
// reports is durable. Any may be empty.
struct DeskObservers {
  // A customer's message was stored (not a retry).
  std::function<void(const store::ConversationRecord&, const store::MessageRecord&)> message_stored;
  // A conversation was given to an agent.
  std::function<void(const store::ConversationRecord&)> assigned;
  // Every event the desk wrote, after its commit, except a message's own (`message_received`,
  // `message_sent`: one per message, followed through message_stored), so that the desk does
  // not copy each message's event for an observer that looks for conversations' changes.
  std::function<void(const Event&)> event_stored;
  // The customer's segment for routing priority ("new", "active", "vip", "at_risk", "lost").
  std::function<std::string(std::int64_t customer_id)> segment_of;
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
  // "ticket", or "email" when the answer goes to the customer's address by mail (the widget's
  // offline form).
  std::string channel = "ticket";
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

  // Sockets come and go (connections.cpp): each gets a `welcome` with its conversations; a
  // customer back in the queue hears their place again; an agent's first socket puts them
  // online (or back within the grace period); their last one starts that period.
  void connect_customer(const ParticipantPtr& p, const CustomerParty& who);
  void connect_staff(const ParticipantPtr& p, const StaffParty& who);
  void disconnect(const Participant* p);

  // Runs one decoded command from a connected participant (contact_centre.cpp dispatches it to
  // the file that carries it out).
  void handle(const ParticipantPtr& p, Command command);

  // Opens a ticket (tickets.cpp): a new customer first if none is named; `done` runs once the
  // conversation and its first message are durable, or on failure.
  void open_ticket(TicketRequest request, std::function<void(TicketResult)> done);

  // A customer's e-mail (email_arrivals.cpp): appended to its open conversation (a resolved
  // one reopens within the reopen window) or, failing that, opening a ticket that waits in the
  // ticket queue without an abandonment deadline (the customer is not on the site). Its agent
  // sees the message as any other once durable; `done` runs then, or on failure.
  void receive_email(EmailArrival arrival, std::function<void(EmailFiled)> done);
  // The queues tickets (and so e-mail) wait in: what an admin may connect a mailbox to.
  std::vector<std::string> ticket_queues() const { return {settings_.ticket_queue}; }

  void set_observers(DeskObservers observers) { observers_ = std::move(observers); }

  // Sends a frame to every socket of an agent (or of a customer). For services that answer
  // on the desk's behalf, e.g. the customer view pushed when an order arrives.
  void send_to_agent(std::int64_t agent_id, const outbound::Frame& frame,
                     const Participant* except = nullptr);
  void send_to_customer(std::int64_t customer_id, const outbound::Frame& frame,
                        const Participant* except = nullptr);

  // (conversation, agent) for each assigned conversation of this customer: whom to tell when
  // the customer's data changes.
  std::vector<std::pair<std::int64_t, std::int64_t>> agents_serving(std::int64_t customer_id) const;

  // Sends a frame once to each staff socket on the conversation: its agent's (when it is open
  // and assigned), the supervisors watching it, and every socket of the staff in `also`
  // (conversation_staff.cpp). Never to a customer: for private notes.
  void send_to_conversation_staff(std::int64_t conversation_id, const outbound::Frame& frame,
                                  const std::vector<std::int64_t>& also);

  // Sends a frame to every connected supervisor and admin (the live KPI feed).
  void send_to_supervisors(const outbound::Frame& frame);

  // The conversation if it is open (queued, assigned or resolved in its reopen window).
  const store::ConversationRecord* open_conversation(std::int64_t id) const;

  // Open conversations for the supervisor screen, those at SLA risk and waiting longest first,
  // at most `limit` (the `conversations` of the `kpi` frame; docs/protocol.md, "Supervision").
  boost::json::array supervision_overview(std::size_t limit);

  // The customer's name as the customer view now shows it (after an identification or a
  // merge): later frames and the supervisor's overview use it instead of the one seen first.
  void note_customer_name(std::int64_t customer_id, std::string name);

  // A staff member's display name by user id (loaded once from the store), empty if unknown:
  // the names in the `kpi` frame's `staff`.
  std::string staff_name(std::int64_t user_id);

  // The agents a conversation can be transferred to, by name: every agent the desk knows (who
  // connected since the server started or holds a conversation), ordered by name, each as
  // {"id","name","status":"online"|"away"|"offline","load":{"chat","ticket"},
  //  "capacity":{"chat","ticket"}}. For GET /api/agents.
  boost::json::array colleagues();

  // Every agent the desk knows (signed in since the start, or named by an event), with their
  // status and since when, their open chats and tickets against their capacities: the
  // `floor` of the `kpi` frame (floor_control.cpp; docs/protocol.md, "Supervision").
  boost::json::array floor();

  // Queues at a glance, for supervisors and /metrics.
  std::vector<routing::RoutingEngine::QueueStats> queue_stats() const;

  // Closes every socket opened with this staff session (logout or revocation).
  void end_staff_session(const std::string& session_hash);

  // Closes every customer socket opened with this visitor's token (1008): the visitor was
  // replaced by a new one for another shop customer on the same browser.
  void end_visitor_session(const std::string& visitor_id);
  // Staff changes by an admin (staff_changes.cpp), after they are stored. update_staff: the
  // member's new skills, languages and capacities count from routing's next decision; a changed
  // role closes their sockets, so they come back with the new one. retire_staff (deactivation):
  // the member goes offline, their assigned chats and tickets go back to the head of the queue
  // at once, and every socket of theirs is closed (1008). end_staff_sockets: closes every socket
  // of the member (forced sign-out, password reset).
  void update_staff(const store::UserRecord& user);
  // The admin's queues (queue_changes.cpp): configure_queue adds or replaces a queue, used from
  // routing's next decision and by new conversations (QueueChoice); retire_queue stops it and
  // moves its waiting conversations to `move_to` at once, returning their ids (RoutingError
  // for a bad target, nothing changed).
  void configure_queue(const routing::QueueConfig& queue);
  std::vector<std::int64_t> retire_queue(const std::string& name, const std::string& move_to);
  // The channel's reply target (the SLA policy's first response) for the supervisor's
  // at-risk list, from now on; and the one in use.
  void set_reply_target(const std::string& channel, std::int64_t ms);
  std::int64_t reply_target(const std::string& channel) const;
  // The admin's SLA policies (owned by the server, outliving the desk): from now on the
  // supervisor's list and the console's clocks judge each conversation by its resolved
  // policy (channel, queue, the customer's priority) on its clock. Unset: the reply targets.
  void set_sla_clocks(const metrics::SlaClocks* clocks) { sla_clocks_ = clocks; }
  // Whether a team is within its business hours at an instant (opening_hours.cpp): from now
  // on a queue whose team is closed routes nothing to agents (its chats wait; the widget shows
  // the closed state) until the team opens. Checked before each new conversation is queued and
  // on every tick, so an hours change counts from the next decision. Unset: always open.
  void set_opening_hours(std::function<bool(const std::string& team, std::int64_t at)> open);
  // The SLA clocks of open conversations (sla_view.cpp; docs/protocol.md, "GET
  // /api/sla/clocks"): the agent's own, or every open one for a supervisor.
  boost::json::array sla_clocks(std::int64_t staff_id, bool supervises);
  void retire_staff(std::int64_t user_id);
  void end_staff_sockets(std::int64_t user_id);

  // Before these customers' personal data is erased (DELETE /api/customers/{id}): closes their
  // sockets (1008) and forgets them at once, so that commands still on their way are dropped;
  // from now on refuses their new sockets and tickets; blanks the subjects of their open
  // conversations and forgets their names, so that no later write of the desk puts them back.
  // Metrics are untouched: no event is written. (erased_customers.cpp)
  void end_customers(const std::vector<std::int64_t>& customer_ids);
  // True once end_customers named this customer (since the server started).
  bool customer_ended(std::int64_t customer_id) const {
    return ended_customers_.contains(customer_id);
  }

  // A care or automation rule resolves the conversation (rule_resolution.cpp): as an agent's
  // resolve, with the conversation_resolved event naming the rule ({"by":"rule","rule_id":N}).
  // Returns false, changing nothing, unless the conversation is assigned.
  bool resolve_by_rule(std::int64_t conversation_id, std::int64_t rule_id);
  // A rule moves a waiting conversation to another queue (rule_resolution.cpp), as a
  // supervisor's move would. Returns false, changing nothing, unless it is queued elsewhere and
  // routing accepts the queue.
  bool move_by_rule(std::int64_t conversation_id, const std::string& queue);
  // A rule sets a waiting or assigned conversation's priority (priority_changes.cpp), as a
  // supervisor's set_priority would, the event naming the rule. Returns false, changing
  // nothing, for an unknown priority or a conversation that is not waiting or assigned.
  bool prioritise_by_rule(std::int64_t conversation_id, const std::string& priority,
                          std::int64_t rule_id);
  // True while the customer has a socket open (the widget is on their screen).
  bool customer_connected(std::int64_t customer_id) const {
    return switchboard_.customer_connected(customer_id);
  }

  // Timers (conversation_lifecycle.cpp): closes resolved conversations after the reopen window,
  // abandons customers who left the queue, takes chats back from agents gone longer than the grace
  // period, ends expired staff sessions. Call about once a second.
  void tick();

  // Closes every socket with 1001 (server going away), or with `cause`.
  void shut_down(CloseCause cause = CloseCause::going_away);

  DeskFigures figures() const;

 private:
  struct Conversation {
    store::ConversationRecord record;
    std::int64_t delivered_seq = 0;  // highest seq announced to participants
    std::int64_t assigned_at = 0;
    std::optional<std::int64_t> abandon_at;
    std::int64_t last_agent_at = 0;  // when the customer last had an agent, for sticky routing
    std::optional<std::int64_t> held_until;  // its next routing waits for its last agent until
    std::string transfer_note;               // for the agent who receives it next
    std::optional<std::int64_t> unanswered_since;  // the customer's oldest unanswered message
    bool agent_replied = false;  // an agent has answered: next-response target from then on
  };

  struct Agent {
    store::UserRecord user;
    AgentStatus status = AgentStatus::offline;
    std::int64_t status_since = 0;  // when the desk last saw the status change; 0: not since start
    int sockets = 0;
    bool routed = false;  // known to the routing engine
  };

  using Connection = DeskConnection;

  static Conversation conversation_of(store::ConversationRecord record);
  // Assigned: the only state in which its agent has the conversation on their list and may
  // write to it, resolve it or hear its customer typing.
  static bool is_open_for_agent(const store::ConversationRecord& r) {
    return r.status == "assigned";
  }

  // The conversation's SLA clock and what it judges now (sla_view.cpp): the reply wait
  // (first response until an agent answered, then next response) and the resolution.
  struct SlaView {
    metrics::SlaClock clock;
    std::optional<std::int64_t> since;  // the customer waits for a reply since then
    std::int64_t target_ms = 0;         // the reply target now
  };
  SlaView sla_view(const Conversation& c) const;
  boost::json::object sla_json(const Conversation& c, std::int64_t now) const;
  // Closes the queues whose team is outside its hours and opens the others (opening_hours.cpp);
  // the caller applies the routing decisions that follow.
  void follow_opening_hours();

  // Messages, typing and sync (messages.cpp); resolve (conversation_lifecycle.cpp); transfer
  // (transfers.cpp); an agent's status (agent_presence.cpp).
  void customer_message(const ParticipantPtr& p, const Connection& c, SendMessage m);
  void agent_message(const ParticipantPtr& p, const Connection& c, SendMessage m);
  void resolve(const ParticipantPtr& p, const Connection& c, const Resolve& r);
  void transfer(const ParticipantPtr& p, const Connection& c, const Transfer& t);
  void set_status(const Connection& c, AgentStatus status, const std::string& by);
  // Sets agent `agent_id`'s status; a change is logged as `agent_status_changed` with `data`
  // (which holds at least `by`), the agent's sockets get `agent_status` and routing follows.
  void change_status(std::int64_t agent_id, AgentStatus status, boost::json::object data);
  // A supervisor sets an agent's status with a reason (floor_control.cpp).
  void set_agent_status(const ParticipantPtr& p, const Connection& c, const SetAgentStatus& s);
  // A supervisor moves a queue's waiting chats to a queue or an agent (floor_moves.cpp).
  void move_waiting(const ParticipantPtr& p, const Connection& c, const MoveWaiting& m);
  // Tells agent `agent_id` that supervisor `by` moved `conversations` to `to_agent` or
  // `to_queue`: a `reassigned` frame their console shows in its own language.
  void tell_reassigned(std::int64_t agent_id, std::int64_t by,
                       const std::vector<std::int64_t>& conversations,
                       std::optional<std::int64_t> to_agent, const std::string& to_queue);
  void sync(const ParticipantPtr& p, const Connection& c, const Sync& s);
  void typing(const Connection& c, const Typing& t);
  // Supervision (supervision.cpp): each answers `forbidden` to an agent and changes nothing.
  void monitor(const ParticipantPtr& p, const Connection& c, const Monitor& m);
  void whisper(const ParticipantPtr& p, const Connection& c, const Whisper& w);
  void take_over(const ParticipantPtr& p, const Connection& c, const TakeOver& t);
  void pick_up(const ParticipantPtr& p, const Connection& c, const PickUp& u);
  // A supervisor sets a conversation's priority (priority_changes.cpp): forbidden for agents,
  // not_found for a conversation that is not open, conflict unless it is waiting or assigned,
  // unknown_priority for a priority not in conversation_priorities(); each changes nothing.
  void set_priority(const ParticipantPtr& p, const Connection& c, const SetPriority& s);
  // Stores `priority` set by `by` ("supervisor" or "rule") with its conversation_priority_changed
  // event (`who` merged into its data); once durable the conversation's agent, its monitors
  // and every supervisor get a `conversation_priority` frame and `p` (if any) an ack of `ref`;
  // on a failed write the priority comes back and `p` gets `unavailable`.
  void change_priority(Conversation& conv, const std::string& priority, const std::string& by,
                       boost::json::object who, ParticipantPtr p, std::optional<std::string> ref);
  // Gives routing the conversation's new priority when routing holds it: a waiting one takes
  // its place in its queue at once, and its customer and the queue's get their new positions.
  void reprioritise(std::int64_t conversation_id, const std::string& priority);
  // The priority the desk decides for a conversation being queued (conversation_priority.hpp):
  // the one set by a supervisor or a rule, else from its queue and the customer's segment.
  std::string priority_of(const store::ConversationRecord& r, routing::Segment segment) const;
  // Sends to the sockets watching the conversation, except `except` and its own agent's.
  void send_to_monitors(const Conversation& c, const outbound::Frame& frame,
                        const Participant* except = nullptr);
  void stop_monitoring(const Participant* p);

  // Writes the batch; on success runs `then` on the desk, on failure `undo` and an error to p.
  void write(store::WriteBatch batch, std::function<void(const store::WriteResult&)> then,
             std::function<void()> undo, ParticipantPtr p, std::optional<std::string> ref);
  void store_message(const ParticipantPtr& p, std::int64_t conversation_id,
                     store::MessageRecord message, const std::string& event_type,
                     store::WriteBatch batch, std::function<void()> undo);
  void announce_message(const Participant* origin, const store::MessageRecord& m);

  Conversation* find_visible(const Connection& c, std::int64_t conversation_id);
  // The customer's open chat with the highest id, or null. Looked up in chats_by_customer_,
  // not by scanning every open conversation: a customer message without a conversation id
  // asks this on the relay's hot path.
  Conversation* open_chat_of(std::int64_t customer_id);
  // Every open conversation enters through admit() and leaves through forget(), which keep
  // conversations_ and chats_by_customer_ in step.
  Conversation& admit(store::ConversationRecord record);
  void forget(std::int64_t conversation_id);
  store::ConversationRecord new_conversation(std::int64_t customer_id, const std::string& channel);
  // A customer's message to `conversation` at `at`, as the store keeps it (chat, e-mail, ticket).
  static store::MessageRecord customer_message(std::int64_t conversation, std::int64_t customer,
                                               std::string client_id, std::string body,
                                               std::int64_t at);
  // Opens `record` (from new_conversation): its row and `conversation_opened` event go into
  // `batch`, it is admitted, and `undo` is set to forget it if the batch fails.
  Conversation& open_conversation(store::ConversationRecord record, store::WriteBatch& batch,
                                  std::function<void()>& undo);
  // A resolved conversation its customer writes to again (a chat message, an e-mail): within the
  // reopen window it is queued again, its record and `conversation_reopened` event added to
  // `batch` and `undo` set to restore the record if the batch fails; past the window `conv`
  // becomes null so that the caller opens a new conversation (tick() closes the old one).
  // Returns whether it reopened.
  bool reopen_resolved(Conversation*& conv, std::int64_t now, store::WriteBatch& batch,
                       std::function<void()>& undo);
  Event event(const std::string& type, const store::ConversationRecord& c,
              std::optional<std::int64_t> agent_id = std::nullopt, std::string data = "{}") const;

  // Hands the conversation to the routing engine with its queue and priority
  // (routing_decisions.cpp).
  void enqueue(Conversation& c, const std::string& reason);
  // The agent as routing knows them, and telling routing (agent_presence.cpp).
  routing::AgentProfile profile_of(const store::UserRecord& user) const;
  void route_agent(Agent& agent);
  // Carries out what the routing engine decided: writes each decision (with its event) and
  // announces it once durable; then tells waiting customers their new place in line.
  void apply_routing();
  void apply(const routing::RoutingDecision& d);
  void announce_conversation(const Conversation& c);
  void write_event(Event e);
  outbound::Names names_of(const store::ConversationRecord& c);
  const std::string& customer_name(std::int64_t customer_id);
  Agent* agent(std::int64_t id);

  store::Store& store_;
  const Clock& clock_;
  PostToDesk post_to_desk_;
  DeskSettings settings_;
  std::int64_t next_conversation_id_ = 1;
  std::uint64_t messages_stored_ = 0;
  DeskObservers observers_;
  routing::RoutingEngine engine_;
  QueueChoice queue_choice_;  // the admin's queues new conversations are sent to
  const metrics::SlaClocks* sla_clocks_ = nullptr;  // the admin's SLA policies, if set
  std::function<bool(const std::string& team, std::int64_t at)> team_open_;
  std::map<std::string, routing::QueueConfig> queue_configs_;  // the admin's, by name

  Switchboard switchboard_;  // every socket connected to the desk, by customer and by staff
  std::unordered_map<std::int64_t, Conversation> conversations_;  // open ones only
  // Ids of each customer's open chats (in conversations_), for open_chat_of.
  std::unordered_map<std::int64_t, std::vector<std::int64_t>> chats_by_customer_;
  std::unordered_map<std::int64_t, Agent> agents_;
  std::unordered_map<std::int64_t, std::string> customer_names_;
  // The last `queue` frame each waiting customer was sent, repeated when they reconnect.
  std::unordered_map<std::int64_t, outbound::Frame> last_place_;
  // Supervisors' sockets watching each conversation (monitor), by conversation id.
  std::unordered_map<std::int64_t, std::vector<const Participant*>> monitors_;
  // Customers whose personal data was erased: no socket or ticket of theirs is taken again.
  std::set<std::int64_t> ended_customers_;
};

}  // namespace kefu
