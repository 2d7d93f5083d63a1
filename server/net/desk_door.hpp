#pragma once

#include <atomic>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <functional>
#include <memory>
#include <string>

#include "server/net/listener.hpp"
#include "server/net/node_sockets.hpp"
#include "server/net/relay_plan.hpp"
#include "server/net/server_state.hpp"

namespace kefu::net {

// The one listening socket of a node of the cluster (server/net/desk_candidate.hpp). It is
// bound at start, and every connection it accepts goes to a relay to the desk (HttpRelay, by
// `plan`) until serve() hands it the desk's ServerState; from then on each connection gets an
// HttpSession, as the Listener of a single node gives it. One acceptor throughout, so the port
// never closes and no connection waiting in the backlog is lost at the switch. Connections
// relayed before the switch go on being relayed until they close.
// The constructor opens, binds and listens, and throws if it cannot.
class DeskDoor {
 public:
  DeskDoor(boost::asio::io_context& io, const boost::asio::ip::tcp::endpoint& endpoint);

  // How connections are relayed while this node stands by; before run().
  void stand_by(RelayPlan plan) {
    sessions_->plan = std::make_shared<const RelayPlan>(std::move(plan));
  }
  void run() { listener_->run(); }
  // From now on connections are served by `state`, the sockets other nodes relay kept in
  // `relayed_here` (both must outlive the door's accepting: stop() first). Thread-safe.
  void serve(ServerState& state, NodeSockets& relayed_here) {
    sessions_->relayed_here = &relayed_here;
    sessions_->state.store(&state);
  }
  // True once serve() was called.
  bool serving() const { return sessions_->state.load() != nullptr; }
  void stop() { listener_->stop(); }  // stops accepting; thread-safe
  boost::asio::ip::tcp::endpoint local_endpoint() const { return listener_->local_endpoint(); }

 private:
  // Where an accepted connection goes; shared with the listener's accepts in flight.
  struct Sessions {
    std::shared_ptr<const RelayPlan> plan;
    std::atomic<ServerState*> state{nullptr};
    NodeSockets* relayed_here = nullptr;  // set before `state`
    void hand_on(boost::asio::ip::tcp::socket socket);
  };

  std::shared_ptr<Sessions> sessions_;
  std::shared_ptr<Listener> listener_;
};

}  // namespace kefu::net
