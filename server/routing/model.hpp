#pragma once

#include <cstdint>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

// The routing engine's vocabulary: queues, agents and the conversations that wait for them.
// Plain data; the rules that use it live in RoutingEngine.
namespace kefu::routing {

using TimeMs = std::int64_t;  // server time, ms since the Unix epoch (or a virtual clock)
using AgentId = std::int64_t;
using ConversationId = std::int64_t;

enum class Channel { chat, ticket };
enum class AgentStatus { online, away, offline };
// The customer's RFM segment (docs: product brief, "Unified customer view").
enum class Segment { new_customer, active, vip, at_risk, lost };

std::string_view to_string(Channel channel);
std::string_view to_string(AgentStatus status);
std::string_view to_string(Segment segment);
// The segment `to_string` names "new", "active", "vip", "at_risk" or "lost"; new_customer for
// any other name.
Segment segment_from_string(std::string_view name);

// Queue priority given by a customer segment; higher is served first. VIP before customers at
// risk of churning, before everyone else.
int priority_of(Segment segment);

// Thrown for a request the engine cannot carry out (unknown id, wrong state, bad value). The
// engine checks everything before it changes anything, so after this error nothing changed.
class RoutingError : public std::invalid_argument {
 public:
  using std::invalid_argument::invalid_argument;
};

// An agent's pick-up refused (RoutingEngine::pick_up), with the protocol's error code:
// not_waiting, not_your_queue, not_online or no_capacity.
class PickUpRefused : public RoutingError {
 public:
  PickUpRefused(std::string code, const std::string& message)
      : RoutingError(message), code_(std::move(code)) {}
  const std::string& code() const { return code_; }

 private:
  std::string code_;
};

struct SkillLevel {
  std::string skill;
  int level = 1;  // 1 (novice) .. 10 (expert)
};

// What an agent can do. Status and connection are changed through the engine, not here.
struct AgentProfile {
  AgentId id = 0;
  std::vector<SkillLevel> skills;
  std::vector<std::string> languages;
  std::vector<std::string> teams;  // a queue with a team is served by its members only
  int chat_capacity = 3;           // chats at once
  int ticket_capacity = 5;         // tickets at once
};

// How a queue widens the set of eligible agents once a conversation has waited too long.
struct OverflowRule {
  TimeMs after_ms = 0;        // the queue's wait limit; 0 means never overflow
  bool any_language = false;  // drop the language requirement
  int min_level = 0;          // accept this lower skill level (0: keep the queue's level)
  std::vector<std::string> backup_skills;  // also accept agents with any of these skills
};

// "fraction of conversations answered within threshold_ms"; chat default 80 % in 20 s.
struct ServiceLevelTarget {
  double fraction = 0.8;
  TimeMs threshold_ms = 20'000;
};

// One queue: a team's skill in one language on one channel.
struct QueueConfig {
  std::string name;
  Channel channel = Channel::chat;
  std::string skill;
  int min_level = 1;
  std::string language;  // empty: any language
  std::string team;      // empty: any agent; else only the team's members (also on overflow)
  // Customers of this segment only (a VIP queue); empty: any segment. Part of the key by which
  // a conversation that names no queue finds one.
  std::optional<Segment> segment;
  int priority = 0;  // 0..9: a higher queue's conversations are served first by shared agents
  ServiceLevelTarget target;
  OverflowRule overflow;
  // Offer mode for this queue: > 0 offer-and-accept with this timeout, 0 assign at once; empty:
  // the engine's offer_timeout_ms.
  std::optional<TimeMs> offer_timeout_ms;
  // Handle time assumed for wait estimates until real ones are measured.
  TimeMs initial_handle_time_ms = 300'000;
  // Outside the team's business hours: conversations wait and no agent gets one from this
  // queue (a supervisor's move to a named agent still does) until it opens again.
  bool closed = false;
};

// A conversation asking for an agent.
struct Conversation {
  ConversationId id = 0;
  std::string queue;  // empty: the queue whose channel, skill and language match
  Channel channel = Channel::chat;
  std::string skill;
  std::string language;
  Segment segment = Segment::active;
  // Its own priority within its queue, 0..9, higher served first, on priority_of's scale (the
  // desk's vip 3, at_risk 2, normal 1: conversation_priority.hpp); empty: priority_of(segment).
  std::optional<int> priority;
  std::optional<TimeMs> sla_deadline;  // empty: arrival + the queue's service-level threshold
  TimeMs arrival = 0;                  // when the customer started waiting
  std::optional<AgentId> last_agent;   // the customer's last agent, for sticky routing
  TimeMs last_agent_at = 0;            // when the customer last spoke with that agent
  // Until then nobody but last_agent is given it (a desk's restart: a chat its agent held waits
  // for them for the grace period, as when their socket drops); empty: anyone may take it.
  std::optional<TimeMs> held_until;
};

// Engine-wide settings.
struct EngineOptions {
  TimeMs grace_ms = 60'000;                      // a disconnected agent keeps their chats this long
  TimeMs sticky_window_ms = 24LL * 3600 * 1000;  // "seen recently" for sticky routing
  TimeMs offer_timeout_ms = 0;       // > 0: offer-and-accept mode with this timeout; 0: assign
  double handle_time_weight = 0.02;  // weight of the newest handle time in the moving average
};

// Where a transfer or a supervisor's move sends a conversation: one agent, or a queue.
struct Target {
  std::optional<AgentId> agent;
  std::string queue;

  static Target to_agent(AgentId id) { return Target{id, {}}; }
  static Target to_queue(std::string name) { return Target{std::nullopt, std::move(name)}; }
};

}  // namespace kefu::routing
