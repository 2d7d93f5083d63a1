#pragma once

#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/strand.hpp>
#include <chrono>
#include <cstddef>
#include <deque>
#include <memory>
#include <mutex>
#include <optional>
#include <string>

namespace kefu::net {

// The kept-alive connections of a standby node's HttpRelays to the desk, shared by all of them:
// a relay takes one for a request and gives it back once the desk's answer came whole on it, so
// that sequential requests through the node reuse a handful of connections instead of opening
// one each (as a reverse proxy's upstream keep-alive pool).
// - Bounded: at most `most` idle connections are kept (one given back beyond is closed); those
//   in use are the relays' own, one per request being relayed.
// - An idle connection is closed after `idle` (a few seconds, under the desk's own keep-alive
//   timeout, so that the relay, not the desk, ends it), and one the desk has closed (or sent
//   anything on) is never handed out: take() peeks at it first.
// - Kept per desk: `desk` names the desk's address and epoch as the lease gave them. A take or a
//   give-back for another desk than the kept ones drops them all (the desk moved or restarted),
//   as drop_all() does.
// Thread-safe.
class DeskConnectionPool : public std::enable_shared_from_this<DeskConnectionPool> {
 public:
  explicit DeskConnectionPool(boost::asio::any_io_executor executor, std::size_t most = 16,
                              std::chrono::milliseconds idle = std::chrono::seconds(4));

  // An idle connection to `desk` that is still open, else nothing. The socket is handed out
  // on `executor` (the taking relay's strand), whichever relay's strand it was opened on, so
  // that its handlers and timers run where the taker's state lives.
  std::optional<boost::asio::ip::tcp::socket> take(const std::string& desk,
                                                   const boost::asio::any_io_executor& executor);
  // Keeps `socket` (whose last answer came whole) for the next request to `desk`.
  void give_back(const std::string& desk, boost::asio::ip::tcp::socket socket);
  // Closes every idle connection.
  void drop_all();
  std::size_t idle();

 private:
  struct Kept {
    boost::asio::ip::tcp::socket socket;
    std::chrono::steady_clock::time_point until;
  };
  void keep_for(const std::string& desk);  // drops what is kept for another desk; locked
  void arm();                              // on strand_
  void sweep();                            // on strand_

  const std::size_t most_;
  const std::chrono::milliseconds idle_;
  boost::asio::strand<boost::asio::any_io_executor> strand_;
  boost::asio::steady_timer timer_;  // on strand_
  bool armed_ = false;               // on strand_

  std::mutex mutex_;
  std::string desk_;       // GUARDED_BY(mutex_)
  std::deque<Kept> kept_;  // the oldest first; GUARDED_BY(mutex_)
};

}  // namespace kefu::net
