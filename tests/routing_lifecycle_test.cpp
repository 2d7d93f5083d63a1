// Disconnects and grace, offer-and-accept, transfers, supervisor moves, bad input, and a
// randomised run that checks capacity and eligibility after every step.
#include <catch2/catch.hpp>
#include <map>
#include <random>
#include <string>
#include <vector>

#include "server/routing/routing_engine.hpp"

namespace kr = kefu::routing;
using State = kr::RoutingEngine::ConversationState;

namespace {

kr::RoutingEngine make_engine(kr::EngineOptions options = {}) {
  kr::RoutingEngine engine(options);
  for (const char* skill : {"billing", "orders"}) {
    kr::QueueConfig chat;
    chat.name = skill;
    chat.skill = skill;
    engine.add_queue(chat);
  }
  kr::QueueConfig tickets;
  tickets.name = "billing-tickets";
  tickets.channel = kr::Channel::ticket;
  tickets.skill = "billing";
  engine.add_queue(tickets);
  return engine;
}

void add_agent(kr::RoutingEngine& engine, kr::AgentId id, int chats, kr::TimeMs now,
               std::vector<std::string> skills = {"billing"}) {
  kr::AgentProfile profile;
  profile.id = id;
  for (auto& skill : skills) profile.skills.push_back({skill, 3});
  profile.chat_capacity = chats;
  profile.ticket_capacity = 2;
  engine.update_agent(profile, now);
  engine.set_status(id, kr::AgentStatus::online, now);
}

kr::Conversation chat(kr::ConversationId id, kr::TimeMs arrival, std::string queue = "billing") {
  kr::Conversation conversation;
  conversation.id = id;
  conversation.queue = std::move(queue);
  conversation.arrival = arrival;
  return conversation;
}

std::vector<kr::RoutingDecision> of_kind(const std::vector<kr::RoutingDecision>& all,
                                         kr::DecisionKind kind) {
  std::vector<kr::RoutingDecision> found;
  for (const auto& decision : all) {
    if (decision.kind == kind) found.push_back(decision);
  }
  return found;
}

}  // namespace

