#pragma once

#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/steady_timer.hpp>
#include <functional>
#include <memory>

#include "server/net/server_state.hpp"

namespace kefu::net {

// Accepts TCP connections and gives each an HttpSession on its own strand (or, with a hand-off,
// whatever it says: a cluster node's DeskDoor). The constructor opens, binds and listens, and
// throws if it cannot: a server that cannot listen does not run half-built.
class Listener : public std::enable_shared_from_this<Listener> {
 public:
  // Takes each accepted socket (on its own strand, TCP_NODELAY set).
  using HandOff = std::function<void(boost::asio::ip::tcp::socket)>;

  Listener(boost::asio::io_context& io, const boost::asio::ip::tcp::endpoint& endpoint,
           ServerState& state);
  Listener(boost::asio::io_context& io, const boost::asio::ip::tcp::endpoint& endpoint,
           HandOff hand_off);

  void run();
  void stop();  // stops accepting; thread-safe
  boost::asio::ip::tcp::endpoint local_endpoint() const { return acceptor_.local_endpoint(); }

 private:
  void do_accept();

  boost::asio::io_context& io_;
  boost::asio::ip::tcp::acceptor acceptor_;
  boost::asio::steady_timer retry_;  // pause after a failed accept (out of descriptors)
  HandOff hand_off_;
};

}  // namespace kefu::net
