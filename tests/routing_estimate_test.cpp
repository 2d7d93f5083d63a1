// Queue positions and wait estimates: pushed only when they change, computed from handle times
// and staffing, and scored against the waits that followed.
#include <catch2/catch.hpp>
#include <cmath>
#include <map>
#include <vector>

#include "server/routing/routing_engine.hpp"
#include "server/routing/simulation.hpp"

namespace kr = kefu::routing;

namespace {

constexpr kr::TimeMs kSecond = 1000;

// One queue, initial handle time 240 s, two agents with one chat each.
kr::RoutingEngine make_engine(double weight = 0.5) {
  kr::EngineOptions options;
  options.handle_time_weight = weight;
  kr::RoutingEngine engine(options);
  kr::QueueConfig queue;
  queue.name = "general";
  queue.skill = "general";
  queue.initial_handle_time_ms = 240 * kSecond;
  engine.add_queue(queue);
  for (kr::AgentId id : {1, 2}) {
    kr::AgentProfile profile;
    profile.id = id;
    profile.skills = {{"general", 1}};
    profile.chat_capacity = 1;
    engine.update_agent(profile, 0);
    engine.set_status(id, kr::AgentStatus::online, 0);
  }
  return engine;
}

kr::Conversation chat(kr::ConversationId id, kr::TimeMs arrival) {
  kr::Conversation conversation;
  conversation.id = id;
  conversation.queue = "general";
  conversation.arrival = arrival;
  return conversation;
}

std::map<kr::ConversationId, kr::QueueUpdate> by_conversation(
    const std::vector<kr::QueueUpdate>& updates) {
  std::map<kr::ConversationId, kr::QueueUpdate> found;
  for (const auto& update : updates) {
    REQUIRE(found.count(update.conversation) == 0);
    found[update.conversation] = update;
  }
  return found;
}

}  // namespace

TEST_CASE("positions and estimates are sent when they change, down to zero") {
  kr::RoutingEngine engine = make_engine();
  for (kr::ConversationId id = 1; id <= 5; ++id) engine.enqueue(chat(id, 0), 0);
  auto updates = by_conversation(engine.take_queue_updates(0));
  REQUIRE(updates.size() == 3);  // 1 and 2 were answered at once and never waited
  CHECK(updates[3].position == 1);
  CHECK(updates[3].estimated_wait_ms == 120 * kSecond);  // 1 x 240 s / 2 agents
  CHECK(updates[4].position == 2);
  CHECK(updates[4].estimated_wait_ms == 240 * kSecond);
  CHECK(updates[5].position == 3);
  CHECK(updates[5].estimated_wait_ms == 360 * kSecond);
  CHECK(updates[5].queue == "general");
  CHECK(engine.take_queue_updates(0).empty());  // nothing changed

  engine.conversation_ended(1, 240 * kSecond);  // handle time equal to the average
  updates = by_conversation(engine.take_queue_updates(240 * kSecond));
  REQUIRE(updates.size() == 3);
  CHECK(updates[3].position == 0);
  CHECK(updates[4].position == 1);
  CHECK(updates[4].estimated_wait_ms == 120 * kSecond);
  CHECK(updates[5].position == 2);

  // Everyone who waited saw their position fall to zero.
  std::map<kr::ConversationId, int> last_position = {{3, 0}, {4, 1}, {5, 2}};
  kr::TimeMs now = 240 * kSecond;
  for (kr::ConversationId ending : {2, 3, 4, 5}) {
    now += 240 * kSecond;
    engine.conversation_ended(ending, now);
    for (const auto& update : engine.take_queue_updates(now)) {
      CHECK(update.position < last_position.at(update.conversation));
      last_position[update.conversation] = update.position;
    }
  }
  for (const auto& [id, position] : last_position) CHECK(position == 0);
}

