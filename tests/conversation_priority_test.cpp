#include "server/domain/conversation_priority.hpp"

#include <boost/json.hpp>
#include <catch2/catch.hpp>

#include "server/domain/command_decoder.hpp"
#include "server/domain/contact_centre.hpp"
#include "tests/support/desk_fixture.hpp"

// A conversation's priority (server/domain/conversation_priority.hpp, priority_changes.cpp):
// decided from the customer's segment and the queue, set by a supervisor or a rule, kept on the
// conversation in the store, and the key by which the SLA policy is chosen. On the desk
// directly (no sockets), on SQLite and, under the `postgresql` label, on PostgreSQL.

using namespace kefu;
namespace json = boost::json;

namespace {

using kefu::testing::Desk;
using kefu::testing::Recorder;

// SLA clocks by priority alone: VIP conversations have 1 s, the others 20 s.
class ClocksByPriority final : public metrics::SlaClocks {
 public:
  metrics::SlaClock clock_for(const std::string& channel, const std::string&,
                              const std::string& priority) const override {
    const std::int64_t first = priority == "vip" ? 1'000 : 20'000;
    return metrics::SlaClock(metrics::SlaTargets{first, first * 3, 86'400'000, false,
                                                 priority.empty() ? channel : priority});
  }
};

// An agent with a chat of a customer whose segment `segment_of` gives, and a supervisor.
struct Scene {
  Desk desk;
  ClocksByPriority clocks;
  std::string segment = "active";
  std::shared_ptr<Recorder> agent = std::make_shared<Recorder>();
  std::shared_ptr<Recorder> boss = std::make_shared<Recorder>();
  std::shared_ptr<Recorder> customer = std::make_shared<Recorder>();
  StaffParty agent_party = desk.staff("ann", store::Role::agent, 1);
  StaffParty boss_party = desk.staff("sam", store::Role::supervisor);
  std::int64_t conversation = 0;

  explicit Scene(std::string customer_segment = "active") : segment(std::move(customer_segment)) {
    DeskObservers observers;
    observers.segment_of = [this](std::int64_t) { return segment; };
    desk.centre->set_observers(observers);
    desk.centre->set_sla_clocks(&clocks);
    desk.centre->connect_staff(agent, agent_party);
    desk.centre->connect_staff(boss, boss_party);
    desk.centre->connect_customer(customer, desk.customer("cus"));
    desk.settle();
    desk.run(customer, SendMessage{"c1", std::nullopt, "where is my parcel?"});
    conversation = customer->take("ack").at(0).at("conversation_id").as_int64();
    REQUIRE(agent->take("conversation").size() == 1);
    agent->frames.clear();
    boss->frames.clear();
    customer->frames.clear();
  }

  // The conversation's SLA clock as the supervisor's GET /api/sla/clocks shows it.
  json::object clock() {
    for (const auto& c : desk.centre->sla_clocks(boss_party.user.id, true)) {
      if (c.at("conversation_id").as_int64() == conversation) return c.as_object();
    }
    FAIL("no clock for the conversation");
    return {};
  }

  // The stored row's priority and who set it, "priority/by".
  std::string stored() {
    for (const auto& r : desk.store->load_open_conversations()) {
      if (r.id == conversation) return r.priority + "/" + r.priority_by;
    }
    return "missing";
  }
};

std::string error_code(Recorder& r) {
  auto errors = r.take("error");
  REQUIRE(errors.size() == 1);
  return std::string(errors[0].at("code").as_string());
}

}  // namespace

TEST_CASE("the desk decides a priority from the customer's segment and a VIP queue") {
  using routing::Segment;
  CHECK(decide_priority({"", std::nullopt, Segment::vip}) == "vip");
  CHECK(decide_priority({"", std::nullopt, Segment::at_risk}) == "at_risk");
  CHECK(decide_priority({"", std::nullopt, Segment::active}) == "normal");
  CHECK(decide_priority({"", std::nullopt, Segment::new_customer}) == "normal");
  CHECK(decide_priority({"", std::nullopt, Segment::lost}) == "normal");
  // A VIP queue makes every conversation in it VIP, an at-risk customer's too.
  CHECK(decide_priority({"", Segment::vip, Segment::at_risk}) == "vip");
  CHECK(decide_priority({"", Segment::active, Segment::active}) == "normal");
  // What a supervisor or a rule set is kept, whatever the segment or the queue.
  CHECK(decide_priority({"normal", Segment::vip, Segment::vip}) == "normal");
  CHECK(decide_priority({"vip", std::nullopt, Segment::lost}) == "vip");
  CHECK(is_conversation_priority("at_risk"));
  CHECK_FALSE(is_conversation_priority("high"));
  CHECK_FALSE(is_conversation_priority(""));
  CHECK(conversation_priorities() == std::vector<std::string>{"vip", "at_risk", "normal"});
}

