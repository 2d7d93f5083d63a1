#pragma once

#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/http/parser.hpp>
#include <boost/beast/http/string_body.hpp>
#include <functional>
#include <memory>
#include <string>

namespace kefu::net {

// One HTTP connection to a node that stands by for the desk (server/net/desk_candidate.hpp):
// reads one request (Beast, 8 KiB of headers, the whole request within 5 s) and answers 503
// with `Retry-After: 1`, then closes the connection, so that a load balancer's kept-alive
// connection never stays on a standby that has since become the desk.
// - GET /healthz: `standby\n` (text/plain): load balancers send clients to the node whose
//   /healthz is 200, the desk;
// - anything else, WebSocket upgrades included: {"error":"standby","message":"this node stands
//   by; the desk is node X"} (X from the desk's lease when known).
// Keeps itself alive with shared_from_this().
class StandbyAnswer : public std::enable_shared_from_this<StandbyAnswer> {
 public:
  // `desk_node` says which node is the desk now ("" when not known); called on this
  // connection's strand, so it must be thread-safe.
  StandbyAnswer(boost::asio::ip::tcp::socket&& socket, std::function<std::string()> desk_node);

  void run();

 private:
  void on_read(boost::beast::error_code ec, std::size_t bytes);
  void on_write(boost::beast::error_code ec, std::size_t bytes);

  boost::beast::tcp_stream stream_;
  boost::beast::flat_buffer buffer_;
  std::function<std::string()> desk_node_;
  boost::beast::http::request_parser<boost::beast::http::string_body> parser_;
  std::shared_ptr<void> in_flight_;  // the response being written
};

}  // namespace kefu::net
