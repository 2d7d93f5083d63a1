#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "server/domain/event.hpp"
#include "server/metrics/quality_scorer.hpp"

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

}  // namespace kefu::metrics
