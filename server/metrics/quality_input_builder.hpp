#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "server/domain/event.hpp"
#include "server/metrics/quality_scorer.hpp"
#include "server/metrics/sla_clock.hpp"

namespace kefu::metrics {

// Gathers the logged facts of one conversation into a QualityInput: first response and reply
// times (human replies only, through FactDeriver, so they are the same figures as the KPIs),
// reopened or not, whether an automatic KB answer was sent, the CSAT rating and the resolving
// agent. The caller adds what the log does not hold: the agent's texts and whether the KB had a
// confident answer (`confident_kb_answer_existed`).
// Throws std::invalid_argument when an event is malformed or belongs to another conversation.
QualityInput quality_input_from_events(const std::vector<Event>& conversation_events,
                                       std::int64_t first_response_target_ms,
                                       std::int64_t reply_target_ms);

// The same, judged by the conversation's SLA clock from `clocks` (resolved for the channel,
// queue and priority its events name: the last conversation_queued or
// conversation_priority_changed naming one): the first response against the policy's
// first-response target, each reply against its next-response target, both measured on the
// policy's clock (business time stops outside the team's hours).
QualityInput quality_input_from_events(const std::vector<Event>& conversation_events,
                                       const SlaClocks& clocks);

}  // namespace kefu::metrics
