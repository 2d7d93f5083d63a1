#include "server/net/http_session.hpp"

#include <algorithm>
#include <boost/asio/dispatch.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/websocket/rfc6455.hpp>
#include <boost/url/parse.hpp>

#include "server/net/api_routes.hpp"
#include "server/net/attachment_routes.hpp"
#include "server/net/message_framing.hpp"
#include "server/net/relayed_for.hpp"
#include "server/net/static_files.hpp"
#include "server/net/visitor_token_offer.hpp"
#include "server/net/websocket_session.hpp"

namespace kefu::net {
namespace beast = boost::beast;
namespace http = beast::http;
namespace net = boost::asio;

namespace {
constexpr std::uint32_t kHeaderLimit = 8 * 1024;
constexpr std::uint64_t kBodyLimit = 64 * 1024;
}  // namespace

HttpSession::HttpSession(net::ip::tcp::socket&& socket, ServerState& state,
                         NodeSockets* relayed_here)
    : stream_(std::move(socket)), state_(state), relayed_here_(relayed_here) {}

void HttpSession::run() {
  net::dispatch(stream_.get_executor(),
                beast::bind_front_handler(&HttpSession::do_read, shared_from_this()));
}

void HttpSession::do_read() {
  parser_.emplace();
  parser_->header_limit(kHeaderLimit);
  // The largest body any route takes; on_header narrows it to the route's own limit.
  parser_->body_limit(std::max<std::uint64_t>(kBodyLimit, state_.settings().attachment_max_bytes));
  stream_.expires_after(std::chrono::milliseconds(state_.settings().request_timeout_ms));
  http::async_read_header(stream_, buffer_, *parser_,
                          beast::bind_front_handler(&HttpSession::on_header, shared_from_this()));
}

void HttpSession::on_header(beast::error_code ec, std::size_t bytes) {
  if (ec) return on_read(ec, bytes);
  // Before any of the body is read: a request framed ambiguously is refused, and the
  // connection closed, so that no byte after it is ever taken for a request.
  if (auto fault = framing_fault(parser_->get().base())) return refuse(400, "bad_framing", *fault);
  // An attachment's upload may be larger than other bodies (ServeSettings::attachment_max_bytes).
  // A declared length is checked here (Beast checks it when the header is parsed, against the
  // largest limit); a chunked body against the limit set now, as it arrives.
  const std::uint64_t limit = is_attachment_upload(parser_->get().base())
                                  ? state_.settings().attachment_max_bytes
                                  : kBodyLimit;
  parser_->body_limit(limit);
  if (auto length = parser_->content_length(); length && *length > limit) {
    return refuse(413, "body_too_large", "body over the limit");
  }
  http::async_read(stream_, buffer_, *parser_,
                   beast::bind_front_handler(&HttpSession::on_read, shared_from_this()));
}

void HttpSession::refuse(unsigned status, std::string_view code, std::string_view message) {
  Request bare;
  bare.version(11);
  bare.keep_alive(false);
  auto res = error_response(bare, status, code, message);
  res.keep_alive(false);
  write(std::move(res));
}

void HttpSession::on_read(beast::error_code ec, std::size_t) {
  if (ec == http::error::header_limit)
    return refuse(431, "headers_too_large", "headers over 8 KiB");
  if (ec == http::error::body_limit) return refuse(413, "body_too_large", "body over the limit");
  if (ec == http::error::end_of_stream) {
    stream_.socket().shutdown(net::ip::tcp::socket::shutdown_send, ec);
    return;
  }
  if (ec == beast::error::timeout) return;  // slow or silent client: drop it
  if (ec == http::error::bad_transfer_encoding || ec == http::error::bad_content_length ||
      ec == http::error::multiple_content_length) {
    return refuse(400, "bad_framing", "the length of the body is ambiguous");
  }
  if (ec) {
    if (ec.category() == beast::http::make_error_code(http::error::bad_target).category()) {
      return refuse(400, "bad_request", "malformed HTTP request");
    }
    return;
  }
  Request req = parser_->release();
  if (beast::websocket::is_upgrade(req)) return upgrade(std::move(req));
  const bool keep_alive = req.keep_alive();
  auto self = shared_from_this();
  Reply reply = [self](Response res) {
    net::dispatch(self->stream_.get_executor(),
                  [self, res = std::move(res)]() mutable { self->write(std::move(res)); });
  };
  if (handle_api(Request(req), state_, std::move(reply), peer_address(req))) return;
  if (req.method() == http::verb::get || req.method() == http::verb::head) {
    if (auto file = static_file(req, state_.settings().static_dir)) {
      if (req.method() == http::verb::head) {
        http::response<http::empty_body> head{file->result(), file->version()};
        head.base() = file->base();
        head.keep_alive(keep_alive);
        return write(std::move(head));
      }
      return write(std::move(*file));
    }
  }
  write(error_response(req, 404, "not_found", "no such page"));
}

std::string HttpSession::peer_address(const Request& req) {
  // Through a standby node's relay: the client's address as the relay signed it. A header
  // without a valid signature is ignored (anyone may send one).
  if (auto client = relayed(req)) return client->address;
  beast::error_code ec;
  const auto peer = stream_.socket().remote_endpoint(ec);
  return ec ? std::string() : peer.address().to_string();
}

std::optional<RelayedClient> HttpSession::relayed(const Request& req) const {
  const auto header = req.find(kRelayedForHeader);
  if (header == req.end()) return std::nullopt;
  return RelayedFor::verify(state_.settings().cluster_key, header->value(),
                            std::chrono::system_clock::now());
}

void HttpSession::start(const std::shared_ptr<WebSocketSession>& session,
                        const std::optional<std::string>& node, Request&& req) {
  // Declared gone between the check and now: the session goes unstarted, closing the
  // connection (the relay answers its client 502, and the client tries again).
  if (node && relayed_here_ != nullptr && !relayed_here_->add(*node, session)) return;
  session->run(std::move(req));
}

void HttpSession::upgrade(Request&& req) {
  if (!state_.origins().upgrade_allowed(req)) {
    return refuse(403, "forbidden_origin", "origin not allowed");
  }
  const std::string target(req.target());
  const std::string path = target.substr(0, target.find('?'));
  // Relayed by a node of the cluster: none from a node that stopped heartbeating, until it
  // heartbeats again (NodeSockets).
  std::optional<std::string> node;
  if (auto client = relayed(req)) node = std::move(client->node);
  if (node && relayed_here_ != nullptr && !relayed_here_->accepts(*node)) {
    auto res = error_response(
        req, 503, "standby",
        "node " + *node + ", which relays this socket, missed its heartbeats; retry");
    res.set(http::field::retry_after, "1");
    res.keep_alive(false);
    return write(std::move(res));
  }
  stream_.expires_never();
  if (path == "/ws/customer") {
    const auto offer = VisitorTokenOffer::of(req);
    if (!offer.token) return refuse(offer.status, offer.code, offer.message);
    auto customer = state_.customer_for_token(*offer.token);
    if (!customer) return refuse(401, "unauthorized", "unknown visitor token");
    start(std::make_shared<WebSocketSession>(std::move(stream_), state_, *customer), node,
          std::move(req));
    return;
  }
  if (path == "/ws/staff") {
    auto staff = state_.staff_for_session(session_cookie(req));
    if (!staff) return refuse(401, "unauthorized", "log in first");
    start(std::make_shared<WebSocketSession>(std::move(stream_), state_, std::move(*staff)), node,
          std::move(req));
    return;
  }
  refuse(404, "not_found", "no such socket");
}

template <typename Message>
void HttpSession::write(Message&& res) {
  const bool keep_alive = res.keep_alive();
  add_common_headers(res.base());
  auto owned = std::make_shared<std::decay_t<Message>>(std::forward<Message>(res));
  in_flight_ = owned;
  stream_.expires_after(std::chrono::milliseconds(state_.settings().request_timeout_ms));
  http::async_write(
      stream_, *owned,
      beast::bind_front_handler(&HttpSession::on_write, shared_from_this(), keep_alive));
}

void HttpSession::on_write(bool keep_alive, beast::error_code ec, std::size_t) {
  in_flight_.reset();
  if (ec) return;
  if (!keep_alive) {
    stream_.socket().shutdown(net::ip::tcp::socket::shutdown_send, ec);
    return;
  }
  do_read();
}

}  // namespace kefu::net
