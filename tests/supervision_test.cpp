#include <boost/json.hpp>
#include <catch2/catch.hpp>

#include "server/domain/command_decoder.hpp"
#include "server/domain/contact_centre.hpp"
#include "tests/support/desk_fixture.hpp"

// Monitor, whisper and take over driven on the desk directly, without sockets: a real
// SqliteStore in a temporary folder, a clock moved by hand, participants that record frames.

using namespace kefu;
namespace json = boost::json;

namespace {

using kefu::testing::Desk;
using kefu::testing::Recorder;

// An agent with room for one chat, a supervisor, and a customer whose chat the agent has.
struct Scene {
  Desk desk;
  std::shared_ptr<Recorder> agent = std::make_shared<Recorder>();
  std::shared_ptr<Recorder> boss = std::make_shared<Recorder>();
  std::shared_ptr<Recorder> customer = std::make_shared<Recorder>();
  StaffParty agent_party = desk.staff("ann", store::Role::agent, 1);
  StaffParty boss_party = desk.staff("sam", store::Role::supervisor);
  std::int64_t conversation = 0;

  Scene() {
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
};

std::string error_code(Recorder& r) {
  auto errors = r.take("error");
  REQUIRE(errors.size() == 1);
  return std::string(errors[0].at("code").as_string());
}

}  // namespace

TEST_CASE("the decoder reads monitor, unmonitor, whisper and take_over from staff only") {
  auto staff = [](std::string_view frame) { return decode_command(frame, SenderRole::staff); };
  auto m = staff(R"({"type":"monitor","client_id":"m1","conversation_id":42})");
  REQUIRE(std::holds_alternative<Command>(m));
  CHECK(std::get<Monitor>(std::get<Command>(m)).active);
  auto u = staff(R"({"type":"unmonitor","client_id":"m2","conversation_id":42})");
  CHECK_FALSE(std::get<Monitor>(std::get<Command>(u)).active);
  auto w =
      staff(R"({"type":"whisper","client_id":"w1","conversation_id":42,"text":"offer a refund"})");
  CHECK(std::get<Whisper>(std::get<Command>(w)).text == "offer a refund");
  auto t = staff(R"({"type":"take_over","client_id":"t1","conversation_id":42})");
  CHECK(std::get<TakeOver>(std::get<Command>(t)).conversation_id == 42);

  auto code = [](const std::variant<Command, CommandError>& d) {
    return std::get<CommandError>(d).code;
  };
  CHECK(code(decode_command(R"({"type":"whisper","client_id":"w","conversation_id":42,"text":"x"})",
                            SenderRole::customer)) == "unknown_type");
  CHECK(code(staff(R"({"type":"whisper","client_id":"w","conversation_id":42,"text":"  "})")) ==
        "bad_field");
  CHECK(code(staff(R"({"type":"whisper","client_id":"w","conversation_id":42})")) == "bad_field");
  CHECK(code(staff(R"({"type":"monitor","client_id":"m","conversation_id":"42"})")) == "bad_field");
  CHECK(code(staff(R"({"type":"take_over","conversation_id":42})")) == "bad_field");
  const std::string long_text(4001, 'a');
  auto too_long = staff(R"({"type":"whisper","client_id":"w9","conversation_id":1,"text":")" +
                        long_text + "\"}");
  CHECK(code(too_long) == "too_long");
  CHECK(std::get<CommandError>(too_long).ref == "w9");
}

TEST_CASE("a supervisor monitors a conversation without the customer knowing") {
  Scene s;
  s.desk.run(s.boss, Monitor{"m1", s.conversation, true});
  CHECK(s.boss->take("ack").at(0).at("ref").as_string() == "m1");
  auto opened = s.boss->take("conversation");
  REQUIRE(opened.size() == 1);
  CHECK(opened[0].at("conversation").at("agent").at("name").as_string() == "ann");
  CHECK(s.customer->frames.empty());
  CHECK(s.agent->frames.empty());
  CHECK(s.desk.events("monitor_started") == 1);

  // The history by sync, then live messages both ways.
  s.desk.run(s.boss, Sync{s.conversation, 0});
  CHECK(s.boss->take("message").at(0).at("text").as_string() == "where is my parcel?");
  s.desk.run(s.customer, SendMessage{"c2", s.conversation, "hello?"});
  s.desk.run(s.agent, SendMessage{"a1", s.conversation, "on its way"});
  auto live = s.boss->take("message");
  REQUIRE(live.size() == 2);
  CHECK(live[1].at("author").at("kind").as_string() == "agent");

  // Unmonitor stops the feed.
  s.desk.run(s.boss, Monitor{"m2", s.conversation, false});
  CHECK(s.boss->take("ack").size() == 1);
  s.desk.run(s.customer, SendMessage{"c3", s.conversation, "thanks"});
  CHECK(s.boss->take("message").empty());
}

