#include "tests/bench/load_socket.hpp"

#include <boost/asio/dispatch.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core/bind_handler.hpp>
#include <boost/beast/core/buffers_to_string.hpp>
#include <boost/beast/http/field.hpp>
#include <boost/beast/websocket.hpp>
#include <utility>

namespace kefu::load {
namespace beast = boost::beast;
namespace websocket = beast::websocket;
namespace net = boost::asio;

LoadSocket::LoadSocket(net::io_context& io, unsigned short port, std::string target,
                       std::string origin, std::string cookie, std::string subprotocols)
    : strand_(net::make_strand(io)),
      ws_(strand_),
      port_(port),
      target_(std::move(target)),
      origin_(std::move(origin)),
      cookie_(std::move(cookie)),
      subprotocols_(std::move(subprotocols)) {}

void LoadSocket::open(OpenHandler opened, FrameHandler frames) {
  opened_ = std::move(opened);
  frames_ = std::move(frames);
  beast::get_lowest_layer(ws_).expires_after(std::chrono::seconds(30));
  beast::get_lowest_layer(ws_).async_connect(
      net::ip::tcp::endpoint(net::ip::make_address("127.0.0.1"), port_),
      beast::bind_front_handler(&LoadSocket::on_connect, shared_from_this()));
}

void LoadSocket::on_connect(beast::error_code ec) {
  if (ec) {
    ended_ = true;
    return std::exchange(opened_, nullptr)(false);
  }
  beast::get_lowest_layer(ws_).socket().set_option(net::ip::tcp::no_delay(true), ec);
  ws_.set_option(websocket::stream_base::decorator([this](websocket::request_type& req) {
    req.set(beast::http::field::origin, origin_);
    if (!cookie_.empty()) req.set(beast::http::field::cookie, "kefu_session=" + cookie_);
    if (!subprotocols_.empty()) req.set(beast::http::field::sec_websocket_protocol, subprotocols_);
  }));
  ws_.async_handshake("127.0.0.1:" + std::to_string(port_), target_,
                      beast::bind_front_handler(&LoadSocket::on_handshake, shared_from_this()));
}

void LoadSocket::on_handshake(beast::error_code ec) {
  beast::get_lowest_layer(ws_).expires_never();
  if (ec) {
    ended_ = true;
    return std::exchange(opened_, nullptr)(false);
  }
  ws_.text(true);
  std::exchange(opened_, nullptr)(true);
  do_read();
}

void LoadSocket::do_read() {
  ws_.async_read(buffer_, [self = shared_from_this()](beast::error_code ec, std::size_t) {
    if (ec) {
      self->ended_ = true;
      return;
    }
    const auto data = self->buffer_.cdata();
    self->frames_(std::string_view(static_cast<const char*>(data.data()), data.size()));
    self->buffer_.consume(self->buffer_.size());
    self->do_read();
  });
}

void LoadSocket::send(std::string frame) {
  net::dispatch(strand_, [self = shared_from_this(), frame = std::move(frame)]() mutable {
    if (self->ended_) return;
    self->outbox_.push_back(std::move(frame));
    if (self->outbox_.size() == 1) self->do_write();
  });
}

void LoadSocket::do_write() {
  ws_.async_write(net::buffer(outbox_.front()),
                  [self = shared_from_this()](beast::error_code ec, std::size_t) {
                    if (ec) {
                      self->ended_ = true;
                      self->outbox_.clear();
                      return;
                    }
                    self->outbox_.pop_front();
                    if (!self->outbox_.empty()) self->do_write();
                  });
}

}  // namespace kefu::load
