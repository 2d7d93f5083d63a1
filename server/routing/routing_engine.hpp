#pragma once

#include <array>
#include <functional>
#include <map>
#include <optional>
#include <queue>
#include <string>
#include <string_view>
#include <tuple>
#include <unordered_map>
#include <vector>

#include "server/routing/agent_pool.hpp"
#include "server/routing/decision.hpp"
#include "server/routing/model.hpp"
#include "server/routing/wait_estimator.hpp"
#include "server/routing/waiting_line.hpp"

namespace kefu::routing {

// Decides which agent gets which conversation (product brief, section 2).
//
// Queue order: conversations returned by a lost agent first, then priority (the queue's
// priority, then the conversation's own: set by a person or a rule, else from the customer's
// segment), then SLA deadline, then arrival. Agent choice among the eligible (skill and level,
// language, online and connected, free capacity on the channel): the customer's last agent if
// free and seen within the sticky window, else the lowest load ratio, ties to the agent idle
// longest. After a queue's wait limit the conversation overflows: the queue's overflow rule
// widens the eligible set. A disconnected agent keeps their chats for the grace period; after
// it their chats go back to the head of their queues with their original arrival time
// (tickets stay: they are asynchronous). In offer mode an agent must accept within the offer
// timeout, else the conversation goes to the next agent.
//
// Plain C++ without I/O, threads or clocks: the caller passes `now` (ms, never decreasing) to
// every call and calls tick(now) for timers (next_timer() says when). Every decision is kept
// until take_decisions(); queue positions and wait estimates are computed on
// take_queue_updates(), which returns only those that changed. Every failed call throws
// RoutingError and changes nothing. Not thread-safe: drive it from one strand.
//
// Cost: a routing decision is O(log n) in indexed sets (per-queue waiting lines and per-queue
// pools of available agents ordered by load); re-ranking a queue is linear in its length.
class RoutingEngine {
 public:
  explicit RoutingEngine(EngineOptions options = {});

  // Adds a queue. Its name must be new and its (channel, skill, language, segment) unused.
  void add_queue(QueueConfig config);

  // Replaces the settings of the queue of that name (same rules as add_queue; the channel
  // stays). Agents' eligibility follows at once; waiting conversations are ranked again and
  // routed with the new rules. Conversations already with an agent stay.
  void update_queue(QueueConfig config, TimeMs now);

  // Retires a queue: nobody new enters it, no agent serves it, and its waiting and offered
  // conversations move to `into` (same channel, not retired) at once (requeued, reason
  // "queue_retired"). Conversations an agent holds stay; if they come back (agent lost) they
  // go to `into`. Returns the ids moved, in service order.
  std::vector<ConversationId> retire_queue(const std::string& name, const std::string& into,
                                           TimeMs now);

  // True when a queue of that name exists and is not retired.
  bool has_queue(const std::string& name) const;

  // Adds an agent (status offline until set_status) or replaces an agent's skills, languages
  // and capacities. Lowering a capacity takes nothing away; the agent just gets nothing new
  // until under it.
  void update_agent(const AgentProfile& profile, TimeMs now);

  // Changes an agent's status. Away: no new work, current work stays. Offline: no new work and
  // their chats go back to the head of their queues (reason agent_lost). Pending offers are
  // withdrawn (agent_away / agent_lost) and go to the next agent.
  void set_status(AgentId agent, AgentStatus status, TimeMs now);

  // The agent's connection dropped: no new work, pending offers go to the next agent, and
  // after the grace period (on tick) the agent goes offline and their chats are requeued.
  void agent_disconnected(AgentId agent, TimeMs now);

  // The agent's connection is back. Returns true if within the grace period (they keep their
  // chats and status), false if it had ended (they are offline until they set_status). For a
  // connected agent it changes nothing and returns whether they are not offline.
  bool agent_reconnected(AgentId agent, TimeMs now);

  // A conversation asks for an agent; routed at once if an eligible agent is free. `reason`
  // is copied into the queued decision ("new", "reopened"...).
  void enqueue(const Conversation& conversation, TimeMs now, std::string_view reason = "new");

  // Offer mode: the agent accepts or declines a conversation offered to them.
  void accept_offer(AgentId agent, ConversationId conversation, TimeMs now);
  void decline_offer(AgentId agent, ConversationId conversation, TimeMs now);

  // The agent resolved an assigned conversation: frees capacity (and routes to the agent),
  // and its handle time feeds the queue's wait estimates.
  void conversation_ended(ConversationId conversation, TimeMs now);

  // A waiting (or offered) customer left before an agent took the conversation.
  void abandon(ConversationId conversation, TimeMs now);

