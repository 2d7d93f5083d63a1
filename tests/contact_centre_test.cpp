#include "server/domain/contact_centre.hpp"

#include <boost/json.hpp>
#include <catch2/catch.hpp>

#include "tests/support/desk_fixture.hpp"

// The desk driven directly, without sockets: a real SqliteStore in a temporary folder, a clock
// moved by hand, and participants that record what they are sent.

using namespace kefu;
namespace json = boost::json;

using kefu::testing::Desk;
using kefu::testing::Recorder;

TEST_CASE("a customer's first message opens a chat that goes to the least loaded agent") {
  Desk desk;
  auto a1 = std::make_shared<Recorder>(), a2 = std::make_shared<Recorder>();
  desk.centre->connect_staff(a1, desk.agent("ann"));
  desk.centre->connect_staff(a2, desk.agent("ben"));
  auto c1 = std::make_shared<Recorder>(), c2 = std::make_shared<Recorder>();
  desk.centre->connect_customer(c1, desk.customer("x"));
  desk.centre->connect_customer(c2, desk.customer("y"));
  desk.settle();
  desk.say(c1, "m1");
  desk.say(c2, "m2");
  auto first = a1->take("conversation").size() + a2->take("conversation").size();
  CHECK(first == 2);  // one each: least load, not both to the same agent
  CHECK(c1->take("ack").at(0).at("seq").as_int64() == 1);
}

TEST_CASE("nothing is acknowledged or delivered before the store has committed") {
  Desk desk;
  auto agent = std::make_shared<Recorder>();
  desk.centre->connect_staff(agent, desk.agent("ann"));
  auto c = std::make_shared<Recorder>();
  desk.centre->connect_customer(c, desk.customer("x"));
  desk.settle();
  desk.centre->handle(c, SendMessage{"m1", std::nullopt, "hello"});
  CHECK(c->take("ack").empty());  // not yet: the completion has not run on the desk
  desk.settle();
  CHECK(c->take("ack").size() == 1);
}

TEST_CASE("a full agent gets nothing more, the customer waits with a position and estimate") {
  Desk desk;
  auto agent = std::make_shared<Recorder>();
  desk.centre->connect_staff(agent, desk.agent("ann", 1));
  desk.settle();
  std::vector<std::shared_ptr<Recorder>> customers;
  for (int i = 0; i < 3; ++i) {
    customers.push_back(std::make_shared<Recorder>());
    desk.centre->connect_customer(customers.back(), desk.customer("c" + std::to_string(i)));
    desk.say(customers.back(), "m" + std::to_string(i));
  }
  CHECK(agent->take("conversation").size() == 1);
  auto waiting = customers[2]->take("queue");
  REQUIRE_FALSE(waiting.empty());
  CHECK(waiting.back().at("position").as_int64() == 2);
  CHECK(waiting.back().at("estimated_wait_seconds").as_int64() > 0);
  // Resolving the first frees the agent: the next in line is assigned, the last moves up.
  const auto id = customers[0]->take("ack").at(0).at("conversation_id").as_int64();
  desk.centre->handle(agent, Resolve{"r1", id});
  desk.settle();
  CHECK(agent->take("conversation").size() == 2);  // resolved one, and the new assignment
  CHECK(customers[1]->take("queue").back().at("position").as_int64() == 0);
  CHECK(customers[2]->take("queue").back().at("position").as_int64() == 1);
}

