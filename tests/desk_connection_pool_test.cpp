// A standby's kept-alive connections to the desk (server/net/desk_connection_pool.hpp) on real
// loopback sockets, without a server: each is handed out once and on the taker's strand, never
// one the desk closed, never one kept for another desk, and no more than the bound are kept.
#include "server/net/desk_connection_pool.hpp"

#include <boost/asio/connect.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/read.hpp>
#include <boost/asio/strand.hpp>
#include <boost/asio/write.hpp>
#include <catch2/catch.hpp>
#include <chrono>
#include <memory>
#include <string>
#include <thread>
#include <vector>

namespace net = boost::asio;
using kefu::net::DeskConnectionPool;
using net::ip::tcp;

namespace {

// A desk played by the test: a listening socket whose accepted connections the test holds.
struct PlayedDesk {
  net::io_context io;
  tcp::acceptor acceptor{io, {net::ip::make_address("127.0.0.1"), 0}};

  // A connection to the desk made on `executor`, and the desk's end of it.
  std::pair<tcp::socket, tcp::socket> connect(const net::any_io_executor& executor) {
    tcp::socket relay_side(executor);
    relay_side.connect(acceptor.local_endpoint());
    tcp::socket desk_side = acceptor.accept();
    return {std::move(relay_side), std::move(desk_side)};
  }
};

}  // namespace

TEST_CASE("a kept desk connection is handed out once, on the taking relay's strand",
          "[relay][pool]") {
  PlayedDesk desk;
  auto pool = std::make_shared<DeskConnectionPool>(desk.io.get_executor());
  const net::any_io_executor opener = net::make_strand(desk.io);
  const net::any_io_executor taker = net::make_strand(desk.io);
  REQUIRE(opener != taker);
  auto [relay_side, desk_side] = desk.connect(opener);
  pool->give_back("127.0.0.1:1 epoch 1", std::move(relay_side));
  CHECK(pool->idle() == 1);

  auto taken = pool->take("127.0.0.1:1 epoch 1", taker);
  REQUIRE(taken);
  CHECK(taken->get_executor() == taker);
  CHECK(pool->idle() == 0);
  CHECK_FALSE(pool->take("127.0.0.1:1 epoch 1", taker));
  // Still the same connection to the desk: bytes written on it reach the desk's end.
  net::write(*taken, net::buffer(std::string("GET / HTTP/1.1\r\n")));
  std::string got(16, '\0');
  net::read(desk_side, net::buffer(got));
  CHECK(got == "GET / HTTP/1.1\r\n");
}

TEST_CASE("a desk connection the desk closed, or kept for another desk, is never handed out",
          "[relay][pool]") {
  PlayedDesk desk;
  auto pool = std::make_shared<DeskConnectionPool>(desk.io.get_executor());
  const net::any_io_executor executor = desk.io.get_executor();

  auto [closed_relay_side, closed_desk_side] = desk.connect(executor);
  pool->give_back("desk epoch 1", std::move(closed_relay_side));
  closed_desk_side.close();
  std::this_thread::sleep_for(std::chrono::milliseconds(50));  // the FIN arrives
  CHECK_FALSE(pool->take("desk epoch 1", executor));
  CHECK(pool->idle() == 0);

  // One that sent something unasked (nothing an idle kept-alive connection may do) is not used.
  auto [chatty_relay_side, chatty_desk_side] = desk.connect(executor);
  pool->give_back("desk epoch 1", std::move(chatty_relay_side));
  net::write(chatty_desk_side, net::buffer(std::string("HTTP/1.1 408 Request Timeout\r\n\r\n")));
  std::this_thread::sleep_for(std::chrono::milliseconds(50));
  CHECK_FALSE(pool->take("desk epoch 1", executor));

  // The lease names a new epoch: what was kept for the old one is dropped, not handed out.
  auto [relay_side, desk_side] = desk.connect(executor);
  pool->give_back("desk epoch 1", std::move(relay_side));
  CHECK_FALSE(pool->take("desk epoch 2", executor));
  CHECK(pool->idle() == 0);
  CHECK_FALSE(pool->take("desk epoch 1", executor));
}

TEST_CASE("at most the bound of idle desk connections are kept", "[relay][pool]") {
  PlayedDesk desk;
  auto pool = std::make_shared<DeskConnectionPool>(desk.io.get_executor(), 2);
  std::vector<tcp::socket> desk_sides;
  for (int i = 0; i < 3; ++i) {
    auto [relay_side, desk_side] = desk.connect(desk.io.get_executor());
    pool->give_back("desk epoch 1", std::move(relay_side));
    desk_sides.push_back(std::move(desk_side));
  }
  CHECK(pool->idle() == 2);
  // The one beyond the bound was closed: the desk reads its end (without waiting on a
  // connection left open).
  std::this_thread::sleep_for(std::chrono::milliseconds(50));
  char byte = 0;
  boost::system::error_code ec;
  desk_sides[2].non_blocking(true);
  desk_sides[2].read_some(net::buffer(&byte, 1), ec);
  CHECK(ec == net::error::eof);
  desk_sides[1].non_blocking(true);
  desk_sides[1].read_some(net::buffer(&byte, 1), ec);
  CHECK(ec == net::error::would_block);  // a kept one stays open
  pool->drop_all();
  CHECK(pool->idle() == 0);
}
