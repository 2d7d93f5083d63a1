#include "server/metrics/quality_input_builder.hpp"

#include <boost/json.hpp>
#include <stdexcept>

#include "server/metrics/fact_deriver.hpp"

namespace kefu::metrics {

namespace {

// `measure(fact)` gives a duration fact's time on the judging clock.
template <typename Measure>
QualityInput gather(const std::vector<Event>& events, std::int64_t first_response_target_ms,
                    std::int64_t reply_target_ms, Measure measure) {
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
        if (!in.first_response_ms) in.first_response_ms = measure(f);
        break;
      case FactKind::response:
        in.reply_ms.push_back(measure(f));
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

}  // namespace

QualityInput quality_input_from_events(const std::vector<Event>& events,
                                       std::int64_t first_response_target_ms,
                                       std::int64_t reply_target_ms) {
  return gather(events, first_response_target_ms, reply_target_ms,
                [](const Fact& f) { return f.value; });
}

QualityInput quality_input_from_events(const std::vector<Event>& events, const SlaClocks& clocks) {
  std::string channel, queue, priority;
  for (const Event& e : events) {
    if (e.channel && channel.empty()) channel = *e.channel;
    if (e.queue) queue = *e.queue;
    // The priority the desk decided at queueing, or the one a supervisor or a rule set since.
    if (e.type != "conversation_queued" && e.type != "conversation_priority_changed") continue;
    boost::system::error_code ec;
    const auto data = boost::json::parse(e.data, ec);  // written by the desk
    if (ec || !data.is_object()) continue;
    if (const auto* p = data.as_object().if_contains("priority"); p && p->is_string()) {
      priority = std::string(p->get_string());
    }
  }
  const SlaClock clock = clocks.clock_for(channel.empty() ? "chat" : channel, queue, priority);
  return gather(events, clock.targets().first_response_ms, clock.targets().next_response_ms,
                [&clock](const Fact& f) { return clock.elapsed_ms(f.at - f.value, f.at); });
}

}  // namespace kefu::metrics
