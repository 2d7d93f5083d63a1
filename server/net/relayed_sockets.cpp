#include "server/net/relayed_sockets.hpp"

#include <algorithm>

#include "server/net/desk_bound.hpp"
#include "server/net/websocket_tunnel.hpp"

namespace kefu::net {

void RelayedSockets::add(const std::shared_ptr<WebSocketTunnel>& tunnel) {
  std::lock_guard lock(mutex_);
  std::erase_if(tunnels_, [](const auto& weak) { return weak.expired(); });
  tunnels_.push_back(tunnel);
}

std::uint64_t RelayedSockets::add_waiting(const std::shared_ptr<DeskBound>& exchange) {
  std::lock_guard lock(mutex_);
  std::erase_if(waiting_, [](const auto& weak) { return weak.expired(); });
  waiting_.push_back(exchange);
  return round_;
}

std::uint64_t RelayedSockets::round() {
  std::lock_guard lock(mutex_);
  return round_;
}

std::size_t RelayedSockets::close_all() {
  std::vector<std::weak_ptr<WebSocketTunnel>> tunnels;
  std::vector<std::weak_ptr<DeskBound>> waiting;
  {
    std::lock_guard lock(mutex_);
    tunnels.swap(tunnels_);
    waiting.swap(waiting_);
    ++round_;
  }
  for (const auto& weak : waiting) {
    if (auto exchange = weak.lock()) exchange->desk_moved();
  }
  std::size_t closed = 0;
  for (const auto& weak : tunnels) {
    if (auto tunnel = weak.lock()) {
      tunnel->close();
      ++closed;
    }
  }
  return closed;
}

}  // namespace kefu::net