TEST_CASE("estimates follow staffing and recent handle times") {
  kr::RoutingEngine engine = make_engine(0.5);
  CHECK(engine.estimate_wait("general", 4) == 480 * kSecond);
  engine.set_status(2, kr::AgentStatus::away, 0);
  CHECK(engine.estimate_wait("general", 4) == 960 * kSecond);
  engine.enqueue(chat(1, 0), 0);
  engine.enqueue(chat(2, 0), 0);
  engine.take_queue_updates(0);
  engine.conversation_ended(1, 120 * kSecond);  // (240 + 120) / 2 with weight 0.5
  CHECK(engine.average_handle_time_ms("general") == Approx(180'000));
  const auto updates = by_conversation(engine.take_queue_updates(120 * kSecond));
  CHECK(updates.at(2).position == 0);

  engine.set_status(1, kr::AgentStatus::away, 200 * kSecond);
  engine.enqueue(chat(3, 200 * kSecond), 200 * kSecond);
  CHECK_FALSE(engine.estimate_wait("general", 1));  // nobody serves the queue
  const auto unstaffed = by_conversation(engine.take_queue_updates(200 * kSecond));
  CHECK(unstaffed.at(3).position == 1);
  CHECK_FALSE(unstaffed.at(3).estimated_wait_ms);
  engine.set_status(2, kr::AgentStatus::online, 300 * kSecond);
  CHECK(engine.conversation(3)->agent == 2);
}

TEST_CASE("the estimate shown is logged with the assignment and scored against the wait") {
  kr::RoutingEngine engine = make_engine();
  for (kr::ConversationId id = 1; id <= 3; ++id) engine.enqueue(chat(id, 0), 0);
  engine.take_queue_updates(1 * kSecond);  // 3 is shown 120 s at t = 1 s
  engine.take_decisions();
  engine.conversation_ended(1, 61 * kSecond);  // answered after 60 s
  kr::RoutingDecision assigned;
  for (const auto& decision : engine.take_decisions()) {
    if (decision.kind == kr::DecisionKind::assigned) assigned = decision;
  }
  CHECK(assigned.conversation == 3);
  CHECK(assigned.estimated_wait_ms == 120 * kSecond);
  CHECK(assigned.wait_ms == 61 * kSecond);
  const kr::EstimateAccuracy accuracy = engine.estimate_accuracy("general");
  CHECK(accuracy.count == 1);
  CHECK(accuracy.mean_estimate_ms == Approx(120'000));
  CHECK(accuracy.mean_actual_ms == Approx(60'000));
  CHECK(accuracy.mean_error_ms == Approx(60'000));
  CHECK(accuracy.mean_absolute_error_ms == Approx(60'000));
}

TEST_CASE("in a simulated queue the estimates shown match the waits on average") {
  kr::SimulationConfig config;
  config.agents = 10;
  config.queues = {{"general", 0.8 * 10 / 180.0}};
  config.handle_time_seconds = 180;
  config.hours = 300;
  config.seed = 11;
  const kr::SimulationResult result = kr::run_simulation(config);
  REQUIRE(result.estimates.count > 10'000);
  const double actual = result.estimates.mean_actual_ms;
  CHECK(result.estimates.mean_estimate_ms == Approx(actual).epsilon(0.10));
  CHECK(std::abs(result.estimates.mean_error_ms) < 0.10 * actual);
}

TEST_CASE("queue stats show the line, the staffing and the next estimate") {
  kr::RoutingEngine engine = make_engine();
  for (kr::ConversationId id = 1; id <= 4; ++id) engine.enqueue(chat(id, 0), id * kSecond);
  const auto stats = engine.queue_stats(10 * kSecond);
  REQUIRE(stats.size() == 1);
  CHECK(stats[0].name == "general");
  CHECK(stats[0].waiting == 2);
  CHECK(stats[0].free_agents == 0);
  CHECK(stats[0].serving_slots == 2);
  CHECK(stats[0].oldest_wait_ms == 7 * kSecond);  // conversation 3 queued at 3 s
  CHECK(stats[0].next_estimate_ms == 360 * kSecond);
}
