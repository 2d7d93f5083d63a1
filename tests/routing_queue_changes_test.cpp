// The admin's queue changes as the engine sees them: a queue's team, its priority and offer
// mode, its VIP segment, editing it live and retiring it with its waiting conversations.
#include <catch2/catch.hpp>
#include <string>
#include <vector>

#include "server/routing/routing_engine.hpp"

namespace kr = kefu::routing;

namespace {

kr::QueueConfig queue(std::string name, std::string skill, std::string team = {}) {
  kr::QueueConfig q;
  q.name = std::move(name);
  q.skill = std::move(skill);
  q.team = std::move(team);
  return q;
}

kr::AgentProfile agent(kr::AgentId id, std::vector<kr::SkillLevel> skills,
                       std::vector<std::string> teams = {}, int chat_capacity = 3) {
  kr::AgentProfile p;
  p.id = id;
  p.skills = std::move(skills);
  p.teams = std::move(teams);
  p.chat_capacity = chat_capacity;
  return p;
}

void online(kr::RoutingEngine& engine, const kr::AgentProfile& p, kr::TimeMs at) {
  engine.update_agent(p, at);
  engine.set_status(p.id, kr::AgentStatus::online, at);
}

kr::Conversation chat(kr::ConversationId id, std::string queue, kr::TimeMs arrival = 0) {
  kr::Conversation c;
  c.id = id;
  c.queue = std::move(queue);
  c.arrival = arrival;
  return c;
}

std::optional<kr::AgentId> agent_of(const kr::RoutingEngine& engine, kr::ConversationId id) {
  auto view = engine.conversation(id);
  return view ? view->agent : std::nullopt;
}

}  // namespace

TEST_CASE("a queue with a team is served by its members only, even with the skill") {
  kr::RoutingEngine engine;
  engine.add_queue(queue("refunds", "refunds", "eu"));
  online(engine, agent(1, {{"refunds", 5}}, {"us"}), 0);
  engine.enqueue(chat(10, "refunds"), 100);
  CHECK(engine.conversation(10)->state == kr::RoutingEngine::ConversationState::waiting);
  online(engine, agent(2, {{"refunds", 1}}, {"eu"}), 200);
  CHECK(agent_of(engine, 10) == 2);
}

TEST_CASE("editing a queue live lets a newly eligible agent take its waiting chat") {
  kr::RoutingEngine engine;
  auto refunds = queue("refunds", "refunds");
  refunds.min_level = 6;
  engine.add_queue(refunds);
  online(engine, agent(1, {{"refunds", 4}}), 0);
  engine.enqueue(chat(10, "refunds"), 100);
  CHECK_FALSE(agent_of(engine, 10));

  auto bad = refunds;
  bad.priority = 12;
  CHECK_THROWS_AS(engine.update_queue(bad, 150), kr::RoutingError);
  CHECK_FALSE(agent_of(engine, 10));  // nothing changed

  refunds.min_level = 4;
  engine.update_queue(refunds, 200);
  CHECK(agent_of(engine, 10) == 1);
}

TEST_CASE("retiring a queue moves its waiting chats to the named queue and stops serving it") {
  kr::RoutingEngine engine;
  engine.add_queue(queue("refunds", "refunds"));
  engine.add_queue(queue("general", "general"));
  online(engine, agent(1, {{"general", 1}}), 0);
  engine.enqueue(chat(10, "refunds", 10), 10);
  engine.enqueue(chat(11, "refunds", 20), 20);
  engine.take_decisions();
  CHECK_THROWS_AS(engine.retire_queue("refunds", "nowhere", 30), kr::RoutingError);
  CHECK_THROWS_AS(engine.retire_queue("refunds", "refunds", 30), kr::RoutingError);
  CHECK(engine.has_queue("refunds"));

  const auto moved = engine.retire_queue("refunds", "general", 30);
  CHECK(moved == std::vector<kr::ConversationId>{10, 11});
  CHECK_FALSE(engine.has_queue("refunds"));
  CHECK(agent_of(engine, 10) == 1);
  CHECK(agent_of(engine, 11) == 1);
  CHECK(engine.conversation(10)->queue == "general");
  const auto decisions = engine.take_decisions();
  REQUIRE(!decisions.empty());
  CHECK(decisions.front().kind == kr::DecisionKind::requeued);
  CHECK(decisions.front().reason == "queue_retired");
  CHECK_THROWS_AS(engine.enqueue(chat(12, "refunds"), 40), kr::RoutingError);
  for (const auto& stats : engine.queue_stats(40)) CHECK(stats.name != "refunds");
}

