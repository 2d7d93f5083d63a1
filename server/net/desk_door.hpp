#pragma once

#include <atomic>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/steady_timer.hpp>
#include <functional>
#include <memory>
#include <string>

#include "server/net/server_state.hpp"

namespace kefu::net {

// The one listening socket of a node of the cluster (server/net/desk_candidate.hpp). It is
// bound at start, and every connection it accepts goes to the standby's answer (503,
// StandbyAnswer) until serve() hands it the desk's ServerState; from then on each connection
// gets an HttpSession, as the Listener of a single node gives it. One acceptor throughout, so
// the port never closes and no connection waiting in the backlog is lost at the switch.
// The constructor opens, binds and listens, and throws if it cannot.
class DeskDoor : public std::enable_shared_from_this<DeskDoor> {
 public:
  DeskDoor(boost::asio::io_context& io, const boost::asio::ip::tcp::endpoint& endpoint,
           std::function<std::string()> desk_node);

  void run();
  // From now on connections are served by `state` (which must outlive the door's accepting:
  // stop() first). Thread-safe.
  void serve(ServerState& state) { state_.store(&state); }
  // True once serve() was called.
  bool serving() const { return state_.load() != nullptr; }
  void stop();  // stops accepting; thread-safe
  boost::asio::ip::tcp::endpoint local_endpoint() const { return acceptor_.local_endpoint(); }

 private:
  void do_accept();
  void hand_on(boost::asio::ip::tcp::socket socket);

  boost::asio::io_context& io_;
  boost::asio::ip::tcp::acceptor acceptor_;
  boost::asio::steady_timer retry_;  // pause after a failed accept (out of descriptors)
  std::function<std::string()> desk_node_;
  std::atomic<ServerState*> state_{nullptr};
};

}  // namespace kefu::net
