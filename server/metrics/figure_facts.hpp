#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "server/metrics/fact.hpp"

namespace kefu::metrics {

// The group a figure belongs to: the whole centre ("total", key ""), or one "queue", "team",
// "channel" or "agent" (key: the name, or the agent's user id in decimal), as in KpiBreakdown.
struct FigureGroup {
  std::string dimension = "total";
  std::string key;
};

// A conversation waiting in a queue now, from the state the rollup writer saved.
struct WaitingConversation {
  std::int64_t conversation_id = 0;
  std::string queue;
  std::string channel;
  std::int64_t since = 0;  // start of the current wait (conversation_queued.at)
  std::string priority;    // the conversation's priority (its SLA policy's), "" if unknown
};

// Where the facts behind the KPI figures are read from (the kpi_ tables RollupWriter keeps).
// FigureDrillDown asks it for exactly the facts the rollups summed, so that a figure's list of
// conversations is the figure's own terms. Implementations: SqliteFigureFacts.
class FigureFacts {
 public:
  virtual ~FigureFacts() = default;

  // The facts of `kind` (not `staffed`) completed in [from, to) that belong to `group`, in
  // order of `at` then conversation.
  virtual std::vector<Fact> completed(FactKind kind, std::int64_t from, std::int64_t to,
                                      const FigureGroup& group) = 0;

  // One `backlog_change` fact per conversation of `group` open at `to` (the sum of its changes
  // before `to` is positive), with `at` = when it last became open.
  virtual std::vector<Fact> open_at(std::int64_t to, const FigureGroup& group) = 0;

  // Every conversation waiting in a queue now (all groups; the caller filters), oldest first.
  virtual std::vector<WaitingConversation> waiting() = 0;
};

}  // namespace kefu::metrics
