#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>

#include "server/net/desk_connection_pool.hpp"
#include "server/net/relayed_sockets.hpp"

namespace kefu::net {

// The desk as a standby node last read it from the lease (`desk_lease`): its name and where it
// is reached (http://HOST:PORT; "" when no desk has been elected yet or it did not say), and the
// epoch it won (0 when unknown): a new epoch is a new desk process even at the same address.
struct DeskLocation {
  std::string node;
  std::string address;
  std::int64_t epoch = 0;
};

// What a standby node's relays (HttpRelay, WebSocketRelay) need, shared by all of them and
// immutable once the node stands by.
struct RelayPlan {
  std::function<DeskLocation()> desk;  // the desk now; thread-safe
  std::string own_node;                // this node's name: a lease naming it is not relayed to
  std::string key;                     // the cluster's key, to sign Kefu-Relayed-For
  std::uint64_t body_limit = 0;        // the largest upload the desk takes (an attachment's)
  std::chrono::milliseconds request_timeout{15000};      // a request must arrive whole within it
  std::shared_ptr<RelayedSockets> sockets;               // every WebSocket relayed; never null
  std::shared_ptr<DeskConnectionPool> desk_connections;  // kept-alive HTTP; never null
};

}  // namespace kefu::net
