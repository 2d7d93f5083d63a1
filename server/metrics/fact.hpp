#pragma once

#include <cstdint>
#include <string>

namespace kefu::metrics {

// What a fact measures. Each is one term of a KPI formula in docs/metrics.md.
enum class FactKind {
  wait,            // an offered contact stopped waiting in a queue: answered or abandoned
  first_response,  // first human reply of a contact (opening or reopening)
  response,        // a human reply to the earliest unanswered customer message
  handle,          // assignment of the resolving agent -> resolution
  resolution,      // contact start -> resolution
  closure,         // the reopen window ended for a resolved conversation
  rating,          // a CSAT survey answer
  staffed,         // a span of an agent's time online (busy or idle)
  backlog_change,  // a conversation became open (+1) or stopped being open (-1)
};

// Flags of a fact; their meaning depends on the kind.
enum FactFlag : int {
  kAnswered = 1,              // wait: the contact was assigned (else abandoned)
  kWithinTarget = 2,          // wait: calendar wait <= the channel's threshold T
  kWithinTargetBusiness = 4,  // wait: business-hours wait <= T
  kReopened = 8,              // closure: the conversation was reopened at least once
  kTransferred = 16,          // closure: the conversation was transferred at least once
  kBusy = 32,                 // staffed: the agent held at least one open conversation
};

// One measured term derived from the interaction log by FactDeriver: a duration (calendar and
// business-hours), a count or a rating, with the queue, team, channel and agent it belongs to.
// Facts are what the live aggregator adds up and what the rollups store.
struct Fact {
  FactKind kind = FactKind::wait;
  std::int64_t at = 0;   // when the fact became known; for `staffed`, start of the span
  std::int64_t end = 0;  // for `staffed`, end of the span; otherwise equal to `at`
  std::int64_t conversation_id = 0;
  std::int64_t agent_id = 0;  // 0 when no agent
  std::string queue;
  std::string team;
  std::string channel;
  std::int64_t value = 0;        // calendar ms; the rating for `rating`; +1/-1 for backlog_change
  std::int64_t business_ms = 0;  // business-hours ms in the team's calendar
  int flags = 0;
};

}  // namespace kefu::metrics