TEST_CASE("a whisper reaches the agent, marked as one, and never the customer") {
  Scene s;
  s.desk.run(s.boss, Monitor{"m1", s.conversation, true});
  auto second_boss = std::make_shared<Recorder>();
  s.desk.centre->connect_staff(second_boss, s.boss_party);
  s.desk.settle();
  s.desk.run(second_boss, Monitor{"m1b", s.conversation, true});
  s.boss->frames.clear();
  second_boss->frames.clear();

  s.desk.run(s.boss, Whisper{"w1", s.conversation, "offer free shipping"});
  CHECK(s.boss->take("ack").at(0).at("ref").as_string() == "w1");
  auto heard = s.agent->take("whisper");
  REQUIRE(heard.size() == 1);
  CHECK(heard[0].at("text").as_string() == "offer free shipping");
  CHECK(heard[0].at("author").at("kind").as_string() == "supervisor");
  CHECK(heard[0].at("conversation_id").as_int64() == s.conversation);
  CHECK(second_boss->take("whisper").size() == 1);  // the other tab watching sees it too
  CHECK(s.customer->frames.empty());
  CHECK(s.agent->take("message").empty());
  CHECK(s.desk.events("whisper_sent") == 1);
  // The whisper is not a message: the customer's history has only their own message.
  s.desk.run(s.customer, Sync{s.conversation, 0});
  CHECK(s.customer->take("message").size() == 1);
}

TEST_CASE("a supervisor takes a conversation over, the agent is told and the customer goes on") {
  Scene s;
  s.desk.run(s.boss, TakeOver{"t1", s.conversation});
  CHECK(s.boss->take("ack").at(0).at("ref").as_string() == "t1");
  auto mine = s.boss->take("conversation");
  REQUIRE(mine.size() == 1);
  CHECK(mine[0].at("conversation").at("agent").at("id").as_int64() == s.boss_party.user.id);
  auto told = s.agent->take("taken_over");
  REQUIRE(told.size() == 1);
  CHECK(told[0].at("by").at("name").as_string() == "sam");
  CHECK(s.agent->take("conversation").at(0).at("conversation").at("agent").at("id").as_int64() ==
        s.boss_party.user.id);
  CHECK(s.desk.events("conversation_transferred") == 1);
  CHECK(s.desk.events("conversation_assigned") == 2);

  // The supervisor writes and resolves; the agent no longer can.
  s.desk.run(s.boss, SendMessage{"b1", s.conversation, "I will sort this out."});
  CHECK(s.customer->take("message").at(0).at("text").as_string() == "I will sort this out.");
  s.desk.run(s.agent, SendMessage{"a1", s.conversation, "me too"});
  CHECK(error_code(*s.agent) == "not_found");
  s.desk.run(s.boss, Resolve{"r1", s.conversation});
  CHECK(s.boss->take("ack").size() == 2);
  CHECK(s.desk.events("conversation_resolved") == 1);

  // The agent's only slot was freed by the take-over: the next chat goes to them.
  auto next = std::make_shared<Recorder>();
  s.desk.centre->connect_customer(next, s.desk.customer("two"));
  s.desk.settle();
  s.desk.run(next, SendMessage{"n1", std::nullopt, "hi"});
  auto assigned = s.agent->take("conversation");
  REQUIRE(assigned.size() == 1);
  CHECK(assigned[0].at("conversation").at("status").as_string() == "assigned");
}

TEST_CASE("agents may not monitor, whisper or take over, and nothing changes") {
  Scene s;
  auto other = std::make_shared<Recorder>();
  s.desk.centre->connect_staff(other, s.desk.staff("ben", store::Role::agent));
  s.desk.settle();
  other->frames.clear();
  s.desk.run(other, Monitor{"m1", s.conversation, true});
  CHECK(error_code(*other) == "forbidden");
  s.desk.run(other, Whisper{"w1", s.conversation, "psst"});
  CHECK(error_code(*other) == "forbidden");
  s.desk.run(other, TakeOver{"t1", s.conversation});
  CHECK(error_code(*other) == "forbidden");
  s.desk.run(s.customer, SendMessage{"c2", s.conversation, "still there?"});
  CHECK(other->take("message").empty());
  CHECK(s.agent->take("whisper").empty());
  CHECK(s.agent->take("taken_over").empty());
  CHECK(s.desk.events("monitor_started") == 0);
  CHECK(s.desk.events("whisper_sent") == 0);
  CHECK(s.desk.events("conversation_transferred") == 0);
}

