#include "server/routing/routing_engine.hpp"

#include <algorithm>
#include <cassert>
#include <cmath>

namespace kefu::routing {

namespace {

constexpr int kMaxCapacity = 1000;
constexpr int kMaxLevel = 10;

bool contains(const std::vector<std::string>& list, const std::string& value) {
  return std::find(list.begin(), list.end(), value) != list.end();
}

int level_of(const AgentProfile& profile, const std::string& skill) {
  int best = 0;
  for (const auto& entry : profile.skills) {
    if (entry.skill == skill) best = std::max(best, entry.level);
  }
  return best;
}

// Rounds an estimate as shown to a customer: to 10 s under two minutes, else to the minute,
// so that a new figure is sent when the wait really moved, not on every small change.
std::optional<TimeMs> round_for_display(std::optional<TimeMs> estimate) {
  if (!estimate) return std::nullopt;
  const TimeMs step = *estimate < 120'000 ? 10'000 : 60'000;
  return (*estimate + step / 2) / step * step;
}

}  // namespace

RoutingEngine::RoutingEngine(EngineOptions options) : options_(options) {
  if (options.grace_ms < 0 || options.sticky_window_ms < 0 || options.offer_timeout_ms < 0) {
    throw RoutingError("grace, sticky window and offer timeout must not be negative");
  }
  if (!(options.handle_time_weight > 0 && options.handle_time_weight <= 1)) {
    throw RoutingError("handle_time_weight must be in (0, 1]");
  }
}

RoutingEngine::QueueKey RoutingEngine::key_of(const QueueConfig& config) {
  return std::make_tuple(config.channel, config.skill, config.language,
                         config.segment ? static_cast<int>(*config.segment) : -1);
}

void RoutingEngine::check_queue(const QueueConfig& config) const {
  if (config.name.empty()) throw RoutingError("queue name is empty");
  if (config.skill.empty()) throw RoutingError("queue " + config.name + " has no skill");
  if (config.min_level < 1 || config.min_level > kMaxLevel) {
    throw RoutingError("queue " + config.name + ": min_level must be 1..10");
  }
  if (config.priority < 0 || config.priority > 9) {
    throw RoutingError("queue " + config.name + ": priority must be 0..9");
  }
  if (config.target.threshold_ms < 0 || config.target.fraction < 0 || config.target.fraction > 1) {
    throw RoutingError("queue " + config.name + ": bad service-level target");
  }
  if (config.overflow.after_ms < 0 || config.overflow.min_level < 0 ||
      config.overflow.min_level > kMaxLevel) {
    throw RoutingError("queue " + config.name + ": bad overflow rule");
  }
  if (config.offer_timeout_ms && *config.offer_timeout_ms < 0) {
    throw RoutingError("queue " + config.name + ": offer timeout must not be negative");
  }
  if (config.initial_handle_time_ms <= 0) {
    throw RoutingError("queue " + config.name + ": initial handle time must be positive");
  }
  auto same = queue_by_key_.find(key_of(config));
  if (same != queue_by_key_.end() && queues_[same->second].config.name != config.name) {
    throw RoutingError("queue " + config.name + " serves the same channel, skill and language as " +
                       queues_[same->second].config.name);
  }
}

void RoutingEngine::add_queue(QueueConfig config) {
  if (queue_by_name_.count(config.name) != 0) {
    throw RoutingError("queue " + config.name + " already exists");
  }
  check_queue(config);
  const auto key = key_of(config);

  const std::size_t index = queues_.size();
  WaitEstimator estimator(config.initial_handle_time_ms, options_.handle_time_weight);
  queues_.push_back(QueueState{std::move(config), {}, {}, {}, {}, 0, estimator, false, false, 0});
  queue_by_name_[queues_.back().config.name] = index;
  queue_by_key_[key] = index;
  for (auto& [id, agent] : agents_) {
    const Tier tier = tier_of(agent.profile, queues_[index].config);
    if (tier == Tier::none) continue;
    leave_pools(agent);
    agent.memberships.push_back(Membership{index, tier});
    if (tier == Tier::normal && active(agent)) {
      queues_[index].serving_slots += capacity(agent, queues_[index].config.channel);
    }
    refresh_pools(agent);
  }
}

void RoutingEngine::update_queue(QueueConfig config, TimeMs now) {
  const std::size_t index = queue_index(config.name);
  QueueState& queue = queues_[index];
  if (queue.retired) throw RoutingError("queue " + config.name + " is retired");
  if (config.channel != queue.config.channel) {
    throw RoutingError("queue " + config.name + ": the channel cannot change");
  }
  check_queue(config);
  std::vector<ConversationRecord*> waiting;
  for (const auto& [place, rec] : queue.waiting) waiting.push_back(rec);
  for (ConversationRecord* rec : waiting) leave_waiting(*rec);
  queue_by_key_.erase(key_of(queue.config));
  queue_by_key_[key_of(config)] = index;
  queue.config = std::move(config);
  rebuild_memberships();
  for (ConversationRecord* rec : waiting) {
    rec->place = place_for(*rec, rec->place.returned);
    enter_waiting(*rec, now);
  }
  for (ConversationRecord* rec : waiting) {
    if (rec->state == ConversationState::waiting) route_conversation(*rec, now);
  }
}

std::vector<ConversationId> RoutingEngine::retire_queue(const std::string& name,
                                                        const std::string& into, TimeMs now) {
  const std::size_t index = queue_index(name);
  const std::size_t target = queue_index(into);
  if (queues_[index].retired) throw RoutingError("queue " + name + " is retired");
  if (index == target) throw RoutingError("queue " + name + " cannot move into itself");
  if (queues_[target].retired) throw RoutingError("queue " + into + " is retired");
  if (queues_[target].config.channel != queues_[index].config.channel) {
    throw RoutingError("queue " + into + " serves another channel");
  }
  QueueState& queue = queues_[index];
  std::vector<ConversationRecord*> moving;
  for (const auto& [place, rec] : queue.waiting) moving.push_back(rec);
  std::vector<ConversationRecord*> offered;
  for (auto& [id, rec] : conversations_) {
    if (rec.queue == index && rec.state == ConversationState::offered) offered.push_back(&rec);
  }
  std::sort(offered.begin(), offered.end(),
            [](const auto* a, const auto* b) { return ServedFirst{}(a->place, b->place); });
  moving.insert(moving.end(), offered.begin(), offered.end());
  queue.retired = true;
  queue.moved_to = target;
  queue_by_key_.erase(key_of(queue.config));
  rebuild_memberships();
  std::vector<ConversationId> moved;
  std::vector<AgentId> freed;
  for (ConversationRecord* rec : moving) {
    std::optional<AgentId> from = rec->agent;
    if (rec->state == ConversationState::waiting) {
      leave_waiting(*rec);
    } else {
      detach_from_agent(*rec, now);
      freed.push_back(*from);
    }
    moved.push_back(rec->info.id);
    requeue(*rec, target, false, "queue_retired", from, {}, now);
  }
  for (const AgentId agent : freed) fill_agent(agent_state(agent), now);
  return moved;
}

bool RoutingEngine::has_queue(const std::string& name) const {
  auto it = queue_by_name_.find(name);
  return it != queue_by_name_.end() && !queues_[it->second].retired;
}

void RoutingEngine::rebuild_memberships() {
  for (auto& [id, agent] : agents_) {
    if (active(agent)) change_slots(agent, -1);
    leave_pools(agent);
    agent.memberships.clear();
    for (std::size_t index = 0; index < queues_.size(); ++index) {
      const Tier tier = tier_of(agent.profile, queues_[index].config);
      if (tier != Tier::none && !queues_[index].retired) {
        agent.memberships.push_back(Membership{index, tier});
      }
    }
    if (active(agent)) change_slots(agent, +1);
    refresh_pools(agent);
  }
}

TimeMs RoutingEngine::offer_timeout(std::size_t queue) const {
  return queues_[queue].config.offer_timeout_ms.value_or(options_.offer_timeout_ms);
}

void RoutingEngine::update_agent(const AgentProfile& profile, TimeMs now) {
  if (profile.id == 0) throw RoutingError("agent id 0 is not valid");
  if (profile.chat_capacity < 0 || profile.chat_capacity > kMaxCapacity ||
      profile.ticket_capacity < 0 || profile.ticket_capacity > kMaxCapacity) {
    throw RoutingError("agent capacities must be 0..1000");
  }
  for (const auto& skill : profile.skills) {
    if (skill.skill.empty()) throw RoutingError("agent skill name is empty");
    if (skill.level < 1 || skill.level > kMaxLevel) {
      throw RoutingError("agent skill " + skill.skill + ": level must be 1..10");
    }
  }
  for (const auto& language : profile.languages) {
    if (language.empty()) throw RoutingError("agent language is empty");
  }

  auto [it, inserted] = agents_.try_emplace(profile.id);
  AgentState& agent = it->second;
  if (inserted) agent.idle_since = now;
  if (active(agent)) change_slots(agent, -1);
  leave_pools(agent);
  agent.profile = profile;
  agent.memberships.clear();
  for (std::size_t index = 0; index < queues_.size(); ++index) {
    const Tier tier = tier_of(profile, queues_[index].config);
    if (tier != Tier::none && !queues_[index].retired) {
      agent.memberships.push_back(Membership{index, tier});
    }
  }
  if (active(agent)) change_slots(agent, +1);
  refresh_pools(agent);
  fill_agent(agent, now);
}

void RoutingEngine::set_status(AgentId id, AgentStatus status, TimeMs now) {
  AgentState& agent = agent_state(id);
  if (agent.status == status) return;
  if (active(agent)) change_slots(agent, -1);
  agent.status = status;
  if (status == AgentStatus::online) agent.idle_since = now;
  if (active(agent)) change_slots(agent, +1);
  refresh_pools(agent);
  if (status != AgentStatus::online) {
    withdraw_offers(agent, status == AgentStatus::away ? "agent_away" : "agent_lost", now);
  }
  if (status == AgentStatus::offline) requeue_chats(agent, now);
  if (status == AgentStatus::online) fill_agent(agent, now);
}

void RoutingEngine::agent_disconnected(AgentId id, TimeMs now) {
  AgentState& agent = agent_state(id);
  if (!agent.connected) return;
  if (active(agent)) change_slots(agent, -1);
  agent.connected = false;
  agent.disconnected_at = now;
  refresh_pools(agent);
  withdraw_offers(agent, "agent_lost", now);
  if (options_.grace_ms == 0) {
    expire_grace(agent, now);
  } else {
    timers_.push(Timer{now + options_.grace_ms, TimerKind::grace, id});
  }
}

bool RoutingEngine::agent_reconnected(AgentId id, TimeMs now) {
  AgentState& agent = agent_state(id);
  if (agent.connected) return agent.status != AgentStatus::offline;
  agent.connected = true;
  if (agent.status == AgentStatus::offline) return false;
  if (active(agent)) change_slots(agent, +1);
  refresh_pools(agent);
  fill_agent(agent, now);
  return true;
}

void RoutingEngine::enqueue(const Conversation& conversation, TimeMs now, std::string_view reason) {
  if (conversation.id == 0) throw RoutingError("conversation id 0 is not valid");
  if (conversations_.count(conversation.id) != 0) {
    throw RoutingError("conversation " + std::to_string(conversation.id) + " is already routed");
  }
  if (conversation.priority && (*conversation.priority < 0 || *conversation.priority > 9)) {
    throw RoutingError("conversation priority must be 0..9");
  }
  const std::size_t queue = queue_for(conversation);
  if (queues_[queue].config.channel != conversation.channel) {
    throw RoutingError("queue " + queues_[queue].config.name + " does not serve " +
                       std::string(to_string(conversation.channel)));
  }

  ConversationRecord& rec = conversations_[conversation.id];
  rec.info = conversation;
  rec.info.queue = queues_[queue].config.name;
  rec.info.channel = queues_[queue].config.channel;
  rec.queue = queue;
  rec.queued_at = now;
  rec.place = place_for(rec, false);
  push_decision(RoutingDecision{DecisionKind::queued,
                                now,
                                conversation.id,
                                rec.info.queue,
                                {},
                                {},
                                std::string(reason),
                                0,
                                {},
                                {}});
  if (held(rec, now)) {
    timers_.push(Timer{*rec.info.held_until, TimerKind::hold, rec.info.id});
    holds_end_ = std::max(holds_end_, *rec.info.held_until);
  }
  enter_waiting(rec, now);
  route_conversation(rec, now);
}

void RoutingEngine::accept_offer(AgentId id, ConversationId conversation, TimeMs now) {
  AgentState& agent = agent_state(id);
  ConversationRecord& rec = record(conversation);
  if (rec.state != ConversationState::offered || rec.agent != id) {
    throw RoutingError("conversation " + std::to_string(conversation) +
                       " is not offered to agent " + std::to_string(id));
  }
  detach_from_agent(rec, now);
  assign(rec, agent, rec.offer_reason, std::nullopt, {}, now);
}

void RoutingEngine::decline_offer(AgentId id, ConversationId conversation, TimeMs now) {
  AgentState& agent = agent_state(id);
  ConversationRecord& rec = record(conversation);
  if (rec.state != ConversationState::offered || rec.agent != id) {
    throw RoutingError("conversation " + std::to_string(conversation) +
                       " is not offered to agent " + std::to_string(id));
  }
  return_offer(rec, "offer_declined", true, now);
  fill_agent(agent, now);
}

void RoutingEngine::conversation_ended(ConversationId conversation, TimeMs now) {
  ConversationRecord& rec = record(conversation);
  if (rec.state != ConversationState::assigned) {
    throw RoutingError("conversation " + std::to_string(conversation) +
                       " is not assigned (a customer who leaves a queue is abandoned)");
  }
  AgentState& agent = agent_state(*rec.agent);
  QueueState& queue = queues_[rec.queue];
  queue.estimator.record_handle_time(now - rec.assigned_at);
  mark_dirty(rec.queue);
  detach_from_agent(rec, now);
  forget(rec);
  fill_agent(agent, now);
}

void RoutingEngine::abandon(ConversationId conversation, TimeMs now) {
  ConversationRecord& rec = record(conversation);
  if (rec.state == ConversationState::assigned) {
    throw RoutingError("conversation " + std::to_string(conversation) +
                       " is assigned; it ends, it is not abandoned");
  }
  if (rec.state == ConversationState::waiting) {
    leave_waiting(rec);
    forget(rec);
    return;
  }
  AgentState& agent = agent_state(*rec.agent);
  detach_from_agent(rec, now);
  forget(rec);
  fill_agent(agent, now);
}

void RoutingEngine::transfer(ConversationId conversation, const Target& target, std::string note,
                             TimeMs now) {
  ConversationRecord& rec = record(conversation);
  if (rec.state != ConversationState::assigned) {
    throw RoutingError("conversation " + std::to_string(conversation) +
                       " is not assigned; only its agent can transfer it");
  }
  send(rec, target, "transfer", std::move(note), now);
}

void RoutingEngine::move(ConversationId conversation, const Target& target, TimeMs now) {
  send(record(conversation), target, "manual", {}, now);
}

void RoutingEngine::set_priority(ConversationId conversation, std::optional<int> priority) {
  if (priority && (*priority < 0 || *priority > 9)) {
    throw RoutingError("conversation priority must be 0..9");
  }
  ConversationRecord& rec = record(conversation);
  const bool waiting = rec.state == ConversationState::waiting;
  if (waiting) leave_waiting(rec);
  rec.info.priority = priority;
  rec.place = place_for(rec, rec.place.returned);
  if (!waiting) return;
  QueueState& queue = queues_[rec.queue];
  queue.waiting.insert(rec.place, &rec);
  if (rec.overflowed) queue.overflowed.insert(rec.place, &rec);
}

void RoutingEngine::pick_up(ConversationId conversation, AgentId agent, TimeMs now) {
  auto found = conversations_.find(conversation);
  if (found == conversations_.end() || found->second.state == ConversationState::assigned) {
    throw PickUpRefused("not_waiting", "the conversation is not waiting");
  }
  ConversationRecord& rec = found->second;
  auto known = agents_.find(agent);
  const Tier tier = known == agents_.end() ? Tier::none : membership(known->second, rec.queue);
  if (tier == Tier::none || (tier == Tier::overflow_only && !rec.overflowed)) {
    throw PickUpRefused("not_your_queue", "you do not serve this conversation's queue");
  }
  if (!active(known->second)) throw PickUpRefused("not_online", "go online to pick it up");
  if (!has_room(known->second, rec.info.channel)) {
    throw PickUpRefused("no_capacity", "you have no free slot for it");
  }
  send(rec, Target::to_agent(agent), "picked_up", {}, now);
}

void RoutingEngine::tick(TimeMs now) {
  while (!timers_.empty() && timers_.top().due <= now) {
    const Timer timer = timers_.top();
    timers_.pop();
    switch (timer.kind) {
      case TimerKind::overflow: {
        auto it = conversations_.find(timer.id);
        if (it == conversations_.end()) break;
        ConversationRecord& rec = it->second;
        QueueState& queue = queues_[rec.queue];
        const TimeMs limit = queue.config.overflow.after_ms;
        if (rec.state != ConversationState::waiting || rec.overflowed || limit == 0 ||
            rec.queued_at + limit != timer.due) {
          break;
        }
        overflow(rec, now);
        route_conversation(rec, now);
        break;
      }
      case TimerKind::offer: {
        auto it = conversations_.find(timer.id);
        if (it == conversations_.end()) break;
        ConversationRecord& rec = it->second;
        if (rec.state != ConversationState::offered || rec.offer_due != timer.due) {
          break;
        }
        AgentState& agent = agent_state(*rec.agent);
        return_offer(rec, "offer_timeout", true, now);
        fill_agent(agent, now);
        break;
      }
      case TimerKind::hold: {
        auto it = conversations_.find(timer.id);
        if (it == conversations_.end()) break;
        ConversationRecord& rec = it->second;
        if (rec.state != ConversationState::waiting || rec.info.held_until != timer.due) break;
        route_conversation(rec, now);  // its agent did not come back: anyone now
        break;
      }
      case TimerKind::grace: {
        auto it = agents_.find(timer.id);
        if (it == agents_.end()) break;
        AgentState& agent = it->second;
        if (agent.connected || agent.disconnected_at + options_.grace_ms != timer.due) break;
        expire_grace(agent, now);
        break;
      }
    }
  }
}

std::optional<TimeMs> RoutingEngine::next_timer() const {
  if (timers_.empty()) return std::nullopt;
  return timers_.top().due;
}

std::vector<RoutingDecision> RoutingEngine::take_decisions() {
  std::vector<RoutingDecision> taken;
  taken.swap(decisions_);
  return taken;
}

std::vector<QueueUpdate> RoutingEngine::take_queue_updates(TimeMs now) {
  std::vector<QueueUpdate> updates;
  updates.swap(answered_updates_);
  std::size_t most = updates.size();
  for (const std::size_t index : dirty_queues_) most += queues_[index].waiting.size();
  updates.reserve(most);
  for (const std::size_t index : dirty_queues_) {
    QueueState& queue = queues_[index];
    queue.dirty = false;
    int position = 0;
    for (const auto& [place, record] : queue.waiting) {
      ++position;
      ConversationRecord& rec = *record;
      const auto estimate =
          round_for_display(queue.estimator.estimate(position, queue.serving_slots));
      if (position != rec.published_position || estimate != rec.published_estimate) {
        rec.published_position = position;
        rec.published_estimate = estimate;
        updates.push_back(QueueUpdate{rec.info.id, queue.config.name, position, estimate});
      }
      if (!rec.first_estimate && estimate) {
        rec.first_estimate = estimate;
        rec.first_estimate_at = now;
      }
    }
  }
  dirty_queues_.clear();
  return updates;
}

std::optional<TimeMs> RoutingEngine::estimate_wait(const std::string& queue, int position) const {
  const QueueState& state = queues_[queue_index(queue)];
  return state.estimator.estimate(position, state.serving_slots);
}

EstimateAccuracy RoutingEngine::estimate_accuracy(const std::string& queue) const {
  return queues_[queue_index(queue)].estimator.accuracy();
}

double RoutingEngine::average_handle_time_ms(const std::string& queue) const {
  return queues_[queue_index(queue)].estimator.average_handle_time_ms();
}

std::size_t RoutingEngine::waiting_count(const std::string& queue) const {
  return queues_[queue_index(queue)].waiting.size();
}

std::vector<RoutingEngine::QueueStats> RoutingEngine::queue_stats(TimeMs now) const {
  std::vector<QueueStats> all;
  for (const QueueState& queue : queues_) {
    if (queue.retired) continue;
    QueueStats stats;
    stats.name = queue.config.name;
    stats.waiting = queue.waiting.size();
    stats.overflowed = queue.overflowed.size();
    stats.free_agents = queue.normal.size();
    stats.serving_slots = queue.serving_slots;
    stats.average_handle_time_ms = queue.estimator.average_handle_time_ms();
    for (const auto& [place, rec] : queue.waiting) {
      const TimeMs since = rec->queued_at;
      stats.oldest_wait_ms = std::max(stats.oldest_wait_ms, now - since);
    }
    stats.next_estimate_ms =
        queue.estimator.estimate(static_cast<int>(queue.waiting.size()) + 1, queue.serving_slots);
    stats.accuracy = queue.estimator.accuracy();
    all.push_back(std::move(stats));
  }
  return all;
}

RoutingEngine::AgentView RoutingEngine::agent(AgentId id) const {
  const AgentState& state = agent_state(id);
  return AgentView{state.status, state.connected, state.load[0], state.load[1]};
}

std::optional<RoutingEngine::ConversationView> RoutingEngine::conversation(
    ConversationId id) const {
  auto it = conversations_.find(id);
  if (it == conversations_.end()) return std::nullopt;
  const ConversationRecord& rec = it->second;
  return ConversationView{rec.state, rec.info.queue, rec.agent, rec.overflowed};
}

std::size_t RoutingEngine::queue_index(const std::string& name) const {
  auto it = queue_by_name_.find(name);
  if (it == queue_by_name_.end()) throw RoutingError("unknown queue " + name);
  return it->second;
}

std::size_t RoutingEngine::queue_for(const Conversation& conversation) const {
  if (!conversation.queue.empty()) {
    const std::size_t named = queue_index(conversation.queue);
    if (queues_[named].retired) throw RoutingError("queue " + conversation.queue + " is retired");
    return named;
  }
  auto it = queue_by_key_.find(std::make_tuple(conversation.channel, conversation.skill,
                                               conversation.language,
                                               static_cast<int>(conversation.segment)));
  if (it == queue_by_key_.end()) {
    it = queue_by_key_.find(
        std::make_tuple(conversation.channel, conversation.skill, conversation.language, -1));
  }
  if (it == queue_by_key_.end()) {
    throw RoutingError("no queue for " + std::string(to_string(conversation.channel)) + " skill '" +
                       conversation.skill + "' language '" + conversation.language + "'");
  }
  return it->second;
}

RoutingEngine::AgentState& RoutingEngine::agent_state(AgentId id) {
  auto it = agents_.find(id);
  if (it == agents_.end()) throw RoutingError("unknown agent " + std::to_string(id));
  return it->second;
}

const RoutingEngine::AgentState& RoutingEngine::agent_state(AgentId id) const {
  auto it = agents_.find(id);
  if (it == agents_.end()) throw RoutingError("unknown agent " + std::to_string(id));
  return it->second;
}

RoutingEngine::ConversationRecord& RoutingEngine::record(ConversationId id) {
  auto it = conversations_.find(id);
  if (it == conversations_.end()) {
    throw RoutingError("unknown conversation " + std::to_string(id));
  }
  return it->second;
}

RoutingEngine::Tier RoutingEngine::tier_of(const AgentProfile& profile,
                                           const QueueConfig& config) const {
  if (!config.team.empty() && !contains(profile.teams, config.team)) return Tier::none;
  const bool speaks = config.language.empty() || contains(profile.languages, config.language);
  const int level = level_of(profile, config.skill);
  if (speaks && level >= config.min_level) return Tier::normal;
  const OverflowRule& rule = config.overflow;
  if (rule.after_ms == 0) return Tier::none;
  const int wide_level = rule.min_level > 0 ? rule.min_level : config.min_level;
  bool skilled = level >= wide_level;
  for (const auto& backup : rule.backup_skills) {
    if (level_of(profile, backup) > 0) skilled = true;
  }
  return (speaks || rule.any_language) && skilled ? Tier::overflow_only : Tier::none;
}

int RoutingEngine::capacity(const AgentState& agent, Channel channel) const {
  return channel == Channel::chat ? agent.profile.chat_capacity : agent.profile.ticket_capacity;
}

bool RoutingEngine::active(const AgentState& agent) const {
  return agent.status == AgentStatus::online && agent.connected;
}

bool RoutingEngine::has_room(const AgentState& agent, Channel channel) const {
  return active(agent) && agent.load[channel_index(channel)] < capacity(agent, channel);
}

bool RoutingEngine::held(const ConversationRecord& rec, TimeMs now) const {
  return rec.info.held_until && rec.info.last_agent && now < *rec.info.held_until;
}

bool RoutingEngine::excluded(const ConversationRecord& rec, AgentId agent) const {
  return !rec.excluded.empty() &&
         std::find(rec.excluded.begin(), rec.excluded.end(), agent) != rec.excluded.end();
}

RoutingEngine::Tier RoutingEngine::membership(const AgentState& agent, std::size_t queue) const {
  for (const auto& m : agent.memberships) {
    if (m.queue == queue) return m.tier;
  }
  return Tier::none;
}

void RoutingEngine::leave_pools(AgentState& agent) {
  for (std::size_t channel = 0; channel < agent.pooled.size(); ++channel) {
    if (!agent.pooled[channel]) continue;
    for (const auto& m : agent.memberships) {
      QueueState& queue = queues_[m.queue];
      if (channel_index(queue.config.channel) != channel) continue;
      (m.tier == Tier::normal ? queue.normal : queue.extra).erase(*agent.pooled[channel]);
    }
    agent.pooled[channel].reset();
  }
}

void RoutingEngine::refresh_pools(AgentState& agent) {
  leave_pools(agent);
  if (!active(agent)) return;
  for (const Channel channel : {Channel::chat, Channel::ticket}) {
    const std::size_t c = channel_index(channel);
    const int cap = capacity(agent, channel);
    if (agent.load[c] >= cap) continue;
    const PoolEntry entry{agent.load[c], cap, agent.idle_since, agent.profile.id};
    for (const auto& m : agent.memberships) {
      QueueState& queue = queues_[m.queue];
      if (queue.config.channel != channel) continue;
      (m.tier == Tier::normal ? queue.normal : queue.extra).insert(entry);
    }
    agent.pooled[c] = entry;
  }
}

void RoutingEngine::change_slots(AgentState& agent, int sign) {
  for (const auto& m : agent.memberships) {
    if (m.tier != Tier::normal) continue;
    QueueState& queue = queues_[m.queue];
    queue.serving_slots += sign * capacity(agent, queue.config.channel);
    mark_dirty(m.queue);
  }
}

void RoutingEngine::mark_dirty(std::size_t queue) {
  if (queues_[queue].dirty) return;
  queues_[queue].dirty = true;
  dirty_queues_.push_back(queue);
}

PlaceInLine RoutingEngine::place_for(const ConversationRecord& rec, bool returned) const {
  const QueueConfig& config = queues_[rec.queue].config;
  const TimeMs deadline =
      rec.info.sla_deadline.value_or(rec.info.arrival + config.target.threshold_ms);
  const int priority =
      config.priority * 10 + rec.info.priority.value_or(priority_of(rec.info.segment));
  return PlaceInLine{returned, priority, deadline, rec.info.arrival, rec.info.id};
}

void RoutingEngine::enter_waiting(ConversationRecord& rec, TimeMs now) {
  QueueState& queue = queues_[rec.queue];
  rec.state = ConversationState::waiting;
  rec.agent.reset();
  queue.waiting.insert(rec.place, &rec);
  mark_dirty(rec.queue);
  const TimeMs limit = queue.config.overflow.after_ms;
  if (limit == 0) return;
  if (rec.overflowed) {
    queue.overflowed.insert(rec.place, &rec);
  } else if (now >= rec.queued_at + limit) {
    overflow(rec, now);
  } else {
    timers_.push(Timer{rec.queued_at + limit, TimerKind::overflow, rec.info.id});
  }
}

void RoutingEngine::overflow(ConversationRecord& rec, TimeMs now) {
  rec.overflowed = true;
  queues_[rec.queue].overflowed.insert(rec.place, &rec);
  push_decision(RoutingDecision{
      DecisionKind::overflowed, now, rec.info.id, rec.info.queue, {}, {}, "overflow", 0, {}, {}});
}

void RoutingEngine::leave_waiting(ConversationRecord& rec) {
  QueueState& queue = queues_[rec.queue];
  queue.waiting.erase(rec.place);
  if (rec.overflowed) queue.overflowed.erase(rec.place);
  mark_dirty(rec.queue);
}

void RoutingEngine::detach_from_agent(ConversationRecord& rec, TimeMs now) {
  assert(rec.agent);
  AgentState& agent = agent_state(*rec.agent);
  auto& list = agent.conversations;
  list.erase(std::find(list.begin(), list.end(), rec.info.id));
  --agent.load[channel_index(rec.info.channel)];
  agent.idle_since = now;
  refresh_pools(agent);
  rec.agent.reset();
}

void RoutingEngine::route_conversation(ConversationRecord& rec, TimeMs now) {
  assert(rec.state == ConversationState::waiting);
  QueueState& queue = queues_[rec.queue];
  if (queue.config.closed) return;  // outside its hours: waits until update_queue opens it
  const Channel channel = queue.config.channel;
  if (rec.info.last_agent && now - rec.info.last_agent_at <= options_.sticky_window_ms) {
    auto it = agents_.find(*rec.info.last_agent);
    if (it != agents_.end()) {
      AgentState& last = it->second;
      const Tier tier = membership(last, rec.queue);
      const bool eligible = tier == Tier::normal || (tier == Tier::overflow_only && rec.overflowed);
      if (eligible && has_room(last, channel) && !excluded(rec, last.profile.id)) {
        hand_over(rec, last, "sticky", now);
        return;
      }
    }
  }
  if (held(rec, now)) return;  // for its last agent only, who cannot take it now
  auto skip = [&](AgentId id) { return excluded(rec, id); };
  const PoolEntry* best = queue.normal.first(skip);
  const char* reason = "least_load";
  if (rec.overflowed) {
    const PoolEntry* wide = queue.extra.first(skip);
    if (wide && (!best || LeastLoadFirst{}(*wide, *best))) {
      best = wide;
      reason = "overflow";
    }
  }
  if (best == nullptr) return;
  const AgentId chosen = best->agent;
  hand_over(rec, agent_state(chosen), reason, now);
}

void RoutingEngine::fill_agent(AgentState& agent, TimeMs now) {
  const AgentId id = agent.profile.id;
  auto skip = [&](const ConversationRecord& rec) {
    return excluded(rec, id) || (held(rec, now) && rec.info.last_agent != id);
  };
  // The agent's own conversations held for them since a restart come back before any other:
  // the store still names them as theirs (on PostgreSQL they count against the agent's
  // capacity there, server/cluster/assignee_mirror_schema.hpp), so another one first could
  // take the agent past it.
  auto not_held_for_them = [&](const ConversationRecord& rec) {
    return excluded(rec, id) || !held(rec, now) || rec.info.last_agent != id;
  };
  const auto head_of = [&](const auto& skipped, Tier& tier) {
    const WaitingLine<ConversationRecord>::Entry* best = nullptr;
    for (const auto& m : agent.memberships) {
      QueueState& queue = queues_[m.queue];
      if (queue.config.closed || !has_room(agent, queue.config.channel)) continue;
      const auto* head = (m.tier == Tier::normal ? queue.waiting : queue.overflowed).first(skipped);
      if (head && (!best || ServedFirst{}(head->first, best->first))) {
        best = head;
        tier = m.tier;
      }
    }
    return best;
  };
  while (active(agent)) {
    Tier best_tier = Tier::none;
    const WaitingLine<ConversationRecord>::Entry* best =
        now < holds_end_ ? head_of(not_held_for_them, best_tier) : nullptr;
    if (best == nullptr) best = head_of(skip, best_tier);
    if (best == nullptr) return;
    ConversationRecord& rec = *best->second;
    const char* reason = best_tier == Tier::overflow_only ? "overflow" : "least_load";
    if (rec.info.last_agent == id && now - rec.info.last_agent_at <= options_.sticky_window_ms) {
      reason = "sticky";
    }
    hand_over(rec, agent, reason, now);
  }
}

void RoutingEngine::hand_over(ConversationRecord& rec, AgentState& agent, std::string reason,
                              TimeMs now) {
  leave_waiting(rec);
  rec.info.held_until.reset();  // with an agent: if it waits again, anyone may take it
  const TimeMs timeout = offer_timeout(rec.queue);
  if (timeout == 0) {
    assign(rec, agent, std::move(reason), std::nullopt, {}, now);
    return;
  }
  rec.state = ConversationState::offered;
  rec.agent = agent.profile.id;
  rec.offered_at = now;
  rec.offer_reason = reason;
  agent.conversations.push_back(rec.info.id);
  ++agent.load[channel_index(rec.info.channel)];
  agent.idle_since = now;
  refresh_pools(agent);
  rec.offer_due = now + timeout;
  timers_.push(Timer{rec.offer_due, TimerKind::offer, rec.info.id});
  push_decision(RoutingDecision{DecisionKind::offered,
                                now,
                                rec.info.id,
                                rec.info.queue,
                                agent.profile.id,
                                {},
                                std::move(reason),
                                0,
                                {},
                                {}});
}

void RoutingEngine::assign(ConversationRecord& rec, AgentState& agent, std::string reason,
                           std::optional<AgentId> from_agent, std::string note, TimeMs now) {
  const TimeMs wait = rec.state == ConversationState::assigned ? 0 : now - rec.queued_at;
  rec.info.held_until.reset();
  rec.state = ConversationState::assigned;
  rec.agent = agent.profile.id;
  rec.assigned_at = now;
  rec.excluded.clear();
  agent.conversations.push_back(rec.info.id);
  ++agent.load[channel_index(rec.info.channel)];
  agent.idle_since = now;
  refresh_pools(agent);

  QueueState& queue = queues_[rec.queue];
  const std::optional<TimeMs> estimate = rec.first_estimate;
  if (estimate) queue.estimator.record_outcome(*estimate, now - rec.first_estimate_at);
  if (rec.published_position > 0) {
    answered_updates_.push_back(QueueUpdate{rec.info.id, rec.info.queue, 0, TimeMs{0}});
  }
  rec.published_position = 0;
  rec.published_estimate.reset();
  rec.first_estimate.reset();
  push_decision(RoutingDecision{DecisionKind::assigned, now, rec.info.id, rec.info.queue,
                                agent.profile.id, from_agent, std::move(reason), wait, estimate,
                                std::move(note)});
}

void RoutingEngine::requeue(ConversationRecord& rec, std::size_t queue, bool to_head,
                            std::string reason, std::optional<AgentId> from_agent, std::string note,
                            TimeMs now) {
  while (queues_[queue].retired) queue = queues_[queue].moved_to;
  rec.queue = queue;
  rec.info.queue = queues_[queue].config.name;
  rec.queued_at = now;
  rec.overflowed = false;
  rec.published_position = 0;
  rec.published_estimate.reset();
  rec.first_estimate.reset();
  rec.place = place_for(rec, to_head);
  push_decision(RoutingDecision{DecisionKind::requeued,
                                now,
                                rec.info.id,
                                rec.info.queue,
                                {},
                                from_agent,
                                std::move(reason),
                                0,
                                {},
                                std::move(note)});
  enter_waiting(rec, now);
  route_conversation(rec, now);
}

void RoutingEngine::return_offer(ConversationRecord& rec, std::string reason, bool exclude_agent,
                                 TimeMs now) {
  const AgentId from = *rec.agent;
  detach_from_agent(rec, now);
  if (exclude_agent) rec.excluded.push_back(from);
  push_decision(RoutingDecision{DecisionKind::requeued,
                                now,
                                rec.info.id,
                                rec.info.queue,
                                {},
                                from,
                                std::move(reason),
                                0,
                                {},
                                {}});
  enter_waiting(rec, now);
  route_conversation(rec, now);
}

void RoutingEngine::withdraw_offers(AgentState& agent, std::string_view reason, TimeMs now) {
  const std::vector<ConversationId> held = agent.conversations;
  for (const ConversationId id : held) {
    ConversationRecord& rec = conversations_.at(id);
    if (rec.state == ConversationState::offered) {
      return_offer(rec, std::string(reason), false, now);
    }
  }
}

void RoutingEngine::requeue_chats(AgentState& agent, TimeMs now) {
  const std::vector<ConversationId> held = agent.conversations;
  for (const ConversationId id : held) {
    ConversationRecord& rec = conversations_.at(id);
    if (rec.state != ConversationState::assigned || rec.info.channel != Channel::chat) continue;
    detach_from_agent(rec, now);
    requeue(rec, rec.queue, true, "agent_lost", agent.profile.id, {}, now);
  }
}

void RoutingEngine::expire_grace(AgentState& agent, TimeMs now) {
  if (agent.status == AgentStatus::offline) return;  // they had already signed off
  agent.status = AgentStatus::offline;
  requeue_chats(agent, now);
  push_decision(RoutingDecision{
      DecisionKind::agent_offline, now, 0, {}, agent.profile.id, {}, "disconnect", 0, {}, {}});
}

void RoutingEngine::send(ConversationRecord& rec, const Target& target, std::string reason,
                         std::string note, TimeMs now) {
  const std::optional<AgentId> from = rec.agent;
  if (target.agent && !target.queue.empty()) {
    throw RoutingError("a target is an agent or a queue, not both");
  }
  if (target.agent) {
    AgentState& to = agent_state(*target.agent);
    if (rec.state == ConversationState::assigned && from == *target.agent) {
      throw RoutingError("conversation " + std::to_string(rec.info.id) + " is already with agent " +
                         std::to_string(*target.agent));
    }
    if (!active(to)) {
      throw RoutingError("agent " + std::to_string(*target.agent) + " is not online");
    }
    const bool holds_offer = rec.state == ConversationState::offered && from == *target.agent;
    if (!holds_offer && !has_room(to, rec.info.channel)) {
      throw RoutingError("agent " + std::to_string(*target.agent) + " has no free " +
                         std::string(to_string(rec.info.channel)) + " capacity");
    }
    if (rec.state == ConversationState::waiting) {
      leave_waiting(rec);
    } else {
      detach_from_agent(rec, now);
    }
    assign(rec, to, std::move(reason), from, std::move(note), now);
  } else {
    if (target.queue.empty()) throw RoutingError("a target needs an agent or a queue");
    const std::size_t queue = queue_index(target.queue);
    if (queues_[queue].retired) throw RoutingError("queue " + target.queue + " is retired");
    if (queues_[queue].config.channel != rec.info.channel) {
      throw RoutingError("queue " + target.queue + " serves another channel");
    }
    if (rec.state == ConversationState::waiting) {
      leave_waiting(rec);
    } else {
      detach_from_agent(rec, now);
    }
    rec.excluded.clear();
    if (from) rec.excluded.push_back(*from);
    requeue(rec, queue, false, std::move(reason), from, std::move(note), now);
  }
  if (from && *from != rec.agent.value_or(0)) fill_agent(agent_state(*from), now);
}

void RoutingEngine::forget(ConversationRecord& rec) {
  conversations_.erase(rec.info.id);
}

void RoutingEngine::push_decision(RoutingDecision decision) {
  decisions_.push_back(std::move(decision));
}

}  // namespace kefu::routing
