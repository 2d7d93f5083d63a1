#include "server/routing/simulation.hpp"

#include <algorithm>
#include <cmath>
#include <functional>
#include <queue>
#include <random>
#include <stdexcept>
#include <tuple>
#include <unordered_map>

#include "server/routing/erlang_c.hpp"
#include "server/routing/routing_engine.hpp"

namespace kefu::routing {

namespace {

enum class EventKind { staffing, end, abandon, arrival };

struct SimEvent {
  TimeMs at;
  std::uint64_t sequence;  // keeps the order of simultaneous events stable
  EventKind kind;
  std::int64_t id;  // queue index, conversation id or staffing step
  bool operator>(const SimEvent& other) const {
    return std::tie(at, sequence) > std::tie(other.at, other.sequence);
  }
};

void check(const SimulationConfig& config) {
  auto fail = [](const std::string& what) { throw std::invalid_argument(what); };
  if (config.agents < 0) fail("agents must not be negative");
  if (config.queues.empty()) fail("at least one queue is needed");
  for (const auto& queue : config.queues) {
    if (!(queue.arrival_rate_per_second > 0) || !std::isfinite(queue.arrival_rate_per_second)) {
      fail("arrival rate of queue " + queue.name + " must be positive");
    }
  }
  if (!(config.handle_time_seconds > 0) || !std::isfinite(config.handle_time_seconds)) {
    fail("handle time must be positive");
  }
  for (double sample : config.handle_times_seconds) {
    if (!(sample >= 0) || !std::isfinite(sample)) fail("handle times must not be negative");
  }
  if (config.chat_capacity < 1) fail("capacity must be at least 1");
  if (!(config.hours > 0) || !std::isfinite(config.hours)) fail("hours must be positive");
  if (!(config.target_seconds >= 0)) fail("target must not be negative");
  if (config.patience_seconds && !(*config.patience_seconds > 0)) {
    fail("patience must be positive");
  }
  for (const auto& step : config.staffing) {
    if (step.agents < 0 || !(step.from_hours >= 0)) fail("bad staffing step");
  }
}

TimeMs to_ms(double seconds) {
  return std::llround(seconds * 1000.0);
}

// Everything that changes during one run.
class Run {
 public:
  explicit Run(const SimulationConfig& config)
      : config_(config), rng_(config.seed), horizon_ms_(to_ms(config.hours * 3600.0)) {}

  SimulationResult execute() {
    set_up();
    while (true) {
      const std::optional<TimeMs> timer = engine_.next_timer();
      if (events_.empty() && !timer) break;
      if (timer && (events_.empty() || *timer <= events_.top().at)) {
        engine_.tick(*timer);
        after_engine(*timer);
        continue;
      }
      const SimEvent event = events_.top();
      events_.pop();
      handle(event);
      after_engine(event.at);
    }
    return finish();
  }

 private:
  void set_up() {
    for (const auto& queue : config_.queues) {
      QueueConfig queue_config;
      queue_config.name = queue.name;
      queue_config.skill = queue.name;
      queue_config.target.threshold_ms = to_ms(config_.target_seconds);
      queue_config.initial_handle_time_ms = to_ms(mean_handle_time());
      engine_.add_queue(queue_config);
    }
    int most = config_.agents;
    for (const auto& step : config_.staffing) most = std::max(most, step.agents);
    for (AgentId id = 1; id <= most; ++id) {
      AgentProfile profile;
      profile.id = id;
      for (const auto& queue : config_.queues) profile.skills.push_back({queue.name, 1});
      profile.chat_capacity = config_.chat_capacity;
      profile.ticket_capacity = 0;
      engine_.update_agent(profile, 0);
    }
    staff(config_.agents, 0);
    for (std::size_t q = 0; q < config_.queues.size(); ++q) schedule_arrival(q, 0);
    for (std::size_t s = 0; s < config_.staffing.size(); ++s) {
      push(to_ms(config_.staffing[s].from_hours * 3600.0), EventKind::staffing,
           static_cast<std::int64_t>(s));
    }
  }

