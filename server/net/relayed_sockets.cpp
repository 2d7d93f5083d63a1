#include "server/net/relayed_sockets.hpp"

#include <algorithm>

#include "server/net/http_relay.hpp"
#include "server/net/websocket_tunnel.hpp"

namespace kefu::net {

void RelayedSockets::add(const std::shared_ptr<WebSocketTunnel>& tunnel) {
  std::lock_guard lock(mutex_);
  std::erase_if(tunnels_, [](const auto& weak) { return weak.expired(); });
  tunnels_.push_back(tunnel);
}

void RelayedSockets::add(const std::shared_ptr<HttpRelay>& request) {
  std::lock_guard lock(mutex_);
  std::erase_if(requests_, [](const auto& weak) { return weak.expired(); });
  requests_.push_back(request);
}

std::size_t RelayedSockets::close_all() {
  std::vector<std::weak_ptr<WebSocketTunnel>> tunnels;
  std::vector<std::weak_ptr<HttpRelay>> requests;
  {
    std::lock_guard lock(mutex_);
    tunnels.swap(tunnels_);
    requests.swap(requests_);
  }
  for (const auto& weak : requests) {
    if (auto request = weak.lock()) request->desk_moved();
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
