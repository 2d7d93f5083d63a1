#pragma once

#include <boost/asio/io_context.hpp>
#include <boost/asio/strand.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/websocket/stream.hpp>
#include <deque>
#include <functional>
#include <memory>
#include <string>

namespace kefu::load {

// One client WebSocket of the load generator (a customer's widget, an agent's console or an
// echo client) on its own strand: connects to 127.0.0.1:port, upgrades `target` with an
// Origin header (and a session cookie for staff, or a Sec-WebSocket-Protocol offer with the
// visitor token for customers: kefu::testing::customer_subprotocols), then keeps one read
// outstanding and hands
// every text frame to `on_frame`. send() queues frames with one write in flight. Every
// callback runs on the socket's strand; send() may be called from any thread.
class LoadSocket : public std::enable_shared_from_this<LoadSocket> {
 public:
  using FrameHandler = std::function<void(std::string_view frame)>;
  using OpenHandler = std::function<void(bool ok)>;

  LoadSocket(boost::asio::io_context& io, unsigned short port, std::string target,
             std::string origin, std::string cookie = "", std::string subprotocols = "");

  // Starts connecting; `opened` is called once with the outcome (and then dropped: it may hold
  // the party that holds this socket), then `frames` for each frame.
  void open(OpenHandler opened, FrameHandler frames);
  void send(std::string frame);
  // True once the connection ended (error or close) after it was open.
  bool ended() const { return ended_; }
  boost::asio::strand<boost::asio::io_context::executor_type>& strand() { return strand_; }

 private:
  void on_connect(boost::beast::error_code ec);
  void on_handshake(boost::beast::error_code ec);
  void do_read();
  void do_write();

  boost::asio::strand<boost::asio::io_context::executor_type> strand_;
  boost::beast::websocket::stream<boost::beast::tcp_stream> ws_;
  boost::beast::flat_buffer buffer_;
  unsigned short port_;
  std::string target_;
  std::string origin_;
  std::string cookie_;
  std::string subprotocols_;
  OpenHandler opened_;
  FrameHandler frames_;
  std::deque<std::string> outbox_;
  bool ended_ = false;
};

}  // namespace kefu::load