TEST_CASE("an agent back within the grace period keeps their chats") {
  kr::EngineOptions options;
  options.grace_ms = 30'000;
  kr::RoutingEngine engine = make_engine(options);
  add_agent(engine, 1, 2, 0);
  engine.enqueue(chat(1, 0), 0);
  engine.agent_disconnected(1, 1000);
  engine.tick(30'999);
  CHECK(engine.agent_reconnected(1, 30'999));
  engine.tick(100'000);
  CHECK(engine.conversation(1)->state == State::assigned);
  CHECK(engine.conversation(1)->agent == 1);
  CHECK(engine.agent(1).status == kr::AgentStatus::online);
  CHECK(of_kind(engine.take_decisions(), kr::DecisionKind::requeued).empty());
  engine.enqueue(chat(2, 100'000), 100'000);  // and gets new work again
  CHECK(engine.conversation(2)->agent == 1);
}

TEST_CASE("after the grace period chats return to the head of the queue, tickets stay") {
  kr::EngineOptions options;
  options.grace_ms = 30'000;
  kr::RoutingEngine engine = make_engine(options);
  add_agent(engine, 1, 2, 0);
  engine.enqueue(chat(1, 500), 1000);
  kr::Conversation ticket = chat(2, 1000, "billing-tickets");
  ticket.channel = kr::Channel::ticket;
  engine.enqueue(ticket, 1000);
  engine.enqueue(chat(3, 400, "orders"), 1000);  // nobody serves orders yet
  engine.enqueue(chat(4, 2000), 2000);           // agent 1 takes it: now full
  engine.enqueue(chat(5, 2500), 2500);           // waits
  engine.take_decisions();

  engine.agent_disconnected(1, 3000);
  REQUIRE(engine.next_timer() == 33'000);
  engine.tick(33'000);
  const auto decisions = engine.take_decisions();
  const auto requeued = of_kind(decisions, kr::DecisionKind::requeued);
  REQUIRE(requeued.size() == 2);
  CHECK(requeued[0].conversation == 1);
  CHECK(requeued[0].reason == "agent_lost");
  CHECK(requeued[0].from_agent == 1);
  CHECK(requeued[1].conversation == 4);
  const auto offline = of_kind(decisions, kr::DecisionKind::agent_offline);
  REQUIRE(offline.size() == 1);
  CHECK(offline[0].agent == 1);
  CHECK(engine.agent(1).status == kr::AgentStatus::offline);
  CHECK(engine.agent(1).chat_load == 0);
  CHECK(engine.agent(1).ticket_load == 1);
  CHECK(engine.conversation(2)->state == State::assigned);

  CHECK_FALSE(engine.agent_reconnected(1, 40'000));  // too late: offline until they say so
  engine.agent_disconnected(1, 41'000);  // already offline: the grace ends without an event
  engine.tick(100'000);
  CHECK(of_kind(engine.take_decisions(), kr::DecisionKind::agent_offline).empty());
  CHECK_FALSE(engine.agent_reconnected(1, 100'000));
  engine.enqueue(chat(6, 40'000), 40'000);
  CHECK(engine.conversation(6)->state == State::waiting);

  // The next agent takes the returned chats first (original arrivals 500 and 2000), before 5.
  add_agent(engine, 2, 2, 50'000);
  CHECK(engine.conversation(1)->agent == 2);
  CHECK(engine.conversation(4)->agent == 2);
  CHECK(engine.conversation(5)->state == State::waiting);
}

TEST_CASE("going offline by choice returns chats at once, away keeps them") {
  kr::RoutingEngine engine = make_engine();
  add_agent(engine, 1, 2, 0);
  engine.enqueue(chat(1, 0), 0);
  engine.set_status(1, kr::AgentStatus::away, 1000);
  CHECK(engine.conversation(1)->agent == 1);
  engine.enqueue(chat(2, 1000), 1000);
  CHECK(engine.conversation(2)->state == State::waiting);
  engine.set_status(1, kr::AgentStatus::offline, 2000);
  CHECK(engine.conversation(1)->state == State::waiting);
  const auto requeued = of_kind(engine.take_decisions(), kr::DecisionKind::requeued);
  REQUIRE(requeued.size() == 1);
  CHECK(requeued[0].reason == "agent_lost");
}

TEST_CASE("offer and accept") {
  kr::EngineOptions options;
  options.offer_timeout_ms = 15'000;
  kr::RoutingEngine engine = make_engine(options);
  add_agent(engine, 1, 1, 0);
  add_agent(engine, 2, 1, 1000);  // idle for less time than agent 1
  engine.take_decisions();
  engine.enqueue(chat(1, 5000), 5000);
  auto offered = of_kind(engine.take_decisions(), kr::DecisionKind::offered);
  REQUIRE(offered.size() == 1);
  CHECK(offered[0].agent == 1);
  CHECK(offered[0].reason == "least_load");
  CHECK(engine.agent(1).chat_load == 1);  // the offer holds the slot

  SECTION("accepted: assigned with the offer's reason and the wait until acceptance") {
    engine.accept_offer(1, 1, 9000);
    const auto assigned = of_kind(engine.take_decisions(), kr::DecisionKind::assigned);
    REQUIRE(assigned.size() == 1);
    CHECK(assigned[0].agent == 1);
    CHECK(assigned[0].reason == "least_load");
    CHECK(assigned[0].wait_ms == 4000);
    engine.tick(30'000);  // the old offer timer does nothing
    CHECK(engine.conversation(1)->state == State::assigned);
    CHECK(engine.agent(1).chat_load == 1);
  }
  SECTION("timeout: offered to the next agent") {
    engine.tick(19'999);
    CHECK(engine.conversation(1)->agent == 1);
    engine.tick(20'000);
    const auto decisions = engine.take_decisions();
    const auto requeued = of_kind(decisions, kr::DecisionKind::requeued);
    REQUIRE(requeued.size() == 1);
    CHECK(requeued[0].reason == "offer_timeout");
    CHECK(requeued[0].from_agent == 1);
    offered = of_kind(decisions, kr::DecisionKind::offered);
    REQUIRE(offered.size() == 1);
    CHECK(offered[0].agent == 2);
    CHECK(engine.agent(1).chat_load == 0);
    SECTION("and when every agent let it time out, it waits; it is not offered back") {
      engine.tick(35'000);
      CHECK(engine.conversation(1)->state == State::waiting);
      CHECK(engine.agent(1).chat_load == 0);
      CHECK(engine.agent(2).chat_load == 0);
      engine.enqueue(chat(2, 36'000), 36'000);  // but new work still goes to them
      CHECK(engine.conversation(2)->state == State::offered);
    }
  }
  SECTION("the agent goes away mid-offer: offered to the next agent at once") {
    engine.set_status(1, kr::AgentStatus::away, 8000);
    const auto decisions = engine.take_decisions();
    const auto requeued = of_kind(decisions, kr::DecisionKind::requeued);
    REQUIRE(requeued.size() == 1);
    CHECK(requeued[0].reason == "agent_away");
    CHECK(engine.conversation(1)->state == State::offered);
    CHECK(engine.conversation(1)->agent == 2);
    CHECK_THROWS_AS(engine.accept_offer(1, 1, 9000), kr::RoutingError);
    engine.accept_offer(2, 1, 9000);
    CHECK(engine.conversation(1)->agent == 2);
  }
  SECTION("the agent's connection drops mid-offer: offered to the next agent at once") {
    engine.agent_disconnected(1, 8000);
    CHECK(engine.conversation(1)->agent == 2);
    const auto requeued = of_kind(engine.take_decisions(), kr::DecisionKind::requeued);
    REQUIRE(requeued.size() == 1);
    CHECK(requeued[0].reason == "agent_lost");
  }
  SECTION("declined: offered to the next agent") {
    engine.decline_offer(1, 1, 6000);
    CHECK(engine.conversation(1)->agent == 2);
    CHECK(of_kind(engine.take_decisions(), kr::DecisionKind::requeued)[0].reason ==
          "offer_declined");
  }
}

TEST_CASE("transfer to an agent or a queue, with a note") {
  kr::RoutingEngine engine = make_engine();
  add_agent(engine, 1, 2, 0, {"billing", "orders"});
  add_agent(engine, 2, 1, 100, {"orders"});
  engine.enqueue(chat(1, 1000), 1000);
  REQUIRE(engine.conversation(1)->agent == 1);
  engine.take_decisions();

  SECTION("to an agent") {
    engine.transfer(1, kr::Target::to_agent(2), "refund over limit", 5000);
    const auto assigned = of_kind(engine.take_decisions(), kr::DecisionKind::assigned);
    REQUIRE(assigned.size() == 1);
    CHECK(assigned[0].agent == 2);
    CHECK(assigned[0].from_agent == 1);
    CHECK(assigned[0].reason == "transfer");
    CHECK(assigned[0].note == "refund over limit");
    CHECK(assigned[0].wait_ms == 0);
    CHECK(engine.agent(1).chat_load == 0);
    CHECK(engine.agent(2).chat_load == 1);
  }
  SECTION("to a full agent: refused, nothing changes") {
    engine.enqueue(chat(2, 2000, "orders"), 2000);  // agent 2 takes it and is full
    REQUIRE(engine.conversation(2)->agent == 2);
    engine.take_decisions();
    CHECK_THROWS_AS(engine.transfer(1, kr::Target::to_agent(2), "", 5000), kr::RoutingError);
    CHECK(engine.conversation(1)->agent == 1);
    CHECK(engine.agent(1).chat_load == 1);
    CHECK(engine.agent(2).chat_load == 1);
    CHECK(engine.take_decisions().empty());
  }
  SECTION("to a queue: requeued there, and not routed back to the same agent") {
    engine.transfer(1, kr::Target::to_queue("orders"), "about the parcel", 5000);
    const auto decisions = engine.take_decisions();
    const auto requeued = of_kind(decisions, kr::DecisionKind::requeued);
    REQUIRE(requeued.size() == 1);
    CHECK(requeued[0].reason == "transfer");
    CHECK(requeued[0].queue == "orders");
    CHECK(requeued[0].note == "about the parcel");
    CHECK(engine.conversation(1)->queue == "orders");
    CHECK(engine.conversation(1)->agent == 2);  // agent 1 has more room but handed it on
  }
  SECTION("to a queue of another channel: refused") {
    CHECK_THROWS_AS(engine.transfer(1, kr::Target::to_queue("billing-tickets"), "", 5000),
                    kr::RoutingError);
    CHECK(engine.conversation(1)->agent == 1);
  }
  SECTION("a waiting conversation cannot be transferred") {
    engine.enqueue(chat(3, 3000, "orders"), 3000);  // agent 2 (0 of 1) takes it
    engine.enqueue(chat(4, 3000, "orders"), 3000);  // agent 1 (1 of 2) takes it
    engine.enqueue(chat(5, 3000, "orders"), 3000);  // both full: waits
    REQUIRE(engine.conversation(5)->state == State::waiting);
    CHECK_THROWS_AS(engine.transfer(5, kr::Target::to_agent(1), "", 5000), kr::RoutingError);
    CHECK(engine.conversation(5)->state == State::waiting);
  }
}

TEST_CASE("a supervisor moves conversations by hand") {
  kr::RoutingEngine engine = make_engine();
  add_agent(engine, 1, 1, 0);
  engine.enqueue(chat(1, 0), 0);
  engine.enqueue(chat(2, 100), 100);  // waits
  add_agent(engine, 2, 1, 200, {"orders"});
  engine.take_decisions();

  engine.move(2, kr::Target::to_agent(2), 1000);  // agent 2 lacks the skill: a human decided
  auto assigned = of_kind(engine.take_decisions(), kr::DecisionKind::assigned);
  REQUIRE(assigned.size() == 1);
  CHECK(assigned[0].reason == "manual");
  CHECK(assigned[0].agent == 2);
  CHECK(assigned[0].wait_ms == 900);
  CHECK(engine.waiting_count("billing") == 0);

  engine.move(1, kr::Target::to_queue("orders"), 2000);
  const auto requeued = of_kind(engine.take_decisions(), kr::DecisionKind::requeued);
  REQUIRE(requeued.size() == 1);
  CHECK(requeued[0].reason == "manual");
  CHECK(requeued[0].from_agent == 1);
  CHECK(engine.conversation(1)->state == State::waiting);  // agent 2 is full
  CHECK(engine.waiting_count("orders") == 1);
}

TEST_CASE("bad requests are refused with a clear error and change nothing") {
  kr::RoutingEngine engine = make_engine();
  add_agent(engine, 1, 1, 0);
  engine.enqueue(chat(1, 0), 0);
  engine.enqueue(chat(2, 0), 0);
  engine.take_decisions();
  const auto before_1 = *engine.conversation(1);
  const auto before_2 = *engine.conversation(2);

  kr::QueueConfig duplicate;
  duplicate.name = "billing";
  duplicate.skill = "x";
  CHECK_THROWS_WITH(engine.add_queue(duplicate), "queue billing already exists");
  kr::QueueConfig same_key;
  same_key.name = "billing-2";
  same_key.skill = "billing";
  CHECK_THROWS_AS(engine.add_queue(same_key), kr::RoutingError);
  kr::AgentProfile bad;
  bad.id = 7;
  bad.chat_capacity = -1;
  CHECK_THROWS_AS(engine.update_agent(bad, 0), kr::RoutingError);
  bad.chat_capacity = 1;
  bad.skills = {{"billing", 11}};
  CHECK_THROWS_AS(engine.update_agent(bad, 0), kr::RoutingError);
  CHECK_THROWS_WITH(engine.agent(7), "unknown agent 7");
  CHECK_THROWS_WITH(engine.set_status(9, kr::AgentStatus::online, 0), "unknown agent 9");
  CHECK_THROWS_AS(engine.enqueue(chat(1, 0), 0), kr::RoutingError);  // already routed
  CHECK_THROWS_WITH(engine.enqueue(chat(3, 0, "nope"), 0), "unknown queue nope");
  CHECK_THROWS_WITH(engine.enqueue(chat(3, 0, "billing-tickets"), 0),
                    "queue billing-tickets does not serve chat");
  kr::Conversation unmatched;
  unmatched.id = 4;
  unmatched.skill = "shipping";
  CHECK_THROWS_AS(engine.enqueue(unmatched, 0), kr::RoutingError);
  CHECK_THROWS_AS(engine.conversation_ended(2, 0), kr::RoutingError);  // waiting
  CHECK_THROWS_AS(engine.abandon(1, 0), kr::RoutingError);             // assigned
  CHECK_THROWS_AS(engine.conversation_ended(42, 0), kr::RoutingError);
  CHECK_THROWS_AS(engine.accept_offer(1, 2, 0), kr::RoutingError);                // nothing offered
  CHECK_THROWS_AS(engine.move(2, kr::Target::to_agent(1), 0), kr::RoutingError);  // full
  CHECK_THROWS_AS(engine.move(2, kr::Target{}, 0), kr::RoutingError);
  CHECK_THROWS_AS(engine.move(2, kr::Target{1, "orders"}, 0), kr::RoutingError);
  CHECK_THROWS_AS(engine.transfer(1, kr::Target::to_agent(1), "", 0), kr::RoutingError);
  CHECK_THROWS_AS(kr::RoutingEngine(kr::EngineOptions{-1, 0, 0, 0.1}), kr::RoutingError);

  CHECK(engine.take_decisions().empty());
  CHECK(engine.conversation(1)->agent == before_1.agent);
  CHECK(engine.conversation(2)->state == before_2.state);
  CHECK(engine.agent(1).chat_load == 1);
  CHECK(engine.waiting_count("billing") == 1);
  CHECK_FALSE(engine.conversation(3));
  CHECK_FALSE(engine.conversation(4));
}

TEST_CASE("random operations never exceed capacity and only route to eligible agents") {
  kr::EngineOptions options;
  options.grace_ms = 20'000;
  options.offer_timeout_ms = 10'000;
  kr::RoutingEngine engine = make_engine(options);
  std::mt19937 rng(20261123);
  const std::map<kr::AgentId, std::vector<std::string>> skills = {
      {1, {"billing"}}, {2, {"orders"}}, {3, {"billing", "orders"}}, {4, {"orders"}}};
  const std::map<kr::AgentId, int> capacity = {{1, 1}, {2, 2}, {3, 3}, {4, 1}};
  for (const auto& [id, list] : skills) add_agent(engine, id, capacity.at(id), 0, list);
  std::map<kr::ConversationId, std::string> open;
  kr::ConversationId next = 1;
  kr::TimeMs now = 0;
  for (int step = 0; step < 5000; ++step) {
    now += std::uniform_int_distribution<int>(0, 3000)(rng);
    engine.tick(now);
    const int action = std::uniform_int_distribution<int>(0, 9)(rng);
    const kr::AgentId someone = std::uniform_int_distribution<int>(1, 4)(rng);
    if (action <= 3) {
      const std::string queue = rng() % 2 ? "billing" : "orders";
      open[next] = queue;
      engine.enqueue(chat(next++, now, queue), now);
    } else if (action <= 5 && !open.empty()) {
      auto it = open.begin();
      std::advance(it, rng() % open.size());
      const auto view = engine.conversation(it->first);
      if (view->state == State::assigned) {
        engine.conversation_ended(it->first, now);
      } else if (view->state == State::offered) {
        engine.accept_offer(*view->agent, it->first, now);
        continue;
      } else {
        engine.abandon(it->first, now);
      }
      open.erase(it);
    } else if (action == 6) {
      engine.set_status(someone, rng() % 3 ? kr::AgentStatus::online : kr::AgentStatus::away, now);
    } else if (action == 7) {
      engine.agent_disconnected(someone, now);
    } else if (action == 8) {
      engine.agent_reconnected(someone, now);
      engine.set_status(someone, kr::AgentStatus::online, now);
    }
    for (const auto& decision : engine.take_decisions()) {
      if (decision.kind != kr::DecisionKind::offered &&
          decision.kind != kr::DecisionKind::assigned) {
        continue;
      }
      const auto& agent_skills = skills.at(*decision.agent);
      INFO("step " << step << " conversation " << decision.conversation);
      CHECK(std::find(agent_skills.begin(), agent_skills.end(), decision.queue) !=
            agent_skills.end());
    }
    for (const auto& [id, cap] : capacity) {
      const auto view = engine.agent(id);
      REQUIRE(view.chat_load <= cap);
      REQUIRE(view.chat_load >= 0);
    }
  }
  CHECK(next > 1000);
}

TEST_CASE("three agents, twenty customers: all answered by eligible agents, positions fall to 0") {
  kr::RoutingEngine engine = make_engine();
  add_agent(engine, 1, 1, 0, {"billing"});
  add_agent(engine, 2, 2, 0, {"orders"});
  add_agent(engine, 3, 3, 0, {"billing", "orders"});
  const std::map<kr::AgentId, int> capacity = {{1, 1}, {2, 2}, {3, 3}};
  const std::map<kr::AgentId, std::vector<std::string>> skills = {
      {1, {"billing"}}, {2, {"orders"}}, {3, {"billing", "orders"}}};
  std::map<kr::ConversationId, std::string> queue_of;
  std::map<kr::ConversationId, int> position;  // last position each customer was sent
  std::map<kr::ConversationId, kr::AgentId> answered_by;
  std::vector<kr::ConversationId> in_progress;
  kr::TimeMs now = 0;
  auto observe = [&] {
    for (const auto& decision : engine.take_decisions()) {
      if (decision.kind != kr::DecisionKind::assigned) continue;
      const auto& list = skills.at(*decision.agent);
      CHECK(std::find(list.begin(), list.end(), queue_of.at(decision.conversation)) != list.end());
      answered_by[decision.conversation] = *decision.agent;
      in_progress.push_back(decision.conversation);
    }
    for (const auto& update : engine.take_queue_updates(now)) {
      auto it = position.find(update.conversation);
      if (it != position.end()) CHECK(update.position < it->second);
      position[update.conversation] = update.position;
    }
    for (const auto& [id, cap] : capacity) CHECK(engine.agent(id).chat_load <= cap);
  };
  for (kr::ConversationId id = 1; id <= 20; ++id) {
    now += 1000;
    queue_of[id] = id % 3 == 0 ? "billing" : "orders";
    engine.enqueue(chat(id, now, queue_of[id]), now);
    observe();
  }
  while (!in_progress.empty()) {
    now += 30'000;
    const kr::ConversationId done = in_progress.front();
    in_progress.erase(in_progress.begin());
    engine.conversation_ended(done, now);
    observe();
  }
  CHECK(answered_by.size() == 20);
  CHECK(position.size() >= 10);  // at least half of them had to wait
  for (const auto& [id, last] : position) {
    INFO("conversation " << id);
    CHECK(last == 0);
  }
}
