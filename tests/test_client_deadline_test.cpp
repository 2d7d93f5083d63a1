// The test client's upgrade deadline (tests/support/test_client), which the cluster test's
// agents and customers rely on: a node frozen with SIGSTOP still completes TCP connections in
// the kernel and never answers, and a client that waits for it without a deadline never looks
// for the new desk (a SIGSTOP cycle then ends with "no desk routed a new conversation").
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <catch2/catch.hpp>
#include <chrono>

#include "tests/support/test_client.hpp"

using kefu::testing::UpgradeRefused;
using kefu::testing::WsClient;
namespace net = boost::asio;
using Clock = std::chrono::steady_clock;

TEST_CASE("An upgrade with a deadline gives up on a listener that never answers", "[test_client]") {
  // Listening and never accepting: the kernel completes the connection, as for a frozen node.
  net::io_context io;
  net::ip::tcp::acceptor frozen(io, {net::ip::make_address("127.0.0.1"), 0});
  const auto port = frozen.local_endpoint().port();
  const auto start = Clock::now();
  int status = -1;
  std::string body;
  try {
    WsClient ws(port, "/ws/staff", "http://127.0.0.1:" + std::to_string(port), "", "", 300);
  } catch (const UpgradeRefused& refused) {
    status = refused.status;
    body = refused.body;
  }
  const auto waited =
      std::chrono::duration_cast<std::chrono::milliseconds>(Clock::now() - start).count();
  CHECK(status == 0);
  CHECK(body == "no upgrade in time");
  CHECK(waited >= 250);
  CHECK(waited < 3000);
}

TEST_CASE("An upgrade with a deadline to a closed port fails at once", "[test_client]") {
  net::io_context io;
  unsigned short port = 0;
  {
    net::ip::tcp::acceptor gone(io, {net::ip::make_address("127.0.0.1"), 0});
    port = gone.local_endpoint().port();
  }
  const auto start = Clock::now();
  CHECK_THROWS_AS(
      WsClient(port, "/ws/staff", "http://127.0.0.1:" + std::to_string(port), "", "", 5000),
      UpgradeRefused);
  CHECK(Clock::now() - start < std::chrono::seconds(2));
}