TEST_CASE("the decoder reads set_priority from staff only") {
  auto d = decode_command(R"({"type":"set_priority","client_id":"p1","conversation_id":7,)"
                          R"("priority":"vip"})",
                          SenderRole::staff);
  REQUIRE(std::holds_alternative<Command>(d));
  const auto& s = std::get<SetPriority>(std::get<Command>(d));
  CHECK(s.conversation_id == 7);
  CHECK(s.priority == "vip");
  auto code = [](std::string_view frame, SenderRole role) {
    return std::get<CommandError>(decode_command(frame, role)).code;
  };
  CHECK(code(R"({"type":"set_priority","client_id":"p","conversation_id":7,"priority":"vip"})",
             SenderRole::customer) == "unknown_type");
  CHECK(code(R"({"type":"set_priority","client_id":"p","conversation_id":7})", SenderRole::staff) ==
        "bad_field");
  CHECK(code(R"({"type":"set_priority","client_id":"p","conversation_id":7,"priority":1})",
             SenderRole::staff) == "bad_field");
  CHECK(code(R"({"type":"set_priority","client_id":"p","priority":"vip"})", SenderRole::staff) ==
        "bad_field");
}

TEST_CASE("a VIP customer's conversation is VIP from its queueing, on the VIP policy's clock") {
  Scene s("vip");
  CHECK(s.clock().at("priority") == "vip");
  CHECK(s.clock().at("priority_by").is_null());
  CHECK(s.clock().at("target_ms") == 1'000);
  // The routing events name it, for the metrics and the quality score.
  CHECK(s.desk.backend.count("SELECT COUNT(*) FROM events WHERE type IN ('conversation_queued',"
                             " 'conversation_assigned') AND data LIKE '%\"priority\":\"vip\"%'") >=
        1);
}

TEST_CASE("a supervisor sets a priority: stored, logged, told, and it chooses the SLA policy") {
  Scene s;
  CHECK(s.clock().at("priority") == "normal");
  CHECK(s.clock().at("target_ms") == 20'000);

  s.desk.run(s.boss, SetPriority{"p1", s.conversation, "vip"});
  CHECK(s.boss->take("ack").at(0).at("ref").as_string() == "p1");
  // The agent's console and every supervisor are told.
  auto told = s.agent->take("conversation_priority");
  REQUIRE(told.size() == 1);
  CHECK(told[0].at("conversation_id").as_int64() == s.conversation);
  CHECK(told[0].at("priority") == "vip");
  CHECK(told[0].at("priority_by") == "supervisor");
  CHECK(s.boss->take("conversation_priority").size() == 1);
  CHECK(s.customer->frames.empty());
  // The clock is the VIP policy's from now on, and the row keeps it.
  CHECK(s.clock().at("priority") == "vip");
  CHECK(s.clock().at("priority_by") == "supervisor");
  CHECK(s.clock().at("target_ms") == 1'000);
  CHECK(s.stored() == "vip/supervisor");
  // Audited: who, from what, to what.
  REQUIRE(s.desk.events("conversation_priority_changed") == 1);
  CHECK(s.desk.backend.count(
            "SELECT COUNT(*) FROM events WHERE type = 'conversation_priority_changed' AND data = "
            "'{\"priority\":\"vip\",\"from\":\"normal\",\"by\":\"supervisor\",\"staff_id\":" +
            std::to_string(s.boss_party.user.id) + "}'") == 1);
  // The supervisor's list carries it too.
  for (const auto& row : s.desk.centre->supervision_overview(10)) {
    if (row.at("id").as_int64() != s.conversation) continue;
    CHECK(row.at("priority") == "vip");
    CHECK(row.at("sla_target_ms") == 1'000);
  }
}

TEST_CASE("a set priority is kept over a restart, where the desk decides the others again") {
  Scene s("vip");
  REQUIRE(s.clock().at("priority") == "vip");
  s.desk.run(s.boss, SetPriority{"p1", s.conversation, "normal"});
  REQUIRE(s.boss->take("ack").size() == 1);
  CHECK(s.stored() == "normal/supervisor");

  // A new desk on the same store (a restart): the conversation is queued again, its set
  // priority kept although the customer is still VIP.
  s.desk.settle();
  s.desk.centre = std::make_unique<ContactCentre>(*s.desk.store, s.desk.clock,
                                                  [&d = s.desk](std::function<void()> f) {
                                                    std::lock_guard lock(d.mutex);
                                                    d.tasks.push_back(std::move(f));
                                                    d.posted.notify_one();
                                                  });
  DeskObservers observers;
  observers.segment_of = [](std::int64_t) { return std::string("vip"); };
  s.desk.centre->set_observers(observers);
  s.desk.centre->set_sla_clocks(&s.clocks);
  s.desk.centre->load();
  s.desk.settle();
  CHECK(s.clock().at("priority") == "normal");
  CHECK(s.clock().at("priority_by") == "supervisor");
  CHECK(s.clock().at("target_ms") == 20'000);
  CHECK(s.stored() == "normal/supervisor");
}

TEST_CASE("a refused set_priority is typed and changes nothing") {
  Scene s;
  const auto before_events = s.desk.backend.count("SELECT COUNT(*) FROM events");
  const auto before_row = s.stored();
  auto unchanged = [&] {
    CHECK(s.desk.backend.count("SELECT COUNT(*) FROM events") == before_events);
    CHECK(s.stored() == before_row);
    CHECK(s.clock().at("priority") == "normal");
    CHECK(s.clock().at("target_ms") == 20'000);
    CHECK(s.agent->take("conversation_priority").empty());
    CHECK(s.boss->take("conversation_priority").empty());
    CHECK(s.customer->frames.empty());
  };

  SECTION("an agent may not") {
    s.desk.run(s.agent, SetPriority{"p1", s.conversation, "vip"});
    CHECK(error_code(*s.agent) == "forbidden");
    unchanged();
  }
  SECTION("an unknown priority") {
    for (const char* bad : {"high", "", "VIP", "vip "}) {
      s.desk.run(s.boss, SetPriority{"p2", s.conversation, bad});
      CHECK(error_code(*s.boss) == "unknown_priority");
    }
    unchanged();
  }
  SECTION("a conversation that is not open") {
    s.desk.run(s.boss, SetPriority{"p3", s.conversation + 100, "vip"});
    CHECK(error_code(*s.boss) == "not_found");
    unchanged();
  }
  SECTION("a resolved conversation") {
    s.desk.run(s.agent, Resolve{"r1", s.conversation});
    s.agent->frames.clear();
    s.customer->frames.clear();
    const auto resolved_events = s.desk.backend.count("SELECT COUNT(*) FROM events");
    s.desk.run(s.boss, SetPriority{"p4", s.conversation, "vip"});
    CHECK(error_code(*s.boss) == "conflict");
    CHECK(s.desk.backend.count("SELECT COUNT(*) FROM events") == resolved_events);
    CHECK(s.desk.events("conversation_priority_changed") == 0);
    CHECK(s.stored() == before_row);
  }
}

TEST_CASE("a rule sets a priority as a supervisor would, the event naming the rule") {
  Scene s;
  CHECK(s.desk.centre->prioritise_by_rule(s.conversation, "at_risk", 12));
  s.desk.settle();
  CHECK(s.clock().at("priority") == "at_risk");
  CHECK(s.clock().at("priority_by") == "rule");
  CHECK(s.stored() == "at_risk/rule");
  CHECK(s.agent->take("conversation_priority").size() == 1);
  CHECK(s.desk.backend.count(
            "SELECT COUNT(*) FROM events WHERE type = 'conversation_priority_changed' AND data = "
            "'{\"priority\":\"at_risk\",\"from\":\"normal\",\"by\":\"rule\",\"rule_id\":12}'") ==
        1);
  // An unknown priority or conversation changes nothing.
  CHECK_FALSE(s.desk.centre->prioritise_by_rule(s.conversation, "urgent", 12));
  CHECK_FALSE(s.desk.centre->prioritise_by_rule(s.conversation + 100, "vip", 12));
  s.desk.settle();
  CHECK(s.desk.events("conversation_priority_changed") == 1);
  CHECK(s.stored() == "at_risk/rule");
}