  double mean_handle_time() const {
    if (config_.handle_times_seconds.empty()) return config_.handle_time_seconds;
    double sum = 0;
    for (double sample : config_.handle_times_seconds) sum += sample;
    return std::max(sum / static_cast<double>(config_.handle_times_seconds.size()), 0.001);
  }

  TimeMs exponential_ms(double mean_seconds) {
    std::exponential_distribution<double> draw(1.0 / mean_seconds);
    return to_ms(draw(rng_));
  }

  TimeMs handle_time_ms() {
    const auto& samples = config_.handle_times_seconds;
    if (samples.empty()) return exponential_ms(config_.handle_time_seconds);
    std::uniform_int_distribution<std::size_t> pick(0, samples.size() - 1);
    return to_ms(samples[pick(rng_)]);
  }

  void push(TimeMs at, EventKind kind, std::int64_t id) {
    events_.push(SimEvent{at, sequence_++, kind, id});
  }

  void schedule_arrival(std::size_t queue, TimeMs from) {
    const TimeMs at = from + exponential_ms(1.0 / config_.queues[queue].arrival_rate_per_second);
    if (at < horizon_ms_) push(at, EventKind::arrival, static_cast<std::int64_t>(queue));
  }

  // Brings the number of online agents to `count`: the lowest ids are online.
  void staff(int count, TimeMs now) {
    for (AgentId id = 1; id <= static_cast<AgentId>(staffed_.size()) || id <= count; ++id) {
      if (static_cast<std::size_t>(id) > staffed_.size()) staffed_.push_back(false);
      const bool wanted = id <= count;
      if (staffed_[id - 1] == wanted) continue;
      staffed_[id - 1] = wanted;
      engine_.set_status(id, wanted ? AgentStatus::online : AgentStatus::away, now);
    }
    staffed_slot_ms_ += static_cast<double>(online_) * config_.chat_capacity *
                        static_cast<double>(std::min(now, horizon_ms_) - last_staffing_ms_);
    last_staffing_ms_ = std::min(now, horizon_ms_);
    online_ = count;
  }

  void handle(const SimEvent& event) {
    switch (event.kind) {
      case EventKind::arrival: {
        const auto queue = static_cast<std::size_t>(event.id);
        Conversation conversation;
        conversation.id = ++last_id_;
        conversation.queue = config_.queues[queue].name;
        conversation.arrival = event.at;
        ContactOutcome& outcome = open_[conversation.id];
        outcome.id = conversation.id;
        outcome.queue = conversation.queue;
        outcome.arrival_ms = event.at;
        ++result_.offered;
        if (config_.patience_seconds) {
          push(event.at + exponential_ms(*config_.patience_seconds), EventKind::abandon,
               conversation.id);
        }
        engine_.enqueue(conversation, event.at);
        schedule_arrival(queue, event.at);
        break;
      }
      case EventKind::end: {
        engine_.conversation_ended(event.id, event.at);
        ContactOutcome& outcome = open_.at(event.id);
        outcome.ended_ms = event.at;
        close(event.id);
        break;
      }
      case EventKind::abandon: {
        auto it = open_.find(event.id);
        if (it == open_.end() || it->second.answered_ms) break;
        engine_.abandon(event.id, event.at);
        it->second.abandoned_ms = event.at;
        close(event.id);
        break;
      }
      case EventKind::staffing:
        staff(config_.staffing[static_cast<std::size_t>(event.id)].agents, event.at);
        break;
    }
  }

  void after_engine(TimeMs now) {
    for (const RoutingDecision& decision : engine_.take_decisions()) {
      if (decision.kind != DecisionKind::assigned) continue;
      ContactOutcome& outcome = open_.at(decision.conversation);
      outcome.answered_ms = now;
      outcome.agent = decision.agent;
      push(now + handle_time_ms(), EventKind::end, decision.conversation);
    }
    engine_.take_queue_updates(now);
  }

