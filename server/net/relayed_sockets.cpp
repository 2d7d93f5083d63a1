#include "server/net/relayed_sockets.hpp"

#include <algorithm>

#include "server/net/websocket_relay.hpp"

namespace kefu::net {

void RelayedSockets::add(const std::shared_ptr<WebSocketRelay>& relay) {
  std::lock_guard lock(mutex_);
  std::erase_if(relays_, [](const auto& weak) { return weak.expired(); });
  relays_.push_back(relay);
}

std::size_t RelayedSockets::close_all(const boost::beast::websocket::close_reason& reason) {
  std::vector<std::weak_ptr<WebSocketRelay>> relays;
  {
    std::lock_guard lock(mutex_);
    relays.swap(relays_);
  }
  std::size_t closed = 0;
  for (const auto& weak : relays) {
    if (auto relay = weak.lock()) {
      relay->close(reason);
      ++closed;
    }
  }
  return closed;
}

}  // namespace kefu::net
