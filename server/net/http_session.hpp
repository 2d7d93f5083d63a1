#pragma once

#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/http/parser.hpp>
#include <boost/beast/http/string_body.hpp>
#include <memory>
#include <optional>

#include "server/net/http_types.hpp"
#include "server/net/node_sockets.hpp"
#include "server/net/relayed_for.hpp"
#include "server/net/server_state.hpp"

namespace kefu::net {

class WebSocketSession;

// One HTTP/1.1 connection: reads requests under the limits of docs/protocol.md (8 KiB of
// headers, 64 KiB of body, the whole request within the request timeout; the header is read
// first and an ambiguously framed request refused before its body, see framing_fault), answers
// the REST endpoints and static files, and hands WebSocket upgrades that pass the Origin and
// credential checks to a WebSocketSession. One request at a time; keeps itself alive with
// shared_from_this().
//
// In a cluster the desk's HttpSession also knows which node relayed a socket (`relayed_here`,
// the sockets of each relaying node): a socket from a node declared gone is refused with 503
// `standby` until the node heartbeats again, and every other relayed socket is kept there for
// the desk to end should its node stop heartbeating.
class HttpSession : public std::enable_shared_from_this<HttpSession> {
 public:
  // `relayed_here` (may be null: one node) must outlive the session.
  HttpSession(boost::asio::ip::tcp::socket&& socket, ServerState& state,
              NodeSockets* relayed_here = nullptr);
  void run();

 private:
  void do_read();
  void on_header(boost::beast::error_code ec, std::size_t bytes);
  void on_read(boost::beast::error_code ec, std::size_t bytes);
  void upgrade(Request&& req);
  // The client's IP address: the one a relay signed in `req`'s Kefu-Relayed-For
  // (server/net/relayed_for.hpp), else the socket's peer ("" when the socket has none any more).
  std::string peer_address(const Request& req);
  // The client and the node that relayed `req`, when its Kefu-Relayed-For is validly signed.
  std::optional<RelayedClient> relayed(const Request& req) const;
  // Starts `session`, kept in relayed_here_ when `node` relayed it (nothing when `node` has
  // just been declared gone: the connection then closes).
  void start(const std::shared_ptr<WebSocketSession>& session,
             const std::optional<std::string>& node, Request&& req);
  template <typename Message>
  void write(Message&& res);
  void on_write(bool keep_alive, boost::beast::error_code ec, std::size_t bytes);
  void refuse(unsigned status, std::string_view code, std::string_view message);

  boost::beast::tcp_stream stream_;
  boost::beast::flat_buffer buffer_;
  ServerState& state_;
  NodeSockets* relayed_here_;
  std::optional<boost::beast::http::request_parser<boost::beast::http::string_body>> parser_;
  std::shared_ptr<void> in_flight_;  // the response being written
};

}  // namespace kefu::net