TEST_CASE("a queue's own offer mode and its VIP segment") {
  kr::EngineOptions options;
  options.offer_timeout_ms = 0;  // the engine assigns; the VIP queue offers
  kr::RoutingEngine engine(options);
  auto vip_queue = queue("vip", "general");
  vip_queue.segment = kr::Segment::vip;
  vip_queue.offer_timeout_ms = 10'000;
  engine.add_queue(vip_queue);
  engine.add_queue(queue("general", "general"));
  online(engine, agent(1, {{"general", 1}}), 0);
  kr::Conversation vip;
  vip.id = 6;
  vip.segment = kr::Segment::vip;
  vip.skill = "general";  // no queue named: the VIP segment's queue is found by its key
  engine.enqueue(vip, 2);
  CHECK(engine.conversation(6)->queue == "vip");
  CHECK(engine.conversation(6)->state == kr::RoutingEngine::ConversationState::offered);
  engine.tick(2 + 9'999);
  CHECK(engine.conversation(6)->state == kr::RoutingEngine::ConversationState::offered);
  engine.tick(2 + 10'000);  // not accepted in time: back in line, not offered to them again
  CHECK(engine.conversation(6)->state == kr::RoutingEngine::ConversationState::waiting);

  kr::Conversation plain;
  plain.id = 7;
  plain.skill = "general";  // an active customer: the general queue, assigned at once
  engine.enqueue(plain, 20'000);
  CHECK(engine.conversation(7)->queue == "general");
  CHECK(engine.conversation(7)->state == kr::RoutingEngine::ConversationState::assigned);
}

TEST_CASE("a higher queue priority is served first by an agent of both queues") {
  kr::RoutingEngine engine;
  auto urgent = queue("urgent", "urgent");
  urgent.priority = 5;
  engine.add_queue(urgent);
  engine.add_queue(queue("general", "general"));
  online(engine, agent(1, {{"general", 1}, {"urgent", 1}}, {}, 1), 0);
  engine.enqueue(chat(1, "general", 1), 1);  // takes the agent's only slot
  engine.enqueue(chat(2, "general", 2), 2);
  engine.enqueue(chat(3, "urgent", 3), 3);  // later, but in the higher queue
  engine.conversation_ended(1, 10);
  CHECK(agent_of(engine, 3) == 1);
  CHECK_FALSE(agent_of(engine, 2));
}

TEST_CASE("a closed queue gives nobody its chats until it opens, then routes them at once") {
  kr::RoutingEngine engine;
  auto billing = queue("billing", "billing", "eu");
  billing.closed = true;
  engine.add_queue(billing);
  engine.add_queue(queue("orders", "orders", "eu"));
  online(engine, agent(1, {{"billing", 5}, {"orders", 5}}, {"eu"}), 0);
  engine.enqueue(chat(10, "billing"), 100);
  CHECK_FALSE(agent_of(engine, 10));
  // A free agent, a status change, a tick: nothing comes out of the closed queue.
  engine.set_status(1, kr::AgentStatus::away, 200);
  engine.set_status(1, kr::AgentStatus::online, 300);
  engine.tick(400);
  CHECK_FALSE(agent_of(engine, 10));
  // Another queue of the same agent is served as usual.
  engine.enqueue(chat(11, "orders"), 500);
  CHECK(agent_of(engine, 11) == 1);
  // Opened: the waiting chat goes to the agent on this decision.
  billing.closed = false;
  engine.update_queue(billing, 600);
  CHECK(agent_of(engine, 10) == 1);
}
