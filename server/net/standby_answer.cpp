#include "server/net/standby_answer.hpp"

#include <boost/asio/dispatch.hpp>
#include <boost/beast/core/bind_handler.hpp>
#include <boost/beast/http/read.hpp>
#include <boost/beast/http/write.hpp>
#include <boost/json/object.hpp>
#include <boost/json/serialize.hpp>
#include <boost/url/parse.hpp>
#include <chrono>

namespace kefu::net {
namespace beast = boost::beast;
namespace http = beast::http;
namespace net = boost::asio;

namespace {

constexpr std::uint32_t kHeaderLimit = 8 * 1024;
constexpr std::uint64_t kBodyLimit = 64 * 1024;
constexpr std::chrono::seconds kRequestTimeout{5};

// The request's path without its query ("" when the target is not origin-form).
std::string path_of(beast::string_view target) {
  const auto parsed = boost::urls::parse_origin_form(target);
  if (!parsed) return {};
  return std::string(parsed->encoded_path());
}

}  // namespace

StandbyAnswer::StandbyAnswer(net::ip::tcp::socket&& socket, std::function<std::string()> desk_node)
    : stream_(std::move(socket)), desk_node_(std::move(desk_node)) {
  parser_.header_limit(kHeaderLimit);
  parser_.body_limit(kBodyLimit);
}

void StandbyAnswer::run() {
  net::dispatch(stream_.get_executor(), [self = shared_from_this()] {
    self->stream_.expires_after(kRequestTimeout);
    http::async_read(self->stream_, self->buffer_, self->parser_,
                     beast::bind_front_handler(&StandbyAnswer::on_read, self));
  });
}

void StandbyAnswer::on_read(beast::error_code ec, std::size_t) {
  if (ec) {
    // A request too large, malformed or too slow gets no answer: the connection just closes.
    stream_.socket().shutdown(net::ip::tcp::socket::shutdown_both, ec);
    return;
  }
  const auto& req = parser_.get();
  auto res = std::make_shared<http::response<http::string_body>>(http::status::service_unavailable,
                                                                 req.version());
  res->set(http::field::server, "kefu");
  res->set(http::field::retry_after, "1");
  res->set(http::field::cache_control, "no-store");
  if (path_of(req.target()) == "/healthz" && req.method() == http::verb::get) {
    res->set(http::field::content_type, "text/plain");
    res->body() = "standby\n";
  } else {
    const std::string desk = desk_node_();
    const std::string message = desk.empty() ? "this node stands by; the desk is not known yet"
                                             : "this node stands by; the desk is node " + desk;
    res->set(http::field::content_type, "application/json");
    boost::json::object body;
    body["error"] = "standby";
    body["message"] = message;
    res->body() = boost::json::serialize(body);
  }
  res->keep_alive(false);
  res->prepare_payload();
  in_flight_ = res;
  stream_.expires_after(kRequestTimeout);
  http::async_write(stream_, *res,
                    beast::bind_front_handler(&StandbyAnswer::on_write, shared_from_this()));
}

void StandbyAnswer::on_write(beast::error_code ec, std::size_t) {
  in_flight_.reset();
  stream_.socket().shutdown(net::ip::tcp::socket::shutdown_send, ec);
}

}  // namespace kefu::net
