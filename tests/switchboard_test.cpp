#include "server/domain/switchboard.hpp"

#include <boost/json.hpp>
#include <catch2/catch.hpp>
#include <memory>

#include "tests/support/desk_fixture.hpp"

// The desk's register of sockets on its own: each party's sockets stay in step with the
// register, and a frame reaches exactly the sockets it is meant for.

using namespace kefu;
using kefu::testing::Recorder;

namespace {

outbound::Frame hello() {
  return outbound::frame_of(boost::json::object{{"type", "hello"}});
}

DeskConnection customer(const std::shared_ptr<Recorder>& r, std::int64_t id) {
  return DeskConnection{r, false, id, "visitor-" + std::to_string(id), 0, false};
}

DeskConnection staff(const std::shared_ptr<Recorder>& r, std::int64_t id, bool supervises) {
  return DeskConnection{r, true, id, "session", 0, supervises};
}

}  // namespace

TEST_CASE("a customer's frame reaches each of their sockets except the one it came from") {
  Switchboard board;
  auto a = std::make_shared<Recorder>(), b = std::make_shared<Recorder>();
  auto other = std::make_shared<Recorder>(), agent = std::make_shared<Recorder>();
  board.plug(customer(a, 7));
  board.plug(customer(b, 7));
  board.plug(customer(other, 8));
  board.plug(staff(agent, 7, false));  // a user id equal to a customer id is another party

  board.send_to_customer(7, hello(), a.get());
  CHECK(a->take("hello").empty());
  CHECK(b->take("hello").size() == 1);
  CHECK(other->take("hello").empty());
  CHECK(agent->take("hello").empty());

  board.send_to_staff(7, hello());
  CHECK(agent->take("hello").size() == 1);
  CHECK(b->take("hello").empty());
}

TEST_CASE("an unplugged socket leaves its party's list, and unplugging it again changes nothing") {
  Switchboard board;
  auto first = std::make_shared<Recorder>(), second = std::make_shared<Recorder>();
  auto shopper = std::make_shared<Recorder>();
  board.plug(staff(first, 3, false));
  board.plug(staff(second, 3, false));
  board.plug(customer(shopper, 9));
  REQUIRE(board.size() == 3);

  CHECK(board.unplug(first.get()));
  CHECK(board.find(first.get()) == nullptr);
  CHECK(board.staff_sockets(3) == std::vector<const Participant*>{second.get()});
  CHECK_FALSE(board.unplug(first.get()));
  CHECK(board.size() == 2);
  board.send_to_staff(3, hello());
  CHECK(first->take("hello").empty());
  CHECK(second->take("hello").size() == 1);

  CHECK(board.customer_connected(9));
  CHECK(board.unplug(shopper.get()));
  CHECK_FALSE(board.customer_connected(9));
  CHECK(board.customer_sockets(9).empty());
  CHECK(board.size() == 1);
}

TEST_CASE("only supervisors' sockets get the supervisors' frames") {
  Switchboard board;
  auto lead = std::make_shared<Recorder>(), agent = std::make_shared<Recorder>();
  auto shopper = std::make_shared<Recorder>();
  board.plug(staff(lead, 1, true));
  board.plug(staff(agent, 2, false));
  board.plug(customer(shopper, 1));

  board.send_to_supervisors(hello());
  CHECK(lead->take("hello").size() == 1);
  CHECK(agent->take("hello").empty());
  CHECK(shopper->take("hello").empty());
}
