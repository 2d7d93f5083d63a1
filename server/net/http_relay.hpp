#pragma once

#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/http/parser.hpp>
#include <boost/beast/http/string_body.hpp>
#include <memory>
#include <optional>
#include <string>

#include "server/net/http_types.hpp"
#include "server/net/relay_plan.hpp"

namespace kefu::net {

// One HTTP connection to a node that stands by for the desk (server/net/desk_candidate.hpp):
// every request is relayed to the desk's node and its answer sent back, so that any node serves
// any client (docs/deploying.md, "Several nodes today").
// - Each request is read as HttpSession reads one (the same header limit, timeout, framing
//   rules and body limits: an attachment's upload up to its limit, other bodies 64 KiB), then
//   sent with Beast's
//   HTTP client on a new connection to the desk the lease names now (looked up per request: the
//   desk moves), with the hop-by-hop fields removed (hop_by_hop.hpp) and the client's address
//   signed in Kefu-Relayed-For (relayed_for.hpp; one the client sent is removed). The desk's
//   answer (status, fields, body up to 64 MiB) goes back framed again, kept alive as the client
//   asked.
// - No desk known, this node named as the desk (it is rising), a desk not connected within 3 s:
//   503 `standby` (standby_answer.hpp), retried by clients, and the connection closed (a retry
//   on a new one reaches this node's HttpSession once it is the desk). A request already relayed
//   by another node is not relayed again (503: the lease it read was stale).
// - A desk that took the request (connected) but whose answer is not HTTP, is cut short or is
//   over 64 MiB: 502 `bad_gateway`; one that has not answered whole within the request timeout:
//   504 `desk_timeout`. The request may have taken effect: never answered 503 (retry).
// - GET /healthz asks the desk's /healthz: 200 `relay\n` when the desk answered 200, else 503
//   `standby\n` (a load balancer keeps only nodes that reach a working desk).
// - A WebSocket upgrade goes to a WebSocketRelay.
// Keeps itself alive with shared_from_this().
class HttpRelay : public std::enable_shared_from_this<HttpRelay> {
 public:
  HttpRelay(boost::asio::ip::tcp::socket&& socket, std::shared_ptr<const RelayPlan> plan);
  void run();

 private:
  void do_read();
  void on_header(boost::beast::error_code ec, std::size_t bytes);
  void on_read(boost::beast::error_code ec, std::size_t bytes);
  void relay(Request&& req);
  void on_resolve(boost::beast::error_code ec,
                  const boost::asio::ip::tcp::resolver::results_type& results);
  void on_connect(boost::beast::error_code ec, const boost::asio::ip::tcp::endpoint& endpoint);
  void on_sent(boost::beast::error_code ec, std::size_t bytes);
  void on_answer(boost::beast::error_code ec, std::size_t bytes);
  // Writes `res`, a 503 `standby`, and closes the connection after it.
  void stand_by(Response res);
  // The desk could not be reached: 503 `standby`.
  void unreachable();
  // The desk took the request (connected) but its answer did not come back whole: 504 after the
  // timeout, 502 otherwise (docs/protocol.md).
  void desk_failed(boost::beast::error_code ec);
  template <typename Message>
  void write(Message&& res);
  void on_write(bool keep_alive, boost::beast::error_code ec, std::size_t bytes);
  void refuse(unsigned status, std::string_view code, std::string_view message);

  boost::beast::tcp_stream stream_;
  boost::beast::flat_buffer buffer_;
  std::shared_ptr<const RelayPlan> plan_;
  std::string client_address_;
  std::optional<boost::beast::http::request_parser<boost::beast::http::string_body>> parser_;
  std::shared_ptr<void> in_flight_;  // the response being written

  // The request being relayed.
  Request request_;   // the client's method, target, version and keep-alive (no body)
  Request outbound_;  // as it goes to the desk
  bool health_check_ = false;
  DeskLocation desk_;
  bool desk_took_it_ = false;  // connected to the desk: a failure now is 502/504, not 503
  boost::asio::ip::tcp::resolver resolver_;
  boost::beast::tcp_stream desk_stream_;
  boost::beast::flat_buffer desk_buffer_;
  std::optional<boost::beast::http::response_parser<boost::beast::http::string_body>> answer_;
};

}  // namespace kefu::net
