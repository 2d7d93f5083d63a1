#pragma once

#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/http/empty_body.hpp>
#include <boost/beast/http/parser.hpp>
#include <boost/beast/http/string_body.hpp>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>

#include "server/net/desk_bound.hpp"
#include "server/net/http_types.hpp"
#include "server/net/relay_plan.hpp"

namespace kefu::net {

// One WebSocket (/ws/customer, /ws/staff) relayed by a standby node to the desk
// (server/net/http_relay.hpp): the upgrade goes to the desk as HTTP, and once the desk has
// switched protocols the connection becomes a byte tunnel (WebSocketTunnel), as nginx relays an
// upgraded connection: no frame is read, parsed or written again here.
// - The client's upgrade is sent with Beast's HTTP client on a new connection to the desk, with
//   the client's target (path and query), Host, Origin, Cookie, User-Agent and
//   Sec-WebSocket-Key, -Version, -Protocol (a customer's token travels there) and -Extensions,
//   every line of each as the client sent them, `Upgrade: websocket`, `Connection: Upgrade`
//   and the client's address signed in Kefu-Relayed-For. The desk checks all of it, as it
//   checks its own clients' upgrades.
// - The desk's answer is read with Beast's HTTP parser. A 101 that switches to websocket goes
//   to the client as it is (its Sec-WebSocket-Accept answers the client's own key, its
//   subprotocol is the desk's choice), then the tunnel starts, passing first whatever the desk
//   sent behind the 101 (its first frames). Any other status is the desk's refusal (401, 403,
//   400...): the client hears its status, fields and body. A desk not known or not connected
//   within 3 s: 503 `standby`; a desk connected whose answer is not HTTP, is cut short or is a
//   101 to something else: 502 `bad_gateway`; no whole answer within 5 s: 504 `desk_timeout`
//   (standby_answer.hpp).
// - The desk moved while the upgrade waited on it (the lease names a new epoch, or this node
//   became the desk: RelayedSockets tells it): 503 `standby` at once, not the 5 s timeout of a
//   frozen desk; the client's retry reaches the new desk. Had the 101 already gone to the
//   client, its connection ends (1006) as a tunnel's does.
// - The desk's side has TCP_NODELAY, as the listener gives the client's (no Nagle delay).
// Keeps itself alive with shared_from_this(); everything runs on the client connection's strand.
class WebSocketRelay : public DeskBound, public std::enable_shared_from_this<WebSocketRelay> {
 public:
  WebSocketRelay(boost::beast::tcp_stream&& client, std::shared_ptr<const RelayPlan> plan,
                 std::string client_address);

  // Reads the lease and offers `upgrade` to the desk it names, then answers it.
  void run(Request upgrade);
  // Thread-safe.
  void desk_moved() override;

 private:
  using Answer = boost::beast::http::response_parser<boost::beast::http::string_body>;

  void answer(Response res);  // an HTTP answer instead of the upgrade; then the connection closes
  void on_resolve(boost::beast::error_code ec,
                  const boost::asio::ip::tcp::resolver::results_type& results);
  void on_connect(boost::beast::error_code ec, const boost::asio::ip::tcp::endpoint& endpoint);
  void on_sent(boost::beast::error_code ec, std::size_t bytes);
  void on_answer(boost::beast::error_code ec, std::size_t bytes);
  void on_switched(boost::beast::error_code ec, std::size_t bytes);
  void unreachable();
  std::string moved() const;  // why a moved desk ends the upgrade

  boost::beast::tcp_stream client_;
  boost::beast::tcp_stream desk_;
  boost::asio::ip::tcp::resolver resolver_;
  std::shared_ptr<const RelayPlan> plan_;
  std::string client_address_;
  DeskLocation desk_location_;
  Request upgrade_;
  boost::beast::http::request<boost::beast::http::empty_body> outbound_;  // as the desk gets it
  boost::beast::flat_buffer from_desk_;
  std::optional<Answer> desk_answer_;
  std::shared_ptr<void> in_flight_;  // an HTTP answer being written
  bool with_desk_ = false;           // from the lease read to the answer or the tunnel
  bool desk_moved_ = false;          // desk_moved() came while with_desk_
  std::uint64_t round_ = 0;          // plan_->sockets' round it was held in
};

}  // namespace kefu::net