  // The assigned agent hands the conversation to another agent (who must be online with free
  // capacity) or to a queue of the same channel (where it is not routed back to them).
  void transfer(ConversationId conversation, const Target& target, std::string note, TimeMs now);

  // A supervisor moves a waiting, offered or assigned conversation to an agent or a queue.
  void move(ConversationId conversation, const Target& target, TimeMs now);

  // Sets a routed conversation's own priority (Conversation::priority; empty: from its
  // segment). A waiting one takes its new place in its queue at once (positions change on the
  // next take_queue_updates); an offered or assigned one keeps it for when it waits again.
  // Throws RoutingError for an unknown conversation or a priority outside 0..9.
  void set_priority(ConversationId conversation, std::optional<int> priority);

  // An agent picks a waiting (or offered) conversation up from their Unassigned view. Only
  // where the queue allows it: the agent serves its queue (a normal member, or an overflow
  // member once it overflowed), is online and connected with a free slot of its channel.
  // Throws PickUpRefused (nothing changed) otherwise; an agent the conversation was
  // transferred away from may take it back.
  void pick_up(ConversationId conversation, AgentId agent, TimeMs now);

  // Runs every timer due at or before now: overflows, offer timeouts, grace periods.
  void tick(TimeMs now);
  // When the next timer is due (it may turn out to have nothing left to do), if any.
  std::optional<TimeMs> next_timer() const;

  // Decisions taken since the last call, in order.
  std::vector<RoutingDecision> take_decisions();
  // Positions and estimates that changed since the last call (position 0: an agent has it).
  // The first estimate each customer is shown is remembered for the accuracy score. An
  // offered conversation keeps its last position until it is accepted (then 0) or returns to
  // the line. Linear in the length of each queue that changed.
  std::vector<QueueUpdate> take_queue_updates(TimeMs now);

  // Expected wait for a given position in a queue (see WaitEstimator); empty if unstaffed.
  std::optional<TimeMs> estimate_wait(const std::string& queue, int position) const;
  EstimateAccuracy estimate_accuracy(const std::string& queue) const;
  double average_handle_time_ms(const std::string& queue) const;
  std::size_t waiting_count(const std::string& queue) const;

  // A queue at a glance, for the supervisor screen.
  struct QueueStats {
    std::string name;
    std::size_t waiting = 0;
    std::size_t overflowed = 0;   // waiting past the wait limit
    std::size_t free_agents = 0;  // normally eligible agents with a free slot
    int serving_slots = 0;        // capacity of online, connected, eligible agents
    double average_handle_time_ms = 0;
    TimeMs oldest_wait_ms = 0;               // of the conversation that has waited longest in it
    std::optional<TimeMs> next_estimate_ms;  // what a new arrival would be told
    EstimateAccuracy accuracy;
  };
  // Every queue in the order added. Linear in the number waiting (for the oldest wait).
  std::vector<QueueStats> queue_stats(TimeMs now) const;

  // What the engine knows of an agent, for consoles and tests.
  struct AgentView {
    AgentStatus status = AgentStatus::offline;
    bool connected = true;
    int chat_load = 0;  // assigned + offered
    int ticket_load = 0;
  };
  AgentView agent(AgentId agent) const;

  enum class ConversationState { waiting, offered, assigned };
  struct ConversationView {
    ConversationState state = ConversationState::waiting;
    std::string queue;
    std::optional<AgentId> agent;
    bool overflowed = false;
  };
  // Empty for an unknown or finished conversation.
  std::optional<ConversationView> conversation(ConversationId conversation) const;

