#include "server/webhooks/webhook_sender.hpp"

#include <openssl/ssl.h>

#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ssl/host_name_verification.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/ssl.hpp>
#include <charconv>
#include <memory>

#include "server/webhooks/verified_tls.hpp"

namespace kefu::webhooks {
namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
namespace ssl = asio::ssl;
using tcp = asio::ip::tcp;

namespace {

constexpr std::size_t kResponseLimit = 64 * 1024;
constexpr std::size_t kKeptResponse = 1000;

std::optional<std::int64_t> retry_after(std::string_view header) {
  std::int64_t seconds = 0;
  const auto [end, ec] = std::from_chars(header.data(), header.data() + header.size(), seconds);
  if (header.empty() || ec != std::errc() || end != header.data() + header.size() || seconds < 0) {
    return std::nullopt;
  }
  return seconds * 1000;
}

// One POST, alive while an operation of it is pending.
class Call : public std::enable_shared_from_this<Call> {
 public:
  Call(asio::any_io_executor executor, const AddressPolicy& policy,
       std::shared_ptr<ssl::context> tls, std::chrono::milliseconds timeout, WebhookPost post,
       std::function<void(WebhookResponse)> done)
      : resolver_(executor),
        policy_(policy),
        tls_context_(std::move(tls)),
        timeout_(timeout),
        post_(std::move(post)),
        done_(std::move(done)),
        started_(std::chrono::steady_clock::now()) {
    if (post_.target.tls) {
      tls_stream_ = std::make_unique<beast::ssl_stream<beast::tcp_stream>>(executor, *tls_context_);
    } else {
      plain_ = std::make_unique<beast::tcp_stream>(executor);
    }
  }

  void run() {
    request_.method(http::verb::post);
    request_.target(post_.target.target);
    const bool default_port = post_.target.port == (post_.target.tls ? 443 : 80);
    const bool v6 = post_.target.host.find(':') != std::string::npos;
    const std::string host = v6 ? "[" + post_.target.host + "]" : post_.target.host;
    request_.set(http::field::host,
                 default_port ? host : host + ":" + std::to_string(post_.target.port));
    request_.set(http::field::user_agent, "Kefu-Webhooks/1");
    request_.set(http::field::content_type, "application/json");
    request_.set("webhook-id", post_.webhook_id);
    request_.set("webhook-timestamp", std::to_string(post_.timestamp_s));
    request_.set("webhook-signature", post_.signature);
    request_.body() = std::move(post_.body);
    request_.prepare_payload();
    request_.keep_alive(false);
    parser_.body_limit(kResponseLimit);

    lowest().expires_after(timeout_);
    resolver_.async_resolve(
        post_.target.host, std::to_string(post_.target.port),
        [self = shared_from_this()](beast::error_code ec, tcp::resolver::results_type found) {
          self->resolved(ec, std::move(found));
        });
  }

 private:
  beast::tcp_stream& lowest() {
    return tls_stream_ ? beast::get_lowest_layer(*tls_stream_) : *plain_;
  }

  // Runs `f` on the stream the request goes through (TLS or plain).
  template <typename F>
  void with_stream(F f) {
    if (tls_stream_) {
      f(*tls_stream_);
    } else {
      f(*plain_);
    }
  }

  void finish(WebhookResponse r) {
    r.duration_ms = std::chrono::duration_cast<std::chrono::milliseconds>(
                        std::chrono::steady_clock::now() - started_)
                        .count();
    beast::error_code ignored;
    lowest().socket().close(ignored);
    if (done_) std::exchange(done_, nullptr)(std::move(r));
  }

  void failed(std::string_view what, beast::error_code ec) {
    WebhookResponse r;
    r.error = ec == beast::error::timeout ? "timeout" : std::string(what);
    if (parser_.is_header_done()) r.status = static_cast<int>(parser_.get().result_int());
    finish(std::move(r));
  }

  void resolved(beast::error_code ec, tcp::resolver::results_type found) {
    if (ec) return failed("resolve_failed", ec);
    // Every address the name resolves to must be allowed (a name that resolves to a public
    // and a private address is refused), and these are the addresses connected to.
    std::vector<tcp::endpoint> endpoints;
    for (const auto& entry : found) {
      if (!policy_.allows(entry.endpoint().address())) {
        WebhookResponse r;
        r.error = "forbidden_address";
        return finish(std::move(r));
      }
      endpoints.push_back(entry.endpoint());
    }
    lowest().async_connect(endpoints,
                           [self = shared_from_this()](beast::error_code ec, const tcp::endpoint&) {
                             self->connected(ec);
                           });
  }

  void connected(beast::error_code ec) {
    if (ec) return failed("connect_failed", ec);
    auto* tls = tls_stream_.get();
    if (tls == nullptr) return write();
    if (!SSL_set_tlsext_host_name(tls->native_handle(), post_.target.host.c_str())) {
      return failed("tls_failed", {});
    }
    tls->set_verify_mode(ssl::verify_peer);
    tls->set_verify_callback(ssl::host_name_verification(post_.target.host));
    tls->async_handshake(ssl::stream_base::client,
                         [self = shared_from_this()](beast::error_code ec) {
                           if (ec) return self->failed("tls_failed", ec);
                           self->write();
                         });
  }

  void write() {
    auto written = [self = shared_from_this()](beast::error_code ec, std::size_t) {
      if (ec) return self->failed("send_failed", ec);
      self->read();
    };
    with_stream([&](auto& stream) { http::async_write(stream, request_, written); });
  }

  void read() {
    auto got = [self = shared_from_this()](beast::error_code ec, std::size_t) {
      if (ec && ec != http::error::body_limit) return self->failed("no_answer", ec);
      WebhookResponse r;
      const auto& res = self->parser_.get();
      r.status = static_cast<int>(res.result_int());
      r.body = res.body().substr(0, kKeptResponse);
      if (auto found = res.find(http::field::retry_after); found != res.end()) {
        r.retry_after_ms = retry_after(found->value());
      }
      self->finish(std::move(r));
    };
    with_stream([&](auto& stream) { http::async_read(stream, buffer_, parser_, got); });
  }

  tcp::resolver resolver_;
  AddressPolicy policy_;
  std::shared_ptr<ssl::context> tls_context_;
  std::chrono::milliseconds timeout_;
  WebhookPost post_;
  std::function<void(WebhookResponse)> done_;
  std::chrono::steady_clock::time_point started_;
  std::unique_ptr<beast::tcp_stream> plain_;
  std::unique_ptr<beast::ssl_stream<beast::tcp_stream>> tls_stream_;
  http::request<http::string_body> request_;
  http::response_parser<http::string_body> parser_;
  beast::flat_buffer buffer_;
};

}  // namespace

WebhookSender::WebhookSender(asio::any_io_executor executor, AddressPolicy policy,
                             std::chrono::milliseconds timeout)
    : executor_(std::move(executor)),
      policy_(std::move(policy)),
      timeout_(timeout),
      tls_(verified_tls()) {}

void WebhookSender::send(WebhookPost post, std::function<void(WebhookResponse)> done) {
  std::make_shared<Call>(executor_, policy_, tls_, timeout_, std::move(post), std::move(done))
      ->run();
}

}  // namespace kefu::webhooks
