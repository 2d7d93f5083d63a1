#include "server/net/listener.hpp"

#include <boost/asio/post.hpp>
#include <boost/asio/strand.hpp>
#include <boost/beast/core/bind_handler.hpp>
#include <iostream>

#include "server/net/http_session.hpp"

namespace kefu::net {
namespace net = boost::asio;

Listener::Listener(net::io_context& io, const net::ip::tcp::endpoint& endpoint, ServerState& state)
    : Listener(io, endpoint, [&state](net::ip::tcp::socket socket) {
        std::make_shared<HttpSession>(std::move(socket), state)->run();
      }) {}

Listener::Listener(net::io_context& io, const net::ip::tcp::endpoint& endpoint, HandOff hand_off)
    : io_(io),
      acceptor_(net::make_strand(io)),
      retry_(acceptor_.get_executor()),
      hand_off_(std::move(hand_off)) {
  acceptor_.open(endpoint.protocol());
  acceptor_.set_option(net::socket_base::reuse_address(true));
  acceptor_.bind(endpoint);
  acceptor_.listen(net::socket_base::max_listen_connections);
}

void Listener::run() {
  do_accept();
}

void Listener::stop() {
  net::post(acceptor_.get_executor(), [self = shared_from_this()] {
    boost::system::error_code ignored;
    self->acceptor_.close(ignored);
  });
}

void Listener::do_accept() {
  acceptor_.async_accept(
      net::make_strand(io_),
      [self = shared_from_this()](boost::system::error_code ec, net::ip::tcp::socket socket) {
        if (ec == net::error::operation_aborted) return;
        if (!ec) {
          boost::system::error_code ignored;
          socket.set_option(net::ip::tcp::no_delay(true), ignored);
          self->hand_off_(std::move(socket));
        } else if (ec != net::error::connection_aborted) {
          // Out of file descriptors (EMFILE): the pending connection stays in the backlog, so an
          // immediate retry fails again at once. Pause instead of spinning and flooding the log.
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
