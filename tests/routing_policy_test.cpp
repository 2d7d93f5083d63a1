// One case per routing rule: which agent gets a new conversation, and which waiting
// conversation an agent who frees up gets.
#include <algorithm>
#include <catch2/catch.hpp>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "server/routing/routing_engine.hpp"

namespace kr = kefu::routing;

namespace {

constexpr kr::TimeMs kMinute = 60'000;

// Queues every case starts with. billing-en overflows after a minute to any language, level 1
// and the backup skill "orders".
kr::RoutingEngine make_engine(kr::EngineOptions options = {}) {
  kr::RoutingEngine engine(options);
  kr::QueueConfig billing_en;
  billing_en.name = "billing-en";
  billing_en.skill = "billing";
  billing_en.min_level = 2;
  billing_en.language = "en";
  billing_en.overflow.after_ms = kMinute;
  billing_en.overflow.any_language = true;
  billing_en.overflow.min_level = 1;
  billing_en.overflow.backup_skills = {"orders"};
  engine.add_queue(billing_en);
  kr::QueueConfig billing_zh;
  billing_zh.name = "billing-zh";
  billing_zh.skill = "billing";
  billing_zh.min_level = 2;
  billing_zh.language = "zh";
  engine.add_queue(billing_zh);
  return engine;
}

kr::AgentProfile agent(kr::AgentId id, int level = 3, std::vector<std::string> languages = {"en"},
                       int chat_capacity = 3, std::string skill = "billing") {
  kr::AgentProfile profile;
  profile.id = id;
  profile.skills = {{std::move(skill), level}};
  profile.languages = std::move(languages);
  profile.chat_capacity = chat_capacity;
  return profile;
}

// Adds an agent who comes online at `online_at` and then receives `load` conversations of
// billing-zh (which they serve too) so that their chat load is set without touching billing-en.
void add_agent(kr::RoutingEngine& engine, const kr::AgentProfile& profile, kr::TimeMs online_at,
               int load = 0) {
  kr::AgentProfile serving_zh = profile;
  serving_zh.languages.push_back("zh");
  engine.update_agent(serving_zh, online_at);
  engine.set_status(profile.id, kr::AgentStatus::online, online_at);
  for (int i = 0; i < load; ++i) {
    kr::Conversation busy;
    busy.id = profile.id * 1000 + i;
    busy.queue = "billing-zh";
    busy.arrival = online_at;
    busy.last_agent = profile.id;
    busy.last_agent_at = online_at;
    engine.enqueue(busy, online_at);
  }
  engine.update_agent(profile, online_at);  // back to the languages the case asked for
  engine.set_status(profile.id, kr::AgentStatus::away, online_at);
  engine.set_status(profile.id, kr::AgentStatus::online, online_at);
  REQUIRE(engine.agent(profile.id).chat_load == load);
}

kr::Conversation billing_chat(kr::ConversationId id, kr::TimeMs arrival) {
  kr::Conversation conversation;
  conversation.id = id;
  conversation.channel = kr::Channel::chat;
  conversation.skill = "billing";
  conversation.language = "en";
  conversation.arrival = arrival;
  return conversation;
}

std::optional<kr::RoutingDecision> last_assignment(kr::RoutingEngine& engine) {
  std::optional<kr::RoutingDecision> found;
  for (auto& decision : engine.take_decisions()) {
    if (decision.kind == kr::DecisionKind::assigned) found = decision;
  }
  return found;
}

struct AgentChoiceCase {
  const char* rule;
  std::function<void(kr::RoutingEngine&)> staff;
  std::function<void(kr::Conversation&)> adjust;  // the arriving conversation
  std::optional<kr::AgentId> agent;               // empty: nobody takes it, it waits
  const char* reason;
};

}  // namespace

