// DeskMailbox: work handed over from other threads runs on the desk strand, in the order it was
// handed over, including work handed over by the work itself.
#include <boost/asio/io_context.hpp>
#include <boost/asio/strand.hpp>
#include <catch2/catch.hpp>
#include <thread>
#include <vector>

#include "server/net/desk_mailbox.hpp"

TEST_CASE("items from another thread run on the desk strand in the order they came") {
  boost::asio::io_context io;
  auto desk = boost::asio::make_strand(io);
  kefu::net::DeskMailbox mailbox(desk);
  std::vector<int> ran;
  bool on_desk = true;
  std::thread writer([&] {
    for (int i = 0; i < 100; ++i) {
      mailbox.post([&, i] {
        on_desk = on_desk && desk.running_in_this_thread();
        ran.push_back(i);
      });
    }
  });
  writer.join();
  io.run();
  REQUIRE(ran.size() == 100);
  for (int i = 0; i < 100; ++i) CHECK(ran[static_cast<std::size_t>(i)] == i);
  CHECK(on_desk);
}

TEST_CASE("an item that hands over another runs it after the ones already waiting") {
  boost::asio::io_context io;
  auto desk = boost::asio::make_strand(io);
  kefu::net::DeskMailbox mailbox(desk);
  std::vector<std::string> ran;
  mailbox.post([&] {
    ran.push_back("first");
    mailbox.post([&] { ran.push_back("from first"); });
  });
  mailbox.post([&] { ran.push_back("second"); });
  io.run();
  CHECK(ran == std::vector<std::string>{"first", "second", "from first"});
}
