#include <boost/json.hpp>
#include <catch2/catch.hpp>
#include <set>

#include "server/domain/contact_centre.hpp"
#include "tests/support/desk_fixture.hpp"

// The desk's side of the admin console's staff changes (staff_changes.cpp), driven directly.

using namespace kefu;
using kefu::testing::Desk;
using kefu::testing::Recorder;

TEST_CASE("a deactivated agent's chat and ticket go to another agent at once, sockets close",
          "[desk]") {
  Desk desk;
  auto ann = std::make_shared<Recorder>();
  const auto ann_party = desk.agent("ann", 1);
  desk.centre->connect_staff(ann, ann_party);
  auto customer = std::make_shared<Recorder>();
  desk.centre->connect_customer(customer, desk.customer("x"));
  desk.settle();
  const auto chat = desk.said_in(customer, "m1");
  std::int64_t ticket = 0;
  desk.centre->open_ticket(TicketRequest{std::nullopt, "Tina", "Broken zip", "It broke."},
                           [&](TicketResult r) { ticket = r.conversation_id; });
  desk.settle();
  CHECK(ann->take("conversation").size() == 2);
  auto ben = std::make_shared<Recorder>();
  desk.centre->connect_staff(ben, desk.agent("ben", 2));
  desk.settle();
  CHECK(ben->take("conversation").empty());

  desk.centre->retire_staff(ann_party.user.id);
  desk.settle();
  CHECK(ann->closed == CloseCause::session_ended);
  std::set<std::int64_t> moved;
  for (const auto& f : ben->take("conversation")) {
    if (f.at("conversation").at("status") == "assigned") {
      moved.insert(f.at("conversation").at("id").as_int64());
    }
  }
  CHECK(moved == std::set<std::int64_t>{chat, ticket});
  CHECK(desk.centre->open_conversation(chat)->agent_id != ann_party.user.id);
  CHECK(desk.centre->open_conversation(ticket)->agent_id != ann_party.user.id);
}

TEST_CASE("a raised capacity takes a waiting chat on the next decision", "[desk]") {
  Desk desk;
  auto ann = std::make_shared<Recorder>();
  auto party = desk.agent("ann", 1);
  desk.centre->connect_staff(ann, party);
  auto c1 = std::make_shared<Recorder>(), c2 = std::make_shared<Recorder>();
  desk.centre->connect_customer(c1, desk.customer("x"));
  desk.centre->connect_customer(c2, desk.customer("y"));
  desk.settle();
  desk.say(c1, "m1");
  const auto waiting = desk.said_in(c2, "m2");
  CHECK(ann->take("conversation").size() == 1);
  CHECK(desk.centre->open_conversation(waiting)->status == "queued");

  party.user.chat_capacity = 2;
  desk.centre->update_staff(party.user);
  desk.settle();
  CHECK(desk.centre->open_conversation(waiting)->status == "assigned");
  CHECK(desk.centre->open_conversation(waiting)->agent_id == party.user.id);
  CHECK(ann->closed == std::nullopt);
}