  // Folds a finished contact into the figures.
  void close(ConversationId id) {
    auto node = open_.extract(id);
    const ContactOutcome& outcome = node.mapped();
    if (outcome.answered_ms) {
      const TimeMs wait = *outcome.answered_ms - outcome.arrival_ms;
      ++result_.answered;
      if (wait <= to_ms(config_.target_seconds)) ++result_.answered_within_target;
      total_wait_ms_ += static_cast<double>(wait);
      const TimeMs busy_from = std::min(*outcome.answered_ms, horizon_ms_);
      const TimeMs busy_to = std::min(*outcome.ended_ms, horizon_ms_);
      busy_slot_ms_ += static_cast<double>(busy_to - busy_from);
    } else {
      ++result_.abandoned;
    }
    if (config_.keep_contacts) result_.contacts.push_back(std::move(node.mapped()));
  }

  SimulationResult finish() {
    staff(online_, horizon_ms_);
    SimulationResult& r = result_;
    const long served_or_lost = r.answered + r.abandoned;
    r.service_level = served_or_lost ? static_cast<double>(r.answered_within_target) /
                                           static_cast<double>(served_or_lost)
                                     : 1.0;
    r.asa_seconds = r.answered ? total_wait_ms_ / 1000.0 / static_cast<double>(r.answered) : 0.0;
    r.abandonment_rate =
        r.offered ? static_cast<double>(r.abandoned) / static_cast<double>(r.offered) : 0.0;
    r.occupancy = staffed_slot_ms_ > 0 ? busy_slot_ms_ / staffed_slot_ms_ : 0.0;
    double rate = 0;
    for (const auto& queue : config_.queues) rate += queue.arrival_rate_per_second;
    const double handle = mean_handle_time();
    r.offered_load_erlangs = rate * handle;
    const int slots = config_.agents * config_.chat_capacity;
    r.erlang_c_service_level =
        erlang_c_service_level(slots, r.offered_load_erlangs, handle, config_.target_seconds);
    r.erlang_c_asa_seconds = erlang_c_asa(slots, r.offered_load_erlangs, handle);
    double estimate = 0, actual = 0, error = 0, absolute = 0;
    for (const auto& queue : config_.queues) {
      const EstimateAccuracy a = engine_.estimate_accuracy(queue.name);
      const double n = static_cast<double>(a.count);
      r.estimates.count += a.count;
      estimate += a.mean_estimate_ms * n;
      actual += a.mean_actual_ms * n;
      error += a.mean_error_ms * n;
      absolute += a.mean_absolute_error_ms * n;
    }
    if (r.estimates.count > 0) {
      const double n = static_cast<double>(r.estimates.count);
      r.estimates.mean_estimate_ms = estimate / n;
      r.estimates.mean_actual_ms = actual / n;
      r.estimates.mean_error_ms = error / n;
      r.estimates.mean_absolute_error_ms = absolute / n;
    }
    std::sort(r.contacts.begin(), r.contacts.end(),
              [](const ContactOutcome& a, const ContactOutcome& b) { return a.id < b.id; });
    return std::move(result_);
  }

  const SimulationConfig& config_;
  std::mt19937_64 rng_;
  TimeMs horizon_ms_;
  RoutingEngine engine_;
  std::priority_queue<SimEvent, std::vector<SimEvent>, std::greater<>> events_;
  std::uint64_t sequence_ = 0;
  ConversationId last_id_ = 0;
  std::unordered_map<ConversationId, ContactOutcome> open_;
  std::vector<bool> staffed_;
  int online_ = 0;
  TimeMs last_staffing_ms_ = 0;
  double staffed_slot_ms_ = 0;
  double busy_slot_ms_ = 0;
  double total_wait_ms_ = 0;
  SimulationResult result_;
};

}  // namespace

SimulationResult run_simulation(const SimulationConfig& config) {
  check(config);
  return Run(config).execute();
}

}  // namespace kefu::routing
