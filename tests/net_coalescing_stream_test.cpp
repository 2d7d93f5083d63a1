// CoalescingStream over Beast's in-memory test stream: a frame leaves at once unless more are
// expected right behind it; then the burst leaves in one write of the socket, when the last
// frame is written, when the buffer is full, or when a flush asks for it.
#include <boost/asio/io_context.hpp>
#include <boost/beast/_experimental/test/stream.hpp>
#include <catch2/catch.hpp>
#include <string>

#include "server/net/coalescing_stream.hpp"

namespace {

namespace test = boost::beast::test;
using Coalescing = kefu::net::CoalescingStream<test::stream>;

// A coalescing stream and the peer that reads what it sends.
struct Pair {
  boost::asio::io_context ioc;
  test::stream peer{ioc};
  Coalescing stream{make(ioc, peer)};

  static test::stream make(boost::asio::io_context& ioc, test::stream& peer) {
    test::stream local(ioc);
    local.connect(peer);
    return local;
  }

  // Writes `text` and runs until its write completes.
  void write(const std::string& text) {
    bool done = false;
    stream.async_write_some(boost::asio::buffer(text),
                            [&done](boost::beast::error_code ec, std::size_t) {
                              CHECK_FALSE(ec);
                              done = true;
                            });
    ioc.restart();
    ioc.run();
    CHECK(done);
  }

  std::size_t socket_writes() const { return stream.next_layer().nwrite(); }
  std::string received() const { return std::string(peer.str()); }
};

}  // namespace

TEST_CASE("a frame leaves at once when no more are expected") {
  Pair p;
  p.write("one");
  CHECK(p.received() == "one");
  p.write("two");
  CHECK(p.received() == "onetwo");
  CHECK(p.socket_writes() == 2);
}

TEST_CASE("frames written while more are expected leave together after the last") {
  Pair p;
  p.stream.expect_more(true);
  p.write("one");
  p.write("two");
  CHECK(p.received().empty());
  p.stream.expect_more(false);
  CHECK(p.received().empty());  // the last frame is still to come
  p.write("three");
  CHECK(p.received() == "onetwothree");
  CHECK(p.socket_writes() == 1);
}

TEST_CASE("a flush sends the frames that wait for more") {
  Pair p;
  p.stream.expect_more(true);
  p.write("one");
  bool flushed = false;
  p.stream.async_flush([&flushed](boost::beast::error_code ec) {
    CHECK_FALSE(ec);
    flushed = true;
  });
  p.ioc.restart();
  p.ioc.run();
  CHECK(flushed);
  CHECK(p.received() == "one");
}

TEST_CASE("a full buffer leaves even while more are expected") {
  Pair p;
  p.stream.expect_more(true);
  const std::string big(Coalescing::kHoldBytes / 2, 'x');
  p.write(big);
  CHECK(p.received().empty());
  p.write(big);  // past kHoldBytes: sent
  CHECK(p.received().size() == 2 * big.size());
  p.write("tail");
  CHECK(p.received().size() == 2 * big.size());
  p.stream.expect_more(false);
  p.write("end");
  CHECK(p.received().size() == 2 * big.size() + 7);
  CHECK(p.socket_writes() == 2);
}
