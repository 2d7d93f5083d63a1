#include "server/net/desk_door.hpp"

#include <boost/asio/post.hpp>
#include <boost/asio/strand.hpp>
#include <iostream>

#include "server/net/http_session.hpp"
#include "server/net/standby_answer.hpp"

namespace kefu::net {
namespace net = boost::asio;

DeskDoor::DeskDoor(net::io_context& io, const net::ip::tcp::endpoint& endpoint,
                   std::function<std::string()> desk_node)
    : io_(io),
      acceptor_(net::make_strand(io)),
      retry_(acceptor_.get_executor()),
      desk_node_(std::move(desk_node)) {
  acceptor_.open(endpoint.protocol());
  acceptor_.set_option(net::socket_base::reuse_address(true));
  acceptor_.bind(endpoint);
  acceptor_.listen(net::socket_base::max_listen_connections);
}

void DeskDoor::run() {
  net::post(acceptor_.get_executor(), [self = shared_from_this()] { self->do_accept(); });
}

void DeskDoor::stop() {
  net::post(acceptor_.get_executor(), [self = shared_from_this()] {
    boost::system::error_code ignored;
    self->acceptor_.close(ignored);
  });
}

void DeskDoor::hand_on(net::ip::tcp::socket socket) {
  boost::system::error_code ignored;
  socket.set_option(net::ip::tcp::no_delay(true), ignored);
  if (ServerState* state = state_.load()) {
    std::make_shared<HttpSession>(std::move(socket), *state)->run();
  } else {
    std::make_shared<StandbyAnswer>(std::move(socket), desk_node_)->run();
  }
}

void DeskDoor::do_accept() {
  acceptor_.async_accept(
      net::make_strand(io_),
      [self = shared_from_this()](boost::system::error_code ec, net::ip::tcp::socket socket) {
        if (ec == net::error::operation_aborted) return;
        if (!ec) {
          self->hand_on(std::move(socket));
        } else if (ec != net::error::connection_aborted) {
          // Out of file descriptors (EMFILE): pause rather than spin (as Listener does).
          std::cerr << "kefu: accept: " << ec.message() << "\n";
          self->retry_.expires_after(std::chrono::milliseconds(100));
          self->retry_.async_wait([self](boost::system::error_code) {
            if (self->acceptor_.is_open()) self->do_accept();
          });
          return;
        }
        if (self->acceptor_.is_open()) self->do_accept();
      });
}

}  // namespace kefu::net
