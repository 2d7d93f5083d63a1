#pragma once

#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/http/buffer_body.hpp>
#include <boost/beast/http/parser.hpp>
#include <boost/beast/http/serializer.hpp>
#include <boost/beast/http/string_body.hpp>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>

#include "server/net/desk_bound.hpp"
#include "server/net/http_types.hpp"
#include "server/net/relay_plan.hpp"

namespace kefu::net {

// One HTTP connection to a node that stands by for the desk (server/net/desk_candidate.hpp):
// every request is relayed to the desk's node and its answer streamed back, so that any node
// serves any client (docs/deploying.md, "Several nodes today").
// - Each request is read whole as HttpSession reads one (the same header limit, timeout, framing
//   rules and body limits: an attachment's upload up to its limit, other bodies 64 KiB), then
//   sent with Beast's HTTP client to the desk the lease names now (looked up per request: the
//   desk moves), with the hop-by-hop fields removed (hop_by_hop.hpp) and the client's address
//   signed in Kefu-Relayed-For (relayed_for.hpp; one the client sent is removed). Read whole
//   rather than streamed, as a reverse proxy buffers requests by default: a slow client never
//   holds a connection of the desk, and a request can be sent again (below).
// - On a kept-alive connection to the desk from the node's DeskConnectionPool (kept per desk
//   address and epoch; idle ones closed after 4 s or half the request timeout), else a new one. A
//   kept connection that the desk closes before any byte of the answer came is replaced by a new
//   one and the request sent again only when its method is idempotent (GET, HEAD, OPTIONS, PUT,
//   DELETE: RFC 9110 §9.2.2); any other (a POST) is never sent twice: 502.
// - The desk's answer is streamed (Beast's response_parser with a buffer_body and a serializer):
//   its header, framed again for the client (the desk's Content-Length kept, else chunked, or
//   the end of the connection for an HTTP/1.0 client), goes out with the first piece of its
//   body (up to 16 KiB, or the whole body when shorter), then each piece as it arrives; the
//   relay holds one piece and at most 32 KiB read from the desk, whatever the answer's size. An
//   answer that ended whole leaves its connection to the desk in the pool when the desk keeps it
//   alive. The client's connection is kept alive as it asked.
// - No desk known, this node named as the desk (it is rising), a desk not connected within 3 s:
//   503 `standby` (standby_answer.hpp), retried by clients, and the connection closed (a retry
//   on a new one reaches this node's HttpSession once it is the desk). A request already relayed
//   by another node is not relayed again (503: the lease it read was stale).
// - A desk that took the request (connected) but whose answer is not HTTP, or breaks before its
//   header and first piece went out: 502 `bad_gateway`; one that has not sent them within the
//   request timeout: 504 `desk_timeout`. The request may have taken effect: never answered 503
//   (retry). Once the header went out, a desk that breaks or stalls for the request timeout
//   mid-body cuts the client's connection (reset), never a truncated answer that looks whole.
// - GET /healthz asks the desk's /healthz: 200 `relay\n` when the desk answered 200, else 503
//   `standby\n` (a load balancer keeps only nodes that reach a working desk).
// - A WebSocket upgrade goes to a WebSocketRelay.
// Keeps itself alive with shared_from_this().
class HttpRelay : public DeskBound, public std::enable_shared_from_this<HttpRelay> {
 public:
  HttpRelay(boost::asio::ip::tcp::socket&& socket, std::shared_ptr<const RelayPlan> plan);
  void run();
  // The lease names another desk: a request waiting on the old one ends now (503 `standby`
  // before the desk took it, 502 after, a reset once its answer began), never sent again there.
  // Thread-safe.
  void desk_moved() override;

 private:
  void do_read();
  void on_header(boost::beast::error_code ec, std::size_t bytes);
  void on_read(boost::beast::error_code ec, std::size_t bytes);
  void relay(Request&& req);
  void connect();  // a new connection to the desk
  void on_resolve(boost::beast::error_code ec,
                  const boost::asio::ip::tcp::resolver::results_type& results);
  void on_connect(boost::beast::error_code ec, const boost::asio::ip::tcp::endpoint& endpoint);
  void send();  // the request, on desk_stream_
  void on_sent(boost::beast::error_code ec, std::size_t bytes);
  void on_answer_header(boost::beast::error_code ec, std::size_t bytes);
  void read_piece();
  void on_piece(boost::beast::error_code ec, std::size_t bytes);
  void on_piece_sent(boost::beast::error_code ec, std::size_t bytes);
  // The answer went out whole: the desk's connection back to the pool (or closed), the client's
  // kept alive or closed.
  void finish();
  // True when the request may go again on a new connection: the kept one it went on was closed
  // by the desk before any byte of the answer, and its method is idempotent.
  bool may_send_again(boost::beast::error_code ec) const;
  // The request could not be sent or no answer's header came: sent again when it may be, else
  // desk_failed.
  void desk_broke(boost::beast::error_code ec);
  // The client went away or stalled mid-answer: both connections closed.
  void client_gone();
  void close_desk();
  // The answer broke after its header went out: the client's connection is reset.
  void cut();
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
  std::string desk_host_;
  std::string desk_port_;
  std::string desk_key_;                // the desk's address and epoch: which kept connections fit
  bool desk_took_it_ = false;           // connected to the desk: a failure now is 502/504, not 503
  bool kept_ = false;                   // desk_stream_ came from the pool
  bool desk_moved_ = false;             // desk_moved() came while this request was with the desk
  std::optional<std::uint64_t> round_;  // plan_->sockets' round it holds this relay in
  bool resolver_busy_ = false;          // the desk's address being resolved
  boost::asio::ip::tcp::resolver resolver_;
  std::optional<boost::beast::tcp_stream> desk_stream_;
  boost::beast::flat_buffer desk_buffer_;  // at most 32 KiB
  // The answer being streamed: parsed into `piece_`, serialized from the parser's message.
  std::optional<boost::beast::http::response_parser<boost::beast::http::buffer_body>> answer_;
  std::optional<boost::beast::http::response_serializer<boost::beast::http::buffer_body>>
      serializer_;
  std::unique_ptr<char[]> piece_;
  bool header_sent_ = false;       // the client has the answer's header: a failure now cuts
  bool desk_keeps_alive_ = false;  // the desk's answer leaves its connection open
};

}  // namespace kefu::net