TEST_CASE("the arriving conversation goes to the right agent, for the right reason") {
  const kr::TimeMs now = 10 * kMinute;
  auto no_change = [](kr::Conversation&) {};
  const std::vector<AgentChoiceCase> cases = {
      {"lowest load wins",
       [](kr::RoutingEngine& e) {
         add_agent(e, agent(1), 0, 1);
         add_agent(e, agent(2), 0, 0);
       },
       no_change, 2, "least_load"},
      {"load is a ratio of capacity, not a count",
       [](kr::RoutingEngine& e) {
         add_agent(e, agent(1, 3, {"en"}, 2), 0, 1);  // 1/2
         add_agent(e, agent(2, 3, {"en"}, 4), 0, 1);  // 1/4
       },
       no_change, 2, "least_load"},
      {"equal load: the agent idle longest",
       [](kr::RoutingEngine& e) {
         add_agent(e, agent(1), 2 * kMinute);
         add_agent(e, agent(2), 1 * kMinute);
       },
       no_change, 2, "least_load"},
      {"equal load and idle time: the lowest id",
       [](kr::RoutingEngine& e) {
         add_agent(e, agent(2), kMinute);
         add_agent(e, agent(1), kMinute);
       },
       no_change, 1, "least_load"},
      {"the customer's last agent, if free and seen recently",
       [](kr::RoutingEngine& e) {
         add_agent(e, agent(1), 0, 2);
         add_agent(e, agent(2), 0, 0);
       },
       [](kr::Conversation& c) {
         c.last_agent = 1;
         c.last_agent_at = 9 * kMinute;
       },
       1, "sticky"},
      {"the last agent is full: lowest load instead",
       [](kr::RoutingEngine& e) {
         add_agent(e, agent(1), 0, 3);
         add_agent(e, agent(2), 0, 1);
       },
       [](kr::Conversation& c) {
         c.last_agent = 1;
         c.last_agent_at = 9 * kMinute;
       },
       2, "least_load"},
      {"the last agent was not seen recently: lowest load instead",
       [](kr::RoutingEngine& e) {
         add_agent(e, agent(1), 0, 0);
         add_agent(e, agent(2), 0, 0);
       },
       [](kr::Conversation& c) {
         c.last_agent = 2;
         c.last_agent_at = -2 * 24 * 60 * kMinute;  // two days before
       },
       1, "least_load"},
      {"the last agent lacks the skill level: not sticky",
       [](kr::RoutingEngine& e) {
         add_agent(e, agent(1, 1), 0, 0);
         add_agent(e, agent(2), 0, 2);
       },
       [](kr::Conversation& c) {
         c.last_agent = 1;
         c.last_agent_at = 9 * kMinute;
       },
       2, "least_load"},
      {"skill level below the queue's minimum is not eligible",
       [](kr::RoutingEngine& e) {
         add_agent(e, agent(1, 1), 0, 0);
         add_agent(e, agent(2, 2), 0, 2);
       },
       no_change, 2, "least_load"},
      {"an agent who does not speak the language is not eligible",
       [](kr::RoutingEngine& e) {
         add_agent(e, agent(1, 3, {"zh"}), 0, 0);
         add_agent(e, agent(2), 0, 2);
       },
       no_change, 2, "least_load"},
      {"an away agent is not eligible",
       [](kr::RoutingEngine& e) {
         add_agent(e, agent(1), 0, 0);
         add_agent(e, agent(2), 0, 2);
         e.set_status(1, kr::AgentStatus::away, kMinute);
       },
       no_change, 2, "least_load"},
      {"an offline agent is not eligible",
       [](kr::RoutingEngine& e) {
         e.update_agent(agent(1), 0);  // added, never online
         add_agent(e, agent(2), 0, 2);
       },
       no_change, 2, "least_load"},
      {"a disconnected agent in their grace period gets nothing new",
       [](kr::RoutingEngine& e) {
         add_agent(e, agent(1), 0, 0);
         add_agent(e, agent(2), 0, 2);
         e.agent_disconnected(1, 9 * kMinute);
       },
       no_change, 2, "least_load"},
      {"a full agent gets nothing: the conversation waits",
       [](kr::RoutingEngine& e) { add_agent(e, agent(1), 0, 3); }, no_change, std::nullopt, ""},
      {"an agent with no chat capacity gets no chats",
       [](kr::RoutingEngine& e) { add_agent(e, agent(1, 3, {"en"}, 0), 0, 0); }, no_change,
       std::nullopt, ""},
      {"only the overflow rule would allow this agent: the conversation waits",
       [](kr::RoutingEngine& e) { add_agent(e, agent(1, 3, {"en"}, 3, "orders"), 0, 0); },
       no_change, std::nullopt, ""},
  };
  for (const auto& c : cases) {
    DYNAMIC_SECTION(c.rule) {
      kr::RoutingEngine engine = make_engine();
      c.staff(engine);
      engine.take_decisions();
      kr::Conversation conversation = billing_chat(1, now);
      c.adjust(conversation);
      engine.enqueue(conversation, now);
      const auto assigned = last_assignment(engine);
      if (!c.agent) {
        CHECK_FALSE(assigned);
        CHECK(engine.conversation(1)->state == kr::RoutingEngine::ConversationState::waiting);
        CHECK(engine.waiting_count("billing-en") == 1);
      } else {
        REQUIRE(assigned);
        CHECK(assigned->conversation == 1);
        CHECK(assigned->agent == c.agent);
        CHECK(assigned->reason == c.reason);
        CHECK(engine.agent(*c.agent).chat_load <= 3);
      }
    }
  }
}

