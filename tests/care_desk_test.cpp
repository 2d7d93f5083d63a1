// The desk's part of a rule's resolve_conversation action (ContactCentre::resolve_by_rule).
#include <boost/json.hpp>
#include <catch2/catch.hpp>

#include "server/domain/contact_centre.hpp"
#include "tests/support/desk_fixture.hpp"

using namespace kefu;
using namespace kefu::testing;

TEST_CASE("a rule resolves an assigned conversation as an agent would and names itself") {
  Desk desk;
  auto agent = std::make_shared<Recorder>();
  desk.centre->connect_staff(agent, desk.agent("ann", 1));
  auto first = std::make_shared<Recorder>(), second = std::make_shared<Recorder>();
  desk.centre->connect_customer(first, desk.customer("x"));
  desk.centre->connect_customer(second, desk.customer("y"));
  desk.settle();
  const auto id = desk.said_in(first, "m1");
  desk.say(second, "m2");  // waits: Ann takes one chat at a time
  agent->take("conversation");

  CHECK(desk.centre->resolve_by_rule(id, 42));
  desk.settle();
  CHECK(desk.events("conversation_resolved") == 1);
  SQLite::Database db(desk.folder + "/d.db", SQLite::OPEN_READONLY);
  CHECK(db.execAndGet("SELECT data FROM events WHERE type = 'conversation_resolved'").getString() ==
        R"({"by":"rule","rule_id":42})");
  CHECK(db.execAndGet("SELECT status FROM conversations WHERE id = " + std::to_string(id))
            .getString() == "resolved");
  // Ann is free again: the waiting customer is hers now, and she saw the first one resolved.
  auto frames = agent->take("conversation");
  REQUIRE(frames.size() == 2);
  CHECK(frames.at(0).at("conversation").at("status").as_string() == "resolved");

  // Only an assigned conversation: a resolved or unknown one is left alone.
  CHECK_FALSE(desk.centre->resolve_by_rule(id, 42));
  CHECK_FALSE(desk.centre->resolve_by_rule(99999, 42));
  desk.settle();
  CHECK(desk.events("conversation_resolved") == 1);
}
