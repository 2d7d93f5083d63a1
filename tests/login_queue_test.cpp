#include "server/auth/login_queue.hpp"

#include <catch2/catch.hpp>
#include <deque>
#include <functional>
#include <string>
#include <vector>

using kefu::auth::LoginQueue;
using Admission = LoginQueue::Admission;

namespace {

// The auth pool played by hand: runs are kept until the test lets them go, one at a time.
struct ManualPool {
  std::deque<std::function<void()>> runs;
  std::function<void(std::function<void()>)> handle() {
    return [this](std::function<void()> f) { runs.push_back(std::move(f)); };
  }
  void run_one() {
    auto f = std::move(runs.front());
    runs.pop_front();
    f();
  }
};

}  // namespace

TEST_CASE(
    "an address over its share is refused with address_busy, the server over its total "
    "with server_busy, and finished checks make room",
    "[auth][limits]") {
  ManualPool pool;
  LoginQueue queue(2, 3, pool.handle());
  std::vector<std::string> ran;
  auto check = [&](std::string name) { return [&ran, name] { ran.push_back(name); }; };
  CHECK(queue.submit("10.0.0.1", check("a1")) == Admission::admitted);
  CHECK(queue.submit("10.0.0.1", check("a2")) == Admission::admitted);
  CHECK(queue.submit("10.0.0.1", check("a3")) == Admission::address_busy);
  CHECK(queue.submit("10.0.0.2", check("b1")) == Admission::admitted);
  CHECK(queue.submit("10.0.0.3", check("c1")) == Admission::server_busy);
  CHECK(queue.size() == 3);
  CHECK(ran.empty());
  pool.run_one();
  CHECK(queue.size() == 2);
  CHECK(queue.submit("10.0.0.3", check("c1")) == Admission::admitted);
  while (!pool.runs.empty()) pool.run_one();
  CHECK(queue.size() == 0);
  CHECK(ran.size() == 4);
  // Refused checks never ran.
  CHECK(std::count(ran.begin(), ran.end(), "a3") == 0);
}

TEST_CASE(
    "checks are taken in turn from each address, so a flood does not hold up another "
    "address",
    "[auth][limits]") {
  ManualPool pool;
  LoginQueue queue(100, 100, pool.handle());
  std::vector<std::string> ran;
  for (int i = 0; i < 50; ++i) {
    REQUIRE(queue.submit("10.0.0.66", [&ran] { ran.push_back("flood"); }) == Admission::admitted);
  }
  pool.run_one();
  REQUIRE(queue.submit("10.0.0.7", [&ran] { ran.push_back("staff"); }) == Admission::admitted);
  pool.run_one();
  pool.run_one();
  // The staff member's check ran second after they came, not 51st.
  REQUIRE(ran.size() == 3);
  CHECK(ran[2] == "staff");
  while (!pool.runs.empty()) pool.run_one();
  CHECK(ran.size() == 51);
}
