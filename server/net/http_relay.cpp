#include "server/net/http_relay.hpp"

#include <boost/asio/dispatch.hpp>
#include <boost/beast/core/bind_handler.hpp>
#include <boost/beast/http/read.hpp>
#include <boost/beast/http/write.hpp>
#include <boost/beast/websocket/rfc6455.hpp>
#include <boost/url/parse.hpp>
#include <chrono>

#include "server/cluster/advertised_address.hpp"
#include "server/net/attachment_routes.hpp"
#include "server/net/hop_by_hop.hpp"
#include "server/net/message_framing.hpp"
#include "server/net/relayed_for.hpp"
#include "server/net/standby_answer.hpp"
#include "server/net/websocket_relay.hpp"

namespace kefu::net {
namespace beast = boost::beast;
namespace http = beast::http;
namespace net = boost::asio;

namespace {

constexpr std::uint32_t kHeaderLimit = 8 * 1024;
constexpr std::uint64_t kBodyLimit = 64 * 1024;
// The desk's answer: its header at most, and what the relay reads from the desk at most at a
// time (the parser's buffer); a piece of its body in hand at most.
constexpr std::uint32_t kAnswerHeaderLimit = 32 * 1024;
constexpr std::size_t kDeskBuffer = 32 * 1024;
constexpr std::size_t kPiece = 16 * 1024;
constexpr std::chrono::seconds kConnectTimeout{3};
// A standby's /healthz asks the desk's and must have its answer within this.
constexpr std::chrono::seconds kHealthTimeout{2};

// The request's path without its query ("" when the target is not origin-form).
std::string path_of(beast::string_view target) {
  const auto parsed = boost::urls::parse_origin_form(target);
  if (!parsed) return {};
  return std::string(parsed->encoded_path());
}

// True when an answer to `method` with `status` has no body whatever its fields say.
bool bodiless(http::verb method, unsigned status) {
  return method == http::verb::head || status / 100 == 1 || status == 204 || status == 304;
}

}  // namespace

HttpRelay::HttpRelay(net::ip::tcp::socket&& socket, std::shared_ptr<const RelayPlan> plan)
    : stream_(std::move(socket)),
      plan_(std::move(plan)),
      resolver_(stream_.get_executor()),
      desk_buffer_(kDeskBuffer) {
  beast::error_code ec;
  const auto peer = stream_.socket().remote_endpoint(ec);
  if (!ec) client_address_ = peer.address().to_string();
}

void HttpRelay::run() {
  net::dispatch(stream_.get_executor(),
                beast::bind_front_handler(&HttpRelay::do_read, shared_from_this()));
}

void HttpRelay::do_read() {
  parser_.emplace();
  parser_->header_limit(kHeaderLimit);
  parser_->body_limit(plan_->body_limit);
  stream_.expires_after(plan_->request_timeout);
  http::async_read_header(stream_, buffer_, *parser_,
                          beast::bind_front_handler(&HttpRelay::on_header, shared_from_this()));
}

void HttpRelay::on_header(beast::error_code ec, std::size_t bytes) {
  if (ec) return on_read(ec, bytes);
  // As HttpSession: an ambiguously framed request is refused before its body, never relayed.
  if (auto fault = framing_fault(parser_->get().base())) return refuse(400, "bad_framing", *fault);
  // The desk's own limits (HttpSession::on_header): an attachment's upload up to its limit, any
  // other body 64 KiB, so that the relay never holds more than the desk would take.
  const std::uint64_t limit =
      is_attachment_upload(parser_->get().base()) ? plan_->body_limit : kBodyLimit;
  parser_->body_limit(limit);
  if (auto length = parser_->content_length(); length && *length > limit) {
    return refuse(413, "body_too_large", "body over the limit");
  }
  http::async_read(stream_, buffer_, *parser_,
                   beast::bind_front_handler(&HttpRelay::on_read, shared_from_this()));
}

void HttpRelay::refuse(unsigned status, std::string_view code, std::string_view message) {
  Request bare;
  bare.version(11);
  bare.keep_alive(false);
  auto res = error_response(bare, status, code, message);
  res.keep_alive(false);
  add_common_headers(res.base());
  write(std::move(res));
}

void HttpRelay::on_read(beast::error_code ec, std::size_t) {
  if (ec == http::error::header_limit)
    return refuse(431, "headers_too_large", "headers over 8 KiB");
  if (ec == http::error::body_limit) return refuse(413, "body_too_large", "body over the limit");
  if (ec == http::error::bad_transfer_encoding || ec == http::error::bad_content_length ||
      ec == http::error::multiple_content_length) {
    return refuse(400, "bad_framing", "the length of the body is ambiguous");
  }
  if (ec == http::error::end_of_stream) {
    stream_.socket().shutdown(net::ip::tcp::socket::shutdown_send, ec);
    return;
  }
  if (ec == beast::error::timeout) return;  // slow or silent client: drop it
  // Malformed (a bad request line, field or chunk): refused as the desk refuses it
  // (HttpSession::on_read), never dropped without a word.
  if (ec && ec.category() == http::make_error_code(http::error::bad_target).category()) {
    return refuse(400, "bad_request", "malformed HTTP request");
  }
  if (ec) return;  // reset
  relay(parser_->release());
}

void HttpRelay::relay(Request&& req) {
  const auto now = std::chrono::system_clock::now();
  const auto forged = req.find(kRelayedForHeader);
  if (forged != req.end()) {
    if (RelayedFor::verify(plan_->key, forged->value(), now)) {
      // Another node relayed it here, reading a lease older than ours: never a second hop.
      return stand_by(standby_answer(req, "a relayed request reached a node that is not the desk"));
    }
    req.erase(kRelayedForHeader);  // the client's own, forged: only the relay's counts
  }
  if (beast::websocket::is_upgrade(req)) {
    std::make_shared<WebSocketRelay>(std::move(stream_), plan_, client_address_)
        ->run(std::move(req));
    return;
  }
  // Held by the relayed sockets before the lease is read: a desk move from here on reaches this
  // request (it is on this strand with the desk by the time desk_moved() runs).
  if (!round_ || *round_ != plan_->sockets->round()) {
    round_ = plan_->sockets->add_waiting(shared_from_this());
  }
  desk_ = plan_->desk();
  health_check_ = req.method() == http::verb::get && path_of(req.target()) == "/healthz";
  // What the answer needs of the request; its body goes to the desk without a copy.
  request_ = Request{req.method(), req.target(), req.version()};
  request_.keep_alive(req.keep_alive());
  std::optional<cluster::AdvertisedAddress> where;
  if (!desk_.address.empty() && desk_.node != plan_->own_node) {
    try {
      where = cluster::parse_advertised_address(desk_.address);
    } catch (const std::invalid_argument&) {
    }
  }
  if (!where) {
    if (health_check_) return stand_by(standby_health(request_));
    return stand_by(standby_answer(request_, desk_.node == plan_->own_node
                                                 ? "this node is becoming the desk"
                                                 : "this node relays to the desk, which is not "
                                                   "known yet"));
  }
  desk_host_ = where->host;
  desk_port_ = where->port;
  desk_key_ = desk_.address + " " + std::to_string(desk_.epoch);
  outbound_ = std::move(req);
  remove_hop_by_hop(outbound_.base());
  // The relay holds the whole body already: no interim 100 Continue to wait for (or to take
  // for the answer).
  outbound_.erase(http::field::expect);
  outbound_.version(11);
  outbound_.keep_alive(true);
  outbound_.set(kRelayedForHeader,
                RelayedFor::sign(plan_->key, client_address_, plan_->own_node, now));
  outbound_.prepare_payload();
  desk_moved_ = false;
  if (auto kept = plan_->desk_connections->take(desk_key_, stream_.get_executor())) {
    kept_ = true;
    desk_took_it_ = true;
    desk_stream_.emplace(std::move(*kept));
    return send();
  }
  connect();
}

void HttpRelay::connect() {
  kept_ = false;
  desk_took_it_ = false;
  resolver_busy_ = true;
  resolver_.async_resolve(desk_host_, desk_port_,
                          beast::bind_front_handler(&HttpRelay::on_resolve, shared_from_this()));
}

void HttpRelay::on_resolve(beast::error_code ec,
                           const net::ip::tcp::resolver::results_type& results) {
  resolver_busy_ = false;
  if (ec || desk_moved_) return unreachable();
  desk_stream_.emplace(stream_.get_executor());
  desk_stream_->expires_after(health_check_ ? kHealthTimeout : kConnectTimeout);
  desk_stream_->async_connect(
      results, beast::bind_front_handler(&HttpRelay::on_connect, shared_from_this()));
}

void HttpRelay::on_connect(beast::error_code ec, const net::ip::tcp::endpoint&) {
  if (ec || desk_moved_) return unreachable();
  // The request leaves at once, whatever pieces its write takes (no Nagle delay).
  beast::error_code ignored;
  desk_stream_->socket().set_option(net::ip::tcp::no_delay(true), ignored);
  desk_took_it_ = true;
  send();
}

void HttpRelay::send() {
  desk_stream_->expires_after(health_check_ ? kHealthTimeout : plan_->request_timeout);
  desk_buffer_.clear();
  answer_.reset();
  http::async_write(*desk_stream_, outbound_,
                    beast::bind_front_handler(&HttpRelay::on_sent, shared_from_this()));
}

void HttpRelay::on_sent(beast::error_code ec, std::size_t) {
  if (ec) return desk_broke(ec);
  answer_.emplace();
  answer_->header_limit(kAnswerHeaderLimit);
  answer_->body_limit(boost::none);  // streamed: no limit to its size
  if (request_.method() == http::verb::head) answer_->skip(true);
  http::async_read_header(
      *desk_stream_, desk_buffer_, *answer_,
      beast::bind_front_handler(&HttpRelay::on_answer_header, shared_from_this()));
}

void HttpRelay::desk_broke(beast::error_code ec) {
  if (!may_send_again(ec)) return desk_failed(ec);
  close_desk();
  connect();
}

bool HttpRelay::may_send_again(beast::error_code ec) const {
  if (!kept_ || desk_moved_ || ec == beast::error::timeout) return false;
  if (answer_ && (answer_->got_some() || desk_buffer_.size() != 0)) return false;
  switch (request_.method()) {
    case http::verb::get:
    case http::verb::head:
    case http::verb::options:
    case http::verb::put:
    case http::verb::delete_:
      return true;
    default:
      return false;
  }
}

void HttpRelay::on_answer_header(beast::error_code ec, std::size_t) {
  if (ec) return desk_broke(ec);
  auto& answer = answer_->get();
  if (health_check_) {
    // Its body is not read: the connection is not kept.
    close_desk();
    if (answer.result() != http::status::ok) return stand_by(standby_health(request_));
    Response relaying{http::status::ok, request_.version()};
    relaying.set(http::field::server, "kefu");
    relaying.set(http::field::content_type, "text/plain");
    relaying.set(http::field::cache_control, "no-store");
    relaying.body() = "relay\n";
    relaying.keep_alive(request_.keep_alive());
    relaying.prepare_payload();
    return write(std::move(relaying));
  }
  desk_keeps_alive_ = answer_->keep_alive();
  const auto length = answer_->content_length();
  remove_hop_by_hop(answer.base());
  answer.version(request_.version());
  bool keep_alive = request_.keep_alive();
  // The length the desk gave stands for a body that is not sent (HEAD, 204, 304).
  if (!bodiless(request_.method(), answer.result_int())) {
    if (length) {
      answer.content_length(*length);
    } else if (request_.version() >= 11) {
      answer.chunked(true);
    } else {
      keep_alive = false;  // an HTTP/1.0 client: the end of the connection ends the body
    }
  }
  answer.keep_alive(keep_alive);
  header_sent_ = false;
  serializer_.emplace(answer);
  if (answer_->is_done()) {
    // No body (HEAD, 204, 304, an empty one): the header is the whole answer.
    stream_.expires_after(plan_->request_timeout);
    return http::async_write_header(stream_, *serializer_,
                                    [self = shared_from_this()](beast::error_code ec, std::size_t) {
                                      if (ec) return self->client_gone();
                                      self->finish();
                                    });
  }
  if (!piece_) piece_ = std::make_unique<char[]>(kPiece);
  read_piece();
}

void HttpRelay::read_piece() {
  auto& body = answer_->get().body();
  body.data = piece_.get();
  body.size = kPiece;
  desk_stream_->expires_after(plan_->request_timeout);
  auto next = beast::bind_front_handler(&HttpRelay::on_piece, shared_from_this());
  // The first piece whole (or the whole body when shorter): an answer that breaks before it is
  // still a 502 with nothing of it sent. Then each piece as it arrives.
  if (!header_sent_)
    return http::async_read(*desk_stream_, desk_buffer_, *answer_, std::move(next));
  http::async_read_some(*desk_stream_, desk_buffer_, *answer_, std::move(next));
}

void HttpRelay::on_piece(beast::error_code ec, std::size_t) {
  if (ec == http::error::need_buffer) ec = {};
  if (ec) {
    if (!header_sent_) return desk_failed(ec);
    return cut();
  }
  auto& body = answer_->get().body();
  body.size = kPiece - body.size;
  body.data = piece_.get();
  body.more = !answer_->is_done();
  stream_.expires_after(plan_->request_timeout);
  http::async_write(stream_, *serializer_,
                    beast::bind_front_handler(&HttpRelay::on_piece_sent, shared_from_this()));
}

void HttpRelay::on_piece_sent(beast::error_code ec, std::size_t) {
  if (ec == http::error::need_buffer) ec = {};
  if (ec) return client_gone();
  header_sent_ = true;
  if (serializer_->is_done()) return finish();
  read_piece();
}

void HttpRelay::finish() {
  const bool keep_alive = answer_->get().keep_alive();
  if (desk_keeps_alive_ && answer_->is_done() && desk_buffer_.size() == 0) {
    plan_->desk_connections->give_back(desk_key_, desk_stream_->release_socket());
    desk_stream_.reset();
  } else {
    close_desk();
  }
  serializer_.reset();
  answer_.reset();
  header_sent_ = false;
  if (!keep_alive) {
    beast::error_code ignored;
    stream_.socket().shutdown(net::ip::tcp::socket::shutdown_send, ignored);
    return;
  }
  do_read();
}

void HttpRelay::desk_moved() {
  net::dispatch(stream_.get_executor(), [self = shared_from_this()] {
    if (!self->desk_stream_ && !self->resolver_busy_) return;  // not with the desk now
    self->desk_moved_ = true;
    self->resolver_.cancel();
    if (self->desk_stream_) {
      // Closed, not destroyed: a completion already queued finds it closed and fails.
      beast::error_code ignored;
      self->desk_stream_->socket().shutdown(net::ip::tcp::socket::shutdown_both, ignored);
      self->desk_stream_->close();
    }
  });
}

void HttpRelay::client_gone() {
  // The rest of the answer has nowhere to go.
  close_desk();
  serializer_.reset();
  answer_.reset();
  beast::error_code ignored;
  stream_.socket().close(ignored);
}

void HttpRelay::close_desk() {
  if (desk_stream_) {
    beast::error_code ignored;
    desk_stream_->socket().shutdown(net::ip::tcp::socket::shutdown_both, ignored);
    desk_stream_->close();
    desk_stream_.reset();
  }
  desk_buffer_.clear();
}

void HttpRelay::cut() {
  close_desk();
  serializer_.reset();
  answer_.reset();
  // A reset, not an end: a client reading to the end of the connection (HTTP/1.0) must not take
  // what it has for the whole answer.
  beast::error_code ignored;
  stream_.socket().set_option(net::socket_base::linger(true, 0), ignored);
  stream_.socket().close(ignored);
}

void HttpRelay::unreachable() {
  close_desk();
  answer_.reset();
  if (health_check_) return stand_by(standby_health(request_));
  stand_by(standby_answer(
      request_, "this node relays to the desk, node " + desk_.node + ", which does not answer"));
}

void HttpRelay::desk_failed(beast::error_code ec) {
  if (!desk_took_it_ || health_check_) return unreachable();
  close_desk();
  serializer_.reset();
  answer_.reset();
  const std::string desk = "the desk, node " + desk_.node;
  if (ec == beast::error::timeout) {
    return write(desk_timeout_answer(
        request_, desk + ", did not answer within " +
                      std::to_string(plan_->request_timeout.count() / 1000) + " s"));
  }
  write(bad_gateway_answer(request_, desk + ", did not answer whole (" + ec.message() + ")"));
}

void HttpRelay::stand_by(Response res) {
  // The connection is closed after it: the client's retry comes on a new one, which reaches
  // this node's own HttpSession once it is the desk (a kept-alive relay would answer 503 for as
  // long as the client kept it), or another node.
  res.keep_alive(false);
  write(std::move(res));
}

template <typename Message>
void HttpRelay::write(Message&& res) {
  const bool keep_alive = res.keep_alive();
  auto owned = std::make_shared<std::decay_t<Message>>(std::forward<Message>(res));
  in_flight_ = owned;
  stream_.expires_after(plan_->request_timeout);
  http::async_write(
      stream_, *owned,
      beast::bind_front_handler(&HttpRelay::on_write, shared_from_this(), keep_alive));
}

void HttpRelay::on_write(bool keep_alive, beast::error_code ec, std::size_t) {
  in_flight_.reset();
  if (ec) return;
  if (!keep_alive) {
    stream_.socket().shutdown(net::ip::tcp::socket::shutdown_send, ec);
    return;
  }
  do_read();
}

}  // namespace kefu::net