TEST_CASE("an agent gone longer than the grace period loses their chats to the queue head") {
  DeskSettings settings;
  settings.agent_grace_ms = 30'000;
  Desk desk(settings);
  auto ann = std::make_shared<Recorder>();
  auto ann_party = desk.agent("ann", 1);
  desk.centre->connect_staff(ann, ann_party);
  auto c = std::make_shared<Recorder>();
  desk.centre->connect_customer(c, desk.customer("x"));
  desk.say(c, "m1");
  REQUIRE(ann->take("conversation").size() == 1);

  SECTION("back within the grace period: the chat stays") {
    desk.centre->disconnect(ann.get());
    desk.clock.now += 20'000;
    desk.centre->tick();
    auto again = std::make_shared<Recorder>();
    desk.centre->connect_staff(again, ann_party);
    desk.settle();
    auto welcome = again->take("welcome");
    CHECK(welcome.at(0).at("conversations").as_array().size() == 1);
    desk.clock.now += 60'000;
    desk.centre->tick();
    desk.settle();
    CHECK(again->take("conversation").empty());
  }
  SECTION("after the grace period: requeued, then given to the next agent") {
    desk.centre->disconnect(ann.get());
    desk.clock.now += 31'000;
    desk.centre->tick();
    desk.settle();
    auto ben = std::make_shared<Recorder>();
    desk.centre->connect_staff(ben, desk.agent("ben"));
    desk.settle();
    auto got = ben->take("conversation");
    REQUIRE(got.size() == 1);
    CHECK(got[0].at("conversation").at("status").as_string() == "assigned");
  }
}

TEST_CASE("a customer who leaves the queue is abandoned after the grace period") {
  DeskSettings settings;
  settings.abandon_grace_ms = 10'000;
  Desk desk(settings);
  auto c = std::make_shared<Recorder>();
  desk.centre->connect_customer(c, desk.customer("x"));
  desk.say(c, "m1");
  CHECK(desk.centre->figures().waiting == 1);
  desk.centre->disconnect(c.get());
  desk.clock.now += 5'000;
  desk.centre->tick();
  CHECK(desk.centre->figures().waiting == 1);
  desk.clock.now += 6'000;
  desk.centre->tick();
  desk.settle();
  CHECK(desk.centre->figures().waiting == 0);
}

TEST_CASE("a resolved chat reopens within the window and a new one starts after it") {
  DeskSettings settings;
  settings.reopen_window_ms = 60'000;
  Desk desk(settings);
  auto agent = std::make_shared<Recorder>();
  desk.centre->connect_staff(agent, desk.agent("ann"));
  auto c = std::make_shared<Recorder>();
  desk.centre->connect_customer(c, desk.customer("x"));
  const auto id = desk.said_in(c, "m1");
  desk.centre->handle(agent, Resolve{"r1", id});
  desk.settle();
  desk.clock.now += 30'000;
  CHECK(desk.said_in(c, "m2") == id);
  desk.centre->handle(agent, Resolve{"r2", id});
  desk.settle();
  desk.clock.now += 61'000;
  desk.centre->tick();
  desk.settle();
  CHECK(desk.said_in(c, "m3") != id);
}

TEST_CASE("a message without a conversation goes to the customer's newest open chat") {
  DeskSettings settings;
  settings.reopen_window_ms = 60'000;
  Desk desk(settings);
  auto agent = std::make_shared<Recorder>();
  desk.centre->connect_staff(agent, desk.agent("ann"));
  auto c = std::make_shared<Recorder>();
  desk.centre->connect_customer(c, desk.customer("x"));
  auto other = std::make_shared<Recorder>();
  desk.centre->connect_customer(other, desk.customer("y"));
  const auto others = desk.said_in(other, "o1");
  const auto first = desk.said_in(c, "m1");
  desk.centre->handle(agent, Resolve{"r1", first});
  desk.settle();
  // Past the reopen window but before tick() closes it, the old chat is still open: the next
  // message starts a new chat, and later ones go to that newer chat, not back to the old one.
  desk.clock.now += 61'000;
  const auto second = desk.said_in(c, "m2");
  CHECK(second != first);
  CHECK(second != others);
  CHECK(desk.said_in(c, "m3") == second);
  desk.centre->tick();
  desk.settle();
  CHECK(desk.said_in(c, "m4") == second);
  CHECK(desk.said_in(other, "o2") == others);
}

TEST_CASE("resolving twice is a conflict and changes nothing") {
  Desk desk;
  auto agent = std::make_shared<Recorder>();
  desk.centre->connect_staff(agent, desk.agent("ann"));
  auto c = std::make_shared<Recorder>();
  desk.centre->connect_customer(c, desk.customer("x"));
  const auto id = desk.said_in(c, "m1");
  desk.centre->handle(agent, Resolve{"r1", id});
  desk.settle();
  desk.centre->handle(agent, Resolve{"r2", id});
  desk.settle();
  auto errors = agent->take("error");
  REQUIRE(errors.size() == 1);
  CHECK(errors[0].at("code").as_string() == "conflict");
  desk.centre->handle(agent, SendMessage{"late", id, "hello?"});
  desk.settle();
  CHECK(agent->take("error").at(0).at("code").as_string() == "conflict");
}

