#include <catch2/catch.hpp>

#include "server/admin/queue_definition.hpp"
#include "server/domain/contact_centre.hpp"
#include "tests/support/desk_fixture.hpp"

// The desk with the admin's queues (queue_changes.cpp): new chats wait in the configured queue,
// only agents of its team with its skill are offered them, edits count on the next decision,
// and retiring a queue moves its waiting chats at once.

using namespace kefu;
using kefu::testing::Desk;
using kefu::testing::Recorder;

namespace {

admin::QueueDefinition refunds_queue() {
  admin::QueueDefinition q;
  q.name = "refunds";
  q.team = "care";
  q.skill = "returns";
  q.min_level = 3;
  return q;
}

StaffParty skilled(Desk& desk, const std::string& login, int level) {
  auto party = desk.agent(login);
  party.user.teams = {"care"};
  party.user.skills = {{"returns", level}};
  return party;
}

}  // namespace

TEST_CASE("a chat lands in the configured queue and an agent without its skill is not offered it") {
  Desk desk;
  desk.centre->configure_queue(admin::queue_config(refunds_queue()));
  auto novice = std::make_shared<Recorder>();
  const auto novice_party = skilled(desk, "nina", 2);  // in the team, level 2 < 3
  desk.centre->connect_staff(novice, novice_party);
  auto outsider = std::make_shared<Recorder>();
  auto outsider_party = desk.agent("otto");  // the skill, but not in the team
  outsider_party.user.skills = {{"returns", 5}};
  desk.centre->connect_staff(outsider, outsider_party);
  auto customer = std::make_shared<Recorder>();
  desk.centre->connect_customer(customer, desk.customer("x"));
  desk.settle();

  const auto chat = desk.said_in(customer, "m1");
  CHECK(desk.centre->open_conversation(chat)->queue == "refunds");
  CHECK(desk.centre->open_conversation(chat)->status == "queued");
  CHECK(novice->take("conversation").empty());
  CHECK(outsider->take("conversation").empty());

  auto expert = std::make_shared<Recorder>();
  const auto expert_party = skilled(desk, "erin", 4);
  desk.centre->connect_staff(expert, expert_party);
  desk.settle();
  CHECK(desk.centre->open_conversation(chat)->status == "assigned");
  CHECK(desk.centre->open_conversation(chat)->agent_id == expert_party.user.id);
  CHECK(desk.centre->open_conversation(chat)->queue == "refunds");
}

TEST_CASE("an edited queue serves its waiting chat on the next decision, a retired one moves it") {
  Desk desk;
  auto queue = refunds_queue();
  desk.centre->configure_queue(admin::queue_config(queue));
  auto novice = std::make_shared<Recorder>();
  const auto novice_party = skilled(desk, "nina", 2);
  desk.centre->connect_staff(novice, novice_party);
  auto c1 = std::make_shared<Recorder>(), c2 = std::make_shared<Recorder>();
  desk.centre->connect_customer(c1, desk.customer("x"));
  desk.centre->connect_customer(c2, desk.customer("y"));
  desk.settle();
  const auto first = desk.said_in(c1, "m1");
  CHECK(desk.centre->open_conversation(first)->status == "queued");

  queue.min_level = 2;
  desk.centre->configure_queue(admin::queue_config(queue));
  desk.settle();
  CHECK(desk.centre->open_conversation(first)->agent_id == novice_party.user.id);

  queue.min_level = 5;  // nobody qualifies again: the next chat waits
  desk.centre->configure_queue(admin::queue_config(queue));
  const auto second = desk.said_in(c2, "m2");
  CHECK(desk.centre->open_conversation(second)->status == "queued");

  const auto moved = desk.centre->retire_queue("refunds", "general");
  desk.settle();
  CHECK(moved == std::vector<std::int64_t>{second});
  CHECK(desk.centre->open_conversation(second)->queue == "general");
  CHECK(desk.centre->open_conversation(second)->agent_id == novice_party.user.id);
  CHECK(desk.events("conversation_queued") >= 3);
  // New chats go to the built-in queue again.
  auto c3 = std::make_shared<Recorder>();
  desk.centre->connect_customer(c3, desk.customer("z"));
  desk.settle();
  const auto third = desk.said_in(c3, "m3");
  CHECK(desk.centre->open_conversation(third)->queue == "general");
}
