#pragma once

#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/websocket/stream.hpp>
#include <memory>
#include <string>

#include "server/net/http_types.hpp"
#include "server/net/relay_plan.hpp"

namespace kefu::net {

// One WebSocket (/ws/customer, /ws/staff) relayed by a standby node to the desk
// (server/net/http_relay.hpp).
// - The upgrade is offered to the desk first, on a new connection (Beast's WebSocket client),
//   with the client's target (path and query), Host, Origin, Cookie, Sec-WebSocket-Protocol
//   (a customer's token travels there) and User-Agent, and the client's address signed in
//   Kefu-Relayed-For. Only once the desk accepted is the client's upgrade accepted, naming the
//   subprotocol the desk chose; a desk that refused is answered to the client with its status,
//   fields and body; a desk not known or not connected within 3 s: 503 `standby`; a desk
//   connected whose answer is not a WebSocket's or is cut short: 502 `bad_gateway`; not
//   answering within 5 s: 504 `desk_timeout` (standby_answer.hpp).
// - Then frames are pumped both ways as they are (text or binary), one message at a time in each
//   direction: nothing is read from one side while the last message read is still being written
//   to the other (backpressure, no queue). Both connections have TCP_NODELAY (no Nagle delay). From
//   the client, messages up to the desk's own limit (16 KiB); from the desk, up to 16 MiB.
// - A close from either side is passed on with its code and reason. A desk that goes away
//   without closing (killed, its connection reset, silent for 20 s) closes the client with 1012
//   (service restart): the widget and the console reconnect and resume by seq. A client that goes
//   away without closing closes the desk's side with 1001.
// - Pings: the client's side as the desk's own sockets (Beast's suggested server timeouts, pings
//   when idle); the desk's side pings after 10 s of silence and gives up after 20 s.
// - Once open it is in the plan's RelayedSockets, which closes it when the desk moves or the node
//   stops.
// Keeps itself alive with shared_from_this(); everything runs on the client connection's strand.
class WebSocketRelay : public std::enable_shared_from_this<WebSocketRelay> {
 public:
  WebSocketRelay(boost::beast::tcp_stream&& client, std::shared_ptr<const RelayPlan> plan,
                 std::string client_address, DeskLocation desk);

  // Offers `upgrade` to the desk, then answers it.
  void run(Request upgrade);
  // Closes the client's socket with `reason` and the desk's with 1001 (the node moves its
  // clients elsewhere). Thread-safe.
  void close(const boost::beast::websocket::close_reason& reason);

 private:
  void answer(Response res);  // an HTTP answer instead of the upgrade; then the connection closes
  void on_resolve(boost::beast::error_code ec,
                  const boost::asio::ip::tcp::resolver::results_type& results);
  void on_connect(boost::beast::error_code ec, const boost::asio::ip::tcp::endpoint& endpoint);
  void on_handshake(boost::beast::error_code ec);
  void on_accept(boost::beast::error_code ec);
  void read_client();
  void on_client_message(boost::beast::error_code ec, std::size_t bytes);
  void on_sent_to_desk(boost::beast::error_code ec, std::size_t bytes);
  void read_desk();
  void on_desk_message(boost::beast::error_code ec, std::size_t bytes);
  void on_sent_to_client(boost::beast::error_code ec, std::size_t bytes);
  void close_client(const boost::beast::websocket::close_reason& reason);
  void close_desk(const boost::beast::websocket::close_reason& reason);
  void unreachable();

  boost::beast::websocket::stream<boost::beast::tcp_stream> client_;
  boost::beast::websocket::stream<boost::beast::tcp_stream> desk_;
  boost::asio::ip::tcp::resolver resolver_;
  std::shared_ptr<const RelayPlan> plan_;
  std::string client_address_;
  DeskLocation desk_location_;
  Request upgrade_;
  std::string host_;  // the Host the desk is asked with
  boost::beast::websocket::response_type desk_answer_;
  boost::beast::flat_buffer from_client_;
  boost::beast::flat_buffer from_desk_;
  std::shared_ptr<void> in_flight_;  // an HTTP answer being written
  bool client_closing_ = false;
  bool desk_closing_ = false;
};

}  // namespace kefu::net