TEST_CASE("logout closes every socket of that session only") {
  Desk desk;
  auto party = desk.agent("ann");
  auto tab1 = std::make_shared<Recorder>(), tab2 = std::make_shared<Recorder>();
  desk.centre->connect_staff(tab1, party);
  desk.centre->connect_staff(tab2, party);
  auto other = std::make_shared<Recorder>();
  desk.centre->connect_staff(other, desk.agent("ben"));
  desk.centre->end_staff_session(party.session_hash);
  CHECK(tab1->closed == CloseCause::session_ended);
  CHECK(tab2->closed == CloseCause::session_ended);
  CHECK_FALSE(other->closed.has_value());
}

TEST_CASE("after a restart each agent's chats wait for them, not for whoever connects first") {
  DeskSettings settings;
  settings.agent_grace_ms = 30'000;
  Desk desk(settings);
  auto ann_party = desk.agent("ann", 2), ben_party = desk.agent("ben", 2);
  auto ann = std::make_shared<Recorder>(), ben = std::make_shared<Recorder>();
  desk.centre->connect_staff(ann, ann_party);
  desk.centre->connect_staff(ben, ben_party);
  auto x = std::make_shared<Recorder>(), y = std::make_shared<Recorder>();
  desk.centre->connect_customer(x, desk.customer("x"));
  desk.centre->connect_customer(y, desk.customer("y"));
  desk.settle();
  desk.say(x, "m1");
  desk.say(y, "m2");
  // Who holds which chat, from the store.
  auto holders = [&] {
    std::map<std::int64_t, std::int64_t> agent_of;
    for (const auto& r : desk.store->load_open_conversations()) {
      agent_of[r.id] = r.status == "assigned" && r.agent_id ? *r.agent_id : 0;
    }
    return agent_of;
  };
  const auto before = holders();
  REQUIRE(before.size() == 2);
  std::int64_t bens = 0;
  for (const auto& [id, agent] : before) {
    if (agent == ben_party.user.id) bens = id;
  }
  REQUIRE(bens != 0);  // one each (least load)

  // A new desk on the same store (a failover): nobody is connected; ann comes back first, with
  // room for both chats.
  desk.settle();
  desk.centre = std::make_unique<ContactCentre>(
      *desk.store, desk.clock,
      [&desk](std::function<void()> f) {
        std::lock_guard lock(desk.mutex);
        desk.tasks.push_back(std::move(f));
        desk.posted.notify_one();
      },
      settings);
  desk.centre->load();
  desk.settle();
  auto ann_again = std::make_shared<Recorder>();
  desk.centre->connect_staff(ann_again, ann_party);
  desk.settle();
  // Ben's chat waits for ben (the store still names him: nothing was assigned again).
  CHECK(holders() == before);
  auto given = [](Recorder& r, std::int64_t conversation) {
    for (const auto& f : r.take("conversation")) {
      const auto& c = f.at("conversation").as_object();
      if (c.at("id").as_int64() == conversation && c.at("status") == "assigned") return true;
    }
    return false;
  };
  CHECK_FALSE(given(*ann_again, bens));

  SECTION("ben back within the grace period gets his chat again") {
    desk.clock.now += 20'000;
    desk.centre->tick();
    desk.settle();
    CHECK(holders() == before);
    auto ben_again = std::make_shared<Recorder>();
    desk.centre->connect_staff(ben_again, ben_party);
    desk.settle();
    CHECK(given(*ben_again, bens));
    CHECK(holders() == before);
  }
  SECTION("ben not back within the grace period: his chat goes to ann") {
    desk.clock.now += 31'000;
    desk.centre->tick();
    desk.settle();
    CHECK(holders().at(bens) == ann_party.user.id);
  }
}
