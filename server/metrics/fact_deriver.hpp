#pragma once

#include <cstdint>
#include <map>
#include <set>
#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

#include "server/domain/event.hpp"
#include "server/metrics/fact.hpp"
#include "server/metrics/metrics_config.hpp"

namespace kefu::metrics {

// A `staffed` fact cut to [from, to), its business time recomputed in the agent's team
// calendar; value 0 when the span and [from, to) do not overlap.
Fact clip_staffed(const Fact& staffed, std::int64_t from, std::int64_t to,
                  const MetricsConfig& config);

// What the deriver remembers about one conversation between events.
struct ConversationState {
  std::string queue;
  std::string channel;
  std::string priority;    // the customer's SLA priority from conversation_queued; "" if unknown
  std::int64_t agent = 0;  // currently assigned agent, 0 if none
  std::int64_t last_agent = 0;         // the agent who last held it (CSAT and closure go to them)
  std::int64_t contact_start = -1;     // conversation_opened or the latest conversation_reopened
  std::int64_t queued_since = -1;      // start of the current queue wait, -1 if not queued
  bool queued_offered = false;         // the wait is an offered contact (reason new / reopened)
  std::int64_t assigned_at = -1;       // when `agent` got it
  std::int64_t unanswered_since = -1;  // earliest customer message not yet answered by a human
  bool awaiting_first_response = false;
  bool open = false;  // counts in the backlog
  bool resolved_ever = false;
  bool reopened_ever = false;
  bool transferred_ever = false;
};

// What the deriver remembers about one agent.
struct AgentState {
  std::string status = "offline";  // online / away / offline
  int open_conversations = 0;
  std::int64_t since = 0;  // start of the current staffed span (meaningful while online)
};

// Turns the interaction log, fed one event at a time in log order, into Facts (fact.hpp): the
// terms of every KPI formula of docs/metrics.md. Work per event is constant (no rescans); the
// state kept is one entry per conversation still open or awaiting closure and one per agent.
// Both LiveAggregator and RollupWriter are driven by it, so live and history agree.
// Not thread-safe. Keeps a reference to `config`, which must outlive it.
class FactDeriver {
 public:
  explicit FactDeriver(const MetricsConfig& config) : config_(config) {}

  // Applies one event and appends the facts it completes to `out`. Unknown event types are
  // ignored. Throws std::invalid_argument (and changes nothing) when `data` is not a JSON
  // object, a conversation event has no conversation_id, an agent status is unknown or a
  // rating is outside 1..5.
  void apply(const Event& event, std::vector<Fact>& out);

  // The staffed spans still running at `now` (each agent online since its last change), for
  // live figures; the spans stay open.
  std::vector<Fact> running_staffed(std::int64_t now) const;

  // A `staffed` fact cut to [from, to), its business time recomputed; value 0 if disjoint.
  Fact clip(const Fact& staffed, std::int64_t from, std::int64_t to) const {
    return clip_staffed(staffed, from, to, config_);
  }

  // Conversations waiting now, per queue, ordered by the start of their wait.
  const std::map<std::string, std::set<std::pair<std::int64_t, std::int64_t>>>& waiting() const {
    return waiting_;
  }
  const std::unordered_map<std::int64_t, AgentState>& agents() const { return agents_; }
  const std::unordered_map<std::int64_t, ConversationState>& conversations() const {
    return conversations_;
  }
  const MetricsConfig& config() const { return config_; }

  // Puts back a conversation's state saved from conversations() (e.g. after a restart),
  // replacing any state it has.
  void restore(std::int64_t conversation, const ConversationState& state);
  // Puts back an agent's state saved from agents().
  void restore_agent(std::int64_t agent, const AgentState& state) { agents_[agent] = state; }

 private:
  Fact conversation_fact(FactKind kind, std::int64_t at, std::int64_t conversation,
                         const ConversationState& c, std::int64_t agent) const;
  // kWithinTarget and kWithinTargetBusiness for a wait fact of `c`.
  int within_target(const ConversationState& c, const Fact& wait) const;
  Fact duration_fact(FactKind kind, std::int64_t from, std::int64_t to, std::int64_t conversation,
                     const ConversationState& c, std::int64_t agent) const;
  void touch_agent(std::int64_t agent, std::int64_t at, std::vector<Fact>& out);
  void take(std::int64_t agent, std::int64_t at, std::vector<Fact>& out);
  void release(ConversationState& c, std::int64_t at, std::vector<Fact>& out);
  void stop_waiting(std::int64_t conversation, ConversationState& c);
  void set_open(std::int64_t conversation, ConversationState& c, bool open, std::int64_t at,
                std::vector<Fact>& out);

  const MetricsConfig& config_;
  std::unordered_map<std::int64_t, ConversationState> conversations_;
  std::unordered_map<std::int64_t, AgentState> agents_;
  std::map<std::string, std::set<std::pair<std::int64_t, std::int64_t>>> waiting_;
};

}  // namespace kefu::metrics
