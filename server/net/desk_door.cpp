#include "server/net/desk_door.hpp"

#include "server/net/http_relay.hpp"
#include "server/net/http_session.hpp"

namespace kefu::net {
namespace net = boost::asio;

DeskDoor::DeskDoor(net::io_context& io, const net::ip::tcp::endpoint& endpoint)
    : sessions_(std::make_shared<Sessions>()) {
  listener_ =
      std::make_shared<Listener>(io, endpoint, [sessions = sessions_](net::ip::tcp::socket socket) {
        sessions->hand_on(std::move(socket));
      });
}

void DeskDoor::Sessions::hand_on(net::ip::tcp::socket socket) {
  if (ServerState* state = this->state.load()) {
    std::make_shared<HttpSession>(std::move(socket), *state, relayed_here)->run();
  } else {
    std::make_shared<HttpRelay>(std::move(socket), plan)->run();
  }
}

}  // namespace kefu::net