TEST_CASE("supervision of unknown or unsuitable conversations is refused with a typed error") {
  Scene s;
  s.desk.run(s.boss, Monitor{"m1", 999, true});
  CHECK(error_code(*s.boss) == "not_found");
  s.desk.run(s.boss, Whisper{"w1", 999, "x"});
  CHECK(error_code(*s.boss) == "not_found");
  s.desk.run(s.boss, TakeOver{"t1", 999});
  CHECK(error_code(*s.boss) == "not_found");

  s.desk.run(s.boss, TakeOver{"t2", s.conversation});
  s.boss->frames.clear();
  s.desk.run(s.boss, TakeOver{"t3", s.conversation});
  CHECK(error_code(*s.boss) == "conflict");  // already theirs
  s.desk.run(s.boss, Whisper{"w2", s.conversation, "to myself"});
  CHECK(error_code(*s.boss) == "conflict");
  s.desk.run(s.boss, Resolve{"r1", s.conversation});
  s.boss->frames.clear();
  s.desk.run(s.boss, TakeOver{"t4", s.conversation});
  CHECK(error_code(*s.boss) == "conflict");  // resolved
  CHECK(s.desk.events("conversation_transferred") == 1);
}

TEST_CASE("a supervisor takes a waiting customer straight from the queue") {
  Desk desk;
  auto boss = std::make_shared<Recorder>();
  auto customer = std::make_shared<Recorder>();
  const auto sam = desk.staff("sam", store::Role::supervisor);
  desk.centre->connect_staff(boss, sam);
  desk.centre->connect_customer(customer, desk.customer("cus"));
  desk.settle();
  desk.run(customer, SendMessage{"c1", std::nullopt, "anyone?"});  // no agent online: it waits
  const auto id = customer->take("ack").at(0).at("conversation_id").as_int64();
  desk.clock.now += 30'000;
  auto waiting = desk.centre->supervision_overview(10);
  REQUIRE(waiting.size() == 1);
  CHECK(waiting[0].at("status").as_string() == "queued");
  CHECK(waiting[0].at("sla_risk").as_string() == "breached");  // 30 s > the 20 s chat target

  desk.run(boss, TakeOver{"t1", id});
  CHECK(boss->take("ack").size() == 1);
  auto told = customer->take("conversation");
  REQUIRE_FALSE(told.empty());
  CHECK(told.back().at("conversation").at("status").as_string() == "assigned");
  CHECK(desk.events("conversation_assigned") == 1);
  // Assigned, and the customer's message is unanswered since before the take-over.
  desk.clock.now += 1000;
  auto after = desk.centre->supervision_overview(10);
  REQUIRE(after.size() == 1);
  CHECK(after[0].at("status").as_string() == "assigned");
}

TEST_CASE("the overview lists open conversations by SLA risk, then by the longest wait") {
  Scene s;
  auto overview = s.desk.centre->supervision_overview(10);
  REQUIRE(overview.size() == 1);
  CHECK(overview[0].at("sla_risk").as_string() == "ok");
  CHECK(overview[0].at("sla_target_ms").as_int64() == 20'000);
  const auto since = overview[0].at("waiting_since").as_int64();
  CHECK(overview[0].at("sla_due_at").as_int64() == since + 20'000);

  s.desk.clock.now += 16'000;
  auto later = s.desk.centre->supervision_overview(10);
  CHECK(later[0].at("sla_risk").as_string() == "at_risk");  // three quarters of the target

  s.desk.run(s.agent, SendMessage{"a1", s.conversation, "hello"});
  auto answered = s.desk.centre->supervision_overview(10);
  CHECK(answered[0].at("sla_risk").as_string() == "none");
  CHECK(answered[0].at("waiting_since").is_null());

  auto second = std::make_shared<Recorder>();
  s.desk.centre->connect_customer(second, s.desk.customer("two"));
  s.desk.settle();
  s.desk.run(second, SendMessage{"n1", std::nullopt, "me too"});
  s.desk.clock.now += 25'000;
  auto both = s.desk.centre->supervision_overview(10);
  REQUIRE(both.size() == 2);
  CHECK(both[0].at("sla_risk").as_string() == "breached");
  CHECK(s.desk.centre->supervision_overview(1).size() == 1);
}
