#pragma once

#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>
#include <thread>
#include <vector>

namespace kefu::load {

// The load generator's client side: an io_context run on `threads` threads from construction
// until stop() (or destruction); after stop() no handler runs, so the parties' figures can be
// read.
struct IoThreads {
  boost::asio::io_context io;
  boost::asio::executor_work_guard<boost::asio::io_context::executor_type> work =
      boost::asio::make_work_guard(io);
  std::vector<std::thread> pool;

  explicit IoThreads(unsigned threads) {
    for (unsigned i = 0; i < threads; ++i) pool.emplace_back([this] { io.run(); });
  }
  IoThreads(const IoThreads&) = delete;
  IoThreads& operator=(const IoThreads&) = delete;
  void stop() {
    work.reset();
    io.stop();
    for (auto& t : pool) t.join();
    pool.clear();
  }
  ~IoThreads() { stop(); }
};

}  // namespace kefu::load
