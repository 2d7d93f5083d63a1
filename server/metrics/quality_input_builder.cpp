#include "server/metrics/quality_input_builder.hpp"

#include <stdexcept>

#include "server/metrics/fact_deriver.hpp"

namespace kefu::metrics {

QualityInput quality_input_from_events(const std::vector<Event>& events,
                                       std::int64_t first_response_target_ms,
                                       std::int64_t reply_target_ms) {
  QualityInput in;
  in.first_response_target_ms = first_response_target_ms;
  in.reply_target_ms = reply_target_ms;
  MetricsConfig config;
  FactDeriver deriver(config);
  std::vector<Fact> facts;
  std::optional<std::int64_t> conversation;
  for (const Event& e : events) {
    if (e.conversation_id) {
      if (conversation && *conversation != *e.conversation_id) {
        throw std::invalid_argument("events of more than one conversation");
      }
      conversation = e.conversation_id;
    }
    deriver.apply(e, facts);
    if (e.type == "conversation_reopened") in.reopened = true;
    if (e.type == "bot_message_sent") in.kb_answer_used = true;
  }
  in.conversation_id = conversation.value_or(0);
  for (const Fact& f : facts) {
    switch (f.kind) {
      case FactKind::first_response:
        if (!in.first_response_ms) in.first_response_ms = f.value;
        break;
      case FactKind::response:
        in.reply_ms.push_back(f.value);
        break;
      case FactKind::resolution:
        in.agent_id = f.agent_id;
        break;
      case FactKind::rating:
        in.csat = static_cast<int>(f.value);
        break;
      default:
        break;
    }
  }
  return in;
}

}  // namespace kefu::metrics