 private:
  enum class Tier { none, overflow_only, normal };
  struct Membership {
    std::size_t queue;
    Tier tier;
  };
  struct AgentState {
    AgentProfile profile;
    AgentStatus status = AgentStatus::offline;
    bool connected = true;
    TimeMs disconnected_at = 0;
    std::array<int, 2> load{};
    TimeMs idle_since = 0;
    std::vector<Membership> memberships;
    std::vector<ConversationId> conversations;       // assigned or offered to this agent
    std::array<std::optional<PoolEntry>, 2> pooled;  // entry held in pools, per channel
  };
  struct ConversationRecord {
    Conversation info;
    std::size_t queue = 0;
    PlaceInLine place;
    ConversationState state = ConversationState::waiting;
    bool overflowed = false;
    TimeMs queued_at = 0;
    std::optional<AgentId> agent;
    TimeMs assigned_at = 0;
    TimeMs offered_at = 0;
    std::string offer_reason;
    TimeMs offer_due = 0;           // when the pending offer times out
    std::vector<AgentId> excluded;  // agents it must not be offered to again
    int published_position = 0;
    std::optional<TimeMs> published_estimate;
    std::optional<TimeMs> first_estimate;
    TimeMs first_estimate_at = 0;
  };
  struct QueueState {
    QueueConfig config;
    WaitingLine<ConversationRecord> waiting;     // every waiting conversation
    WaitingLine<ConversationRecord> overflowed;  // the waiting ones past the wait limit
    AgentPool normal;                            // available agents eligible before overflow
    AgentPool extra;                             // available agents eligible only after overflow
    int serving_slots = 0;  // capacity of online, connected, normally eligible agents
    WaitEstimator estimator;
    bool dirty = false;
    bool retired = false;
    std::size_t moved_to = 0;  // where a retired queue's conversations go
  };
  enum class TimerKind { overflow, offer, grace, hold };
  struct Timer {
    TimeMs due;
    TimerKind kind;
    std::int64_t id;
    bool operator>(const Timer& other) const {
      return std::tie(due, kind, id) > std::tie(other.due, other.kind, other.id);
    }
  };

  using QueueKey = std::tuple<Channel, std::string, std::string, int>;
  static std::size_t channel_index(Channel channel) { return static_cast<std::size_t>(channel); }
  static QueueKey key_of(const QueueConfig& config);
  void check_queue(const QueueConfig& config) const;
  // Recomputes every agent's queues (after a queue's rules changed).
  void rebuild_memberships();
  TimeMs offer_timeout(std::size_t queue) const;
  std::size_t queue_index(const std::string& name) const;
  std::size_t queue_for(const Conversation& conversation) const;
  AgentState& agent_state(AgentId agent);
  const AgentState& agent_state(AgentId agent) const;
  ConversationRecord& record(ConversationId conversation);
  Tier tier_of(const AgentProfile& profile, const QueueConfig& config) const;
  int capacity(const AgentState& agent, Channel channel) const;
  bool active(const AgentState& agent) const;
  bool has_room(const AgentState& agent, Channel channel) const;
  bool excluded(const ConversationRecord& record, AgentId agent) const;
  // Held for its last agent (Conversation::held_until) at `now`.
  bool held(const ConversationRecord& record, TimeMs now) const;
  Tier membership(const AgentState& agent, std::size_t queue) const;

  void refresh_pools(AgentState& agent);
  void leave_pools(AgentState& agent);
  void change_slots(AgentState& agent, int sign);
  void mark_dirty(std::size_t queue);

  PlaceInLine place_for(const ConversationRecord& record, bool returned) const;
  void enter_waiting(ConversationRecord& record, TimeMs now);
  void leave_waiting(ConversationRecord& record);
  void overflow(ConversationRecord& record, TimeMs now);
  void detach_from_agent(ConversationRecord& record, TimeMs now);
  void route_conversation(ConversationRecord& record, TimeMs now);
  void fill_agent(AgentState& agent, TimeMs now);
  void hand_over(ConversationRecord& record, AgentState& agent, std::string reason, TimeMs now);
  void assign(ConversationRecord& record, AgentState& agent, std::string reason,
              std::optional<AgentId> from_agent, std::string note, TimeMs now);
  void requeue(ConversationRecord& record, std::size_t queue, bool to_head, std::string reason,
               std::optional<AgentId> from_agent, std::string note, TimeMs now);
  void return_offer(ConversationRecord& record, std::string reason, bool exclude_agent, TimeMs now);
  void withdraw_offers(AgentState& agent, std::string_view reason, TimeMs now);
  void expire_grace(AgentState& agent, TimeMs now);
  void requeue_chats(AgentState& agent, TimeMs now);
  void send(ConversationRecord& record, const Target& target, std::string reason, std::string note,
            TimeMs now);
  void forget(ConversationRecord& record);
  void push_decision(RoutingDecision decision);

  EngineOptions options_;
  std::vector<QueueState> queues_;
  std::unordered_map<std::string, std::size_t> queue_by_name_;
  std::map<QueueKey, std::size_t> queue_by_key_;
  std::unordered_map<AgentId, AgentState> agents_;
  std::unordered_map<ConversationId, ConversationRecord> conversations_;
  std::priority_queue<Timer, std::vector<Timer>, std::greater<>> timers_;
  TimeMs holds_end_ = 0;  // no conversation is held for its last agent from then on
  std::vector<RoutingDecision> decisions_;
  std::vector<QueueUpdate> answered_updates_;  // position 0 for customers who were waiting
  std::vector<std::size_t> dirty_queues_;
};

}  // namespace kefu::routing
