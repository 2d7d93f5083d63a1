#include "tests/support/loopback_clients.hpp"

#include <atomic>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <chrono>
#include <thread>

namespace kefu::testing {
namespace beast = boost::beast;
namespace http = beast::http;
namespace net = boost::asio;
using tcp = net::ip::tcp;

namespace {

http::request<http::string_body> request_of(unsigned short port, const AddressedRequest& r) {
  http::request<http::string_body> req{http::string_to_verb(r.method), r.target, 11};
  const std::string host = "127.0.0.1:" + std::to_string(port);
  req.set(http::field::host, host);
  // Writes come from the server's own pages unless the test says otherwise (OriginPolicy), as
  // in test_client; an empty Origin header removes it.
  if (r.method != "GET" && r.method != "HEAD") req.set(http::field::origin, "http://" + host);
  for (const auto& [name, value] : r.headers) {
    if (beast::iequals(name, "Origin") && value.empty()) {
      req.erase(http::field::origin);
    } else {
      req.set(name, value);
    }
  }
  req.body() = r.body;
  req.prepare_payload();
  return req;
}

HttpReply reply_of(const http::response<http::string_body>& res) {
  HttpReply reply;
  reply.status = static_cast<int>(res.result_int());
  reply.body = res.body();
  for (const auto& field : res) {
    std::string name(field.name_string());
    for (auto& c : name) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    reply.headers[name] = std::string(field.value());
  }
  return reply;
}

void bind_to(beast::tcp_stream& stream, const std::string& source) {
  stream.socket().open(tcp::v4());
  stream.socket().bind(tcp::endpoint(net::ip::make_address(source), 0));
}

// One request of a flood: connects, writes, reads, and keeps its answer.
struct Exchange : std::enable_shared_from_this<Exchange> {
  Exchange(net::io_context& io, http::request<http::string_body> req, HttpReply& out,
           std::atomic<int>& written)
      : stream(io), request(std::move(req)), reply(out), written_count(written) {}

  void run(const std::string& source, unsigned short port) {
    bind_to(stream, source);
    stream.expires_after(std::chrono::seconds(30));
    stream.async_connect(tcp::endpoint(net::ip::make_address("127.0.0.1"), port),
                         [self = shared_from_this()](beast::error_code ec) {
                           if (ec) return self->done_writing();
                           http::async_write(self->stream, self->request,
                                             [self](beast::error_code ec, std::size_t) {
                                               self->done_writing();
                                               if (!ec) self->read();
                                             });
                         });
  }

  void done_writing() {
    if (!counted) ++written_count;
    counted = true;
  }

  void read() {
    http::async_read(stream, buffer, response,
                     [self = shared_from_this()](beast::error_code ec, std::size_t) {
                       if (!ec) self->reply = reply_of(self->response);
                     });
  }

  beast::tcp_stream stream;
  http::request<http::string_body> request;
  HttpReply& reply;
  std::atomic<int>& written_count;
  bool counted = false;
  beast::flat_buffer buffer;
  http::response<http::string_body> response;
};

}  // namespace

HttpReply http_request_from(unsigned short port, const AddressedRequest& request) {
  net::io_context io;
  beast::tcp_stream stream(io);
  bind_to(stream, request.source);
  stream.connect(tcp::endpoint(net::ip::make_address("127.0.0.1"), port));
  auto req = request_of(port, request);
  stream.expires_after(std::chrono::seconds(10));
  http::write(stream, req);
  beast::flat_buffer buffer;
  http::response<http::string_body> res;
  beast::error_code ec;
  http::read(stream, buffer, res, ec);
  if (ec) return {};
  return reply_of(res);
}

struct RequestFlood::Impl {
  unsigned short port;
  std::vector<AddressedRequest> requests;
  std::vector<HttpReply> replies;
  std::atomic<int> written{0};
  net::io_context io;
  std::thread runner;
};

RequestFlood::RequestFlood(unsigned short port, std::vector<AddressedRequest> requests)
    : impl_(std::make_unique<Impl>()) {
  impl_->port = port;
  impl_->requests = std::move(requests);
  impl_->replies.resize(impl_->requests.size());
}

RequestFlood::~RequestFlood() {
  impl_->io.stop();
  if (impl_->runner.joinable()) impl_->runner.join();
}

void RequestFlood::start() {
  for (std::size_t i = 0; i < impl_->requests.size(); ++i) {
    const auto& r = impl_->requests[i];
    std::make_shared<Exchange>(impl_->io, request_of(impl_->port, r), impl_->replies[i],
                               impl_->written)
        ->run(r.source, impl_->port);
  }
  impl_->runner = std::thread([this] { impl_->io.run(); });
}

bool RequestFlood::sent(int timeout_ms) {
  const auto end = std::chrono::steady_clock::now() + std::chrono::milliseconds(timeout_ms);
  while (impl_->written < static_cast<int>(impl_->requests.size())) {
    if (std::chrono::steady_clock::now() > end) return false;
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  return true;
}

std::vector<HttpReply> RequestFlood::finish(int timeout_ms) {
  const auto end = std::chrono::steady_clock::now() + std::chrono::milliseconds(timeout_ms);
  // The runner ends by itself when every exchange is over.
  while (!impl_->io.stopped() && std::chrono::steady_clock::now() < end) {
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  impl_->io.stop();
  if (impl_->runner.joinable()) impl_->runner.join();
  return impl_->replies;
}

}  // namespace kefu::testing
