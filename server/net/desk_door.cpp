#include "server/net/desk_door.hpp"

#include "server/net/http_session.hpp"
#include "server/net/standby_answer.hpp"

namespace kefu::net {
namespace net = boost::asio;

DeskDoor::DeskDoor(net::io_context& io, const net::ip::tcp::endpoint& endpoint,
                   std::function<std::string()> desk_node)
    : sessions_(std::make_shared<Sessions>()) {
  sessions_->desk_node = std::move(desk_node);
  listener_ =
      std::make_shared<Listener>(io, endpoint, [sessions = sessions_](net::ip::tcp::socket socket) {
        sessions->hand_on(std::move(socket));
      });
}

void DeskDoor::Sessions::hand_on(net::ip::tcp::socket socket) {
  if (ServerState* state = this->state.load()) {
    std::make_shared<HttpSession>(std::move(socket), *state)->run();
  } else {
    std::make_shared<StandbyAnswer>(std::move(socket), desk_node)->run();
  }
}

}  // namespace kefu::net