namespace {

struct QueueOrderCase {
  const char* rule;
  std::vector<kr::Conversation> waiting;  // enqueued in this order while nobody is free
  kr::ConversationId served_first;
};

kr::Conversation with(kr::Conversation c, kr::Segment segment,
                      std::optional<kr::TimeMs> deadline = std::nullopt) {
  c.segment = segment;
  c.sla_deadline = deadline;
  return c;
}

}  // namespace

TEST_CASE("an agent who frees up takes the conversation first in queue order") {
  using S = kr::Segment;
  const std::vector<QueueOrderCase> cases = {
      {"earlier arrival first", {billing_chat(1, 2000), billing_chat(2, 1000)}, 2},
      {"VIP before an earlier ordinary customer",
       {with(billing_chat(1, 1000), S::active), with(billing_chat(2, 5000), S::vip)},
       2},
      {"at risk before new and lost",
       {with(billing_chat(1, 1000), S::new_customer), with(billing_chat(2, 1000), S::lost),
        with(billing_chat(3, 3000), S::at_risk)},
       3},
      {"same priority: earlier SLA deadline before earlier arrival",
       {with(billing_chat(1, 1000), S::active, 900'000),
        with(billing_chat(2, 5000), S::active, 30'000)},
       2},
      {"equal priority, deadline and arrival: lower id",
       {billing_chat(7, 1000), billing_chat(3, 1000)},
       3},
  };
  for (const auto& c : cases) {
    DYNAMIC_SECTION(c.rule) {
      kr::RoutingEngine engine = make_engine();
      engine.update_agent(agent(1, 3, {"en"}, 1), 0);
      for (const auto& conversation : c.waiting) engine.enqueue(conversation, 10'000);
      engine.take_decisions();
      engine.set_status(1, kr::AgentStatus::online, 20'000);
      const auto assigned = last_assignment(engine);
      REQUIRE(assigned);
      CHECK(assigned->conversation == c.served_first);
      CHECK(assigned->agent == 1);
      CHECK(assigned->wait_ms == 10'000);
    }
  }
}

TEST_CASE("a conversation's own priority orders its queue before segment, deadline and arrival") {
  using S = kr::Segment;
  auto prioritised = [](kr::Conversation c, int priority) {
    c.priority = priority;
    return c;
  };
  const std::vector<QueueOrderCase> cases = {
      {"a priority set to vip goes before an earlier ordinary customer",
       {billing_chat(1, 1000), prioritised(billing_chat(2, 5000), 3)},
       2},
      {"a priority set to normal for a VIP customer waits behind an earlier at-risk one",
       {with(billing_chat(1, 1000), S::at_risk),
        prioritised(with(billing_chat(2, 500), S::vip), 1)},
       1},
      {"equal priorities fall back to the SLA deadline",
       {prioritised(with(billing_chat(1, 1000), S::active, 900'000), 3),
        prioritised(with(billing_chat(2, 5000), S::new_customer, 30'000), 3)},
       2},
  };
  for (const auto& c : cases) {
    DYNAMIC_SECTION(c.rule) {
      kr::RoutingEngine engine = make_engine();
      engine.update_agent(agent(1, 3, {"en"}, 1), 0);
      for (const auto& conversation : c.waiting) engine.enqueue(conversation, 10'000);
      engine.take_decisions();
      engine.set_status(1, kr::AgentStatus::online, 20'000);
      const auto assigned = last_assignment(engine);
      REQUIRE(assigned);
      CHECK(assigned->conversation == c.served_first);
    }
  }
}

TEST_CASE("raising a waiting conversation's priority moves it up its queue at once") {
  kr::RoutingEngine engine = make_engine();
  engine.update_agent(agent(1, 3, {"en"}, 1), 0);
  for (kr::ConversationId id : {1, 2, 3}) engine.enqueue(billing_chat(id, id * 1000), id * 1000);
  auto positions = [&] {
    std::vector<std::pair<kr::ConversationId, int>> out;
    for (const auto& u : engine.take_queue_updates(10'000))
      out.emplace_back(u.conversation, u.position);
    std::sort(out.begin(), out.end());
    return out;
  };
  using Positions = std::vector<std::pair<kr::ConversationId, int>>;
  CHECK(positions() == Positions{{1, 1}, {2, 2}, {3, 3}});
  engine.set_priority(3, 3);  // a supervisor or a rule: vip
  CHECK(positions() == Positions{{1, 2}, {2, 3}, {3, 1}});
  // Bad calls change nothing.
  CHECK_THROWS_AS(engine.set_priority(3, 10), kr::RoutingError);
  CHECK_THROWS_AS(engine.set_priority(99, 3), kr::RoutingError);
  CHECK(positions().empty());
  engine.take_decisions();
  engine.set_status(1, kr::AgentStatus::online, 20'000);
  const auto assigned = last_assignment(engine);
  REQUIRE(assigned);
  CHECK(assigned->conversation == 3);
  CHECK_THROWS_AS(engine.enqueue(
                      [] {
                        auto c = billing_chat(4, 30'000);
                        c.priority = -1;
                        return c;
                      }(),
                      30'000),
                  kr::RoutingError);
  CHECK_FALSE(engine.conversation(4));
}

TEST_CASE("a chat returned by a lost agent goes to the head of the line, before a VIP") {
  kr::EngineOptions options;
  options.grace_ms = 30'000;
  kr::RoutingEngine engine = make_engine(options);
  engine.update_agent(agent(1, 3, {"en"}, 1), 0);
  engine.set_status(1, kr::AgentStatus::online, 0);
  engine.enqueue(billing_chat(1, 5000), 5000);  // agent 1 takes it
  engine.enqueue(with(billing_chat(2, 6000), kr::Segment::vip), 6000);
  engine.agent_disconnected(1, 7000);
  engine.tick(37'000);
  engine.update_agent(agent(2, 3, {"en"}, 1), 40'000);
  engine.take_decisions();
  engine.set_status(2, kr::AgentStatus::online, 40'000);
  const auto assigned = last_assignment(engine);
  REQUIRE(assigned);
  CHECK(assigned->conversation == 1);
  CHECK(assigned->agent == 2);
}

TEST_CASE("overflow widens the eligible set after the queue's wait limit") {
  struct OverflowCase {
    const char* rule;
    kr::AgentProfile profile;
  };
  const std::vector<OverflowCase> cases = {
      {"drops the language", agent(5, 3, {"zh"})},
      {"lowers the skill level", agent(5, 1, {"en"})},
      {"adds a backup skill", agent(5, 3, {"en"}, 3, "orders")},
  };
  for (const auto& c : cases) {
    DYNAMIC_SECTION(c.rule) {
      kr::RoutingEngine engine = make_engine();
      engine.update_agent(c.profile, 0);
      engine.set_status(5, kr::AgentStatus::online, 0);
      engine.enqueue(billing_chat(1, 1000), 1000);
      engine.tick(1000 + kMinute - 1);
      CHECK_FALSE(last_assignment(engine));
      REQUIRE(engine.next_timer() == 1000 + kMinute);
      engine.tick(1000 + kMinute);
      const auto decisions = engine.take_decisions();
      REQUIRE(decisions.size() == 2);
      CHECK(decisions[0].kind == kr::DecisionKind::overflowed);
      CHECK(decisions[1].kind == kr::DecisionKind::assigned);
      CHECK(decisions[1].agent == 5);
      CHECK(decisions[1].reason == "overflow");
      CHECK(decisions[1].wait_ms == kMinute);
    }
  }
}

TEST_CASE("an overflowed conversation still prefers a normally eligible agent with lower load") {
  kr::RoutingEngine engine = make_engine();
  engine.update_agent(agent(5, 3, {"zh"}), 0);     // overflow only
  engine.update_agent(agent(6, 3, {"en"}, 1), 0);  // normal, capacity 1
  engine.set_status(6, kr::AgentStatus::online, 0);
  engine.enqueue(billing_chat(1, 0), 0);  // agent 6 is now full
  engine.enqueue(billing_chat(2, 0), 0);
  engine.set_status(5, kr::AgentStatus::online, 0);
  engine.take_decisions();
  // Agent 6 frees up just as conversation 2 overflows: 6 takes it as least_load first.
  engine.conversation_ended(1, kMinute);
  auto assigned = last_assignment(engine);
  REQUIRE(assigned);
  CHECK(assigned->conversation == 2);
  CHECK(assigned->agent == 6);
  CHECK(assigned->reason == "least_load");
}

TEST_CASE("an agent who frees up picks their own returning customer as sticky") {
  kr::RoutingEngine engine = make_engine();
  engine.update_agent(agent(1, 3, {"en"}, 1), 0);
  engine.set_status(1, kr::AgentStatus::online, 0);
  engine.enqueue(billing_chat(1, 0), 0);
  kr::Conversation returning = billing_chat(2, 1000);
  returning.last_agent = 1;
  returning.last_agent_at = 500;
  engine.enqueue(returning, 1000);
  engine.take_decisions();
  engine.conversation_ended(1, 5000);
  auto assigned = last_assignment(engine);
  REQUIRE(assigned);
  CHECK(assigned->conversation == 2);
  CHECK(assigned->reason == "sticky");
}

TEST_CASE("a chat held for its agent after a restart waits for them, not for whoever comes first") {
  // Two chats of agents 1 and 2, enqueued again by a desk that just started (nobody connected
  // yet), each held for its agent for a minute; a third customer is new.
  kr::RoutingEngine engine = make_engine();
  for (kr::ConversationId id : {1, 2}) {
    kr::Conversation chat = billing_chat(id, 0);
    chat.last_agent = id;
    chat.last_agent_at = 1000;
    chat.held_until = 1000 + kMinute;
    engine.enqueue(chat, 1000);
  }
  engine.enqueue(billing_chat(3, 500), 1000);
  engine.take_decisions();

  // Agent 1 comes first, with room for all three: their own chat and the new one, not agent 2's.
  engine.update_agent(agent(1, 3, {"en"}, 3), 2000);
  engine.set_status(1, kr::AgentStatus::online, 2000);
  std::vector<kr::ConversationId> took;
  for (const auto& d : engine.take_decisions()) {
    if (d.kind == kr::DecisionKind::assigned) {
      CHECK(d.agent == 1);
      took.push_back(d.conversation);
    }
  }
  std::sort(took.begin(), took.end());
  CHECK(took == std::vector<kr::ConversationId>{1, 3});
  CHECK(engine.waiting_count("billing-en") == 1);

  SECTION("its agent back within the hold gets it, as sticky") {
    engine.update_agent(agent(2, 3, {"en"}, 3), 3000);
    engine.set_status(2, kr::AgentStatus::online, 3000);
    auto assigned = last_assignment(engine);
    REQUIRE(assigned);
    CHECK(assigned->conversation == 2);
    CHECK(assigned->agent == 2);
    CHECK(assigned->reason == "sticky");
  }
  SECTION("its agent not back when the hold ends: anyone with room gets it") {
    engine.tick(1000 + kMinute - 1);
    CHECK_FALSE(last_assignment(engine));
    engine.tick(1000 + kMinute);
    auto assigned = last_assignment(engine);
    REQUIRE(assigned);
    CHECK(assigned->conversation == 2);
    CHECK(assigned->agent == 1);
  }
}

TEST_CASE("an agent back after a restart gets their held chat before one that waited longer") {
  // Agent 1 (one chat at a time) held chat 2 before the restart; chat 1 waited longer. The
  // store still names agent 1 for chat 2, and on PostgreSQL counts it against their capacity:
  // chat 1 first would take them past it there.
  kr::RoutingEngine engine = make_engine();
  engine.enqueue(billing_chat(1, 0), 1000);
  kr::Conversation held = billing_chat(2, 500);
  held.last_agent = 1;
  held.last_agent_at = 1000;
  held.held_until = 1000 + kMinute;
  engine.enqueue(held, 1000);
  engine.take_decisions();
  engine.update_agent(agent(1, 3, {"en"}, 1), 2000);
  engine.set_status(1, kr::AgentStatus::online, 2000);
  auto assigned = last_assignment(engine);
  REQUIRE(assigned);
  CHECK(assigned->conversation == 2);
  CHECK(assigned->reason == "sticky");
  CHECK(engine.waiting_count("billing-en") == 1);
  // Once it is resolved, the one that waited longer is next.
  engine.conversation_ended(2, 3000);
  assigned = last_assignment(engine);
  REQUIRE(assigned);
  CHECK(assigned->conversation == 1);
}
