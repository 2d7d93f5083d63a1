#include "tests/support/test_client.hpp"

#include <array>
#include <boost/asio/connect.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/websocket.hpp>
#include <boost/json.hpp>
#include <chrono>
#include <deque>
#include <functional>

namespace kefu::testing {
namespace beast = boost::beast;
namespace http = beast::http;
namespace websocket = beast::websocket;
namespace net = boost::asio;
namespace json = boost::json;
using tcp = net::ip::tcp;

HttpReply http_request(unsigned short port, const std::string& method, const std::string& target,
                       const std::string& body, const std::map<std::string, std::string>& headers) {
  net::io_context io;
  beast::tcp_stream stream(io);
  stream.connect(tcp::endpoint(net::ip::make_address("127.0.0.1"), port));
  http::request<http::string_body> req{http::string_to_verb(method), target, 11};
  const std::string host = "127.0.0.1:" + std::to_string(port);
  req.set(http::field::host, host);
  // Writes come from the server's own pages unless the test says otherwise (OriginPolicy).
  const auto method_verb = req.method();
  if (method_verb != http::verb::get && method_verb != http::verb::head &&
      method_verb != http::verb::options) {
    req.set(http::field::origin, "http://" + host);
  }
  for (const auto& [name, value] : headers) {
    if (beast::iequals(name, "Origin") && value.empty()) {
      req.erase(http::field::origin);
    } else {
      req.set(name, value);
    }
  }
  req.body() = body;
  req.prepare_payload();
  stream.expires_after(std::chrono::seconds(10));
  http::write(stream, req);
  beast::flat_buffer buffer;
  http::response<http::string_body> res;
  beast::error_code ec;
  http::read(stream, buffer, res, ec);
  HttpReply reply;
  if (ec) return reply;  // status 0: the server dropped the connection
  reply.status = static_cast<int>(res.result_int());
  reply.body = res.body();
  for (const auto& field : res) {
    std::string name(field.name_string());
    for (auto& c : name) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    reply.headers[name] = std::string(field.value());
  }
  return reply;
}

int ms_until_dropped(unsigned short port, const std::string& partial, int limit_ms) {
  net::io_context io;
  tcp::socket socket(io);
  socket.connect(tcp::endpoint(net::ip::make_address("127.0.0.1"), port));
  net::write(socket, net::buffer(partial));
  const auto start = std::chrono::steady_clock::now();
  char byte = 0;
  bool ended = false;

  socket.async_read_some(net::buffer(&byte, 1),
                         [&](beast::error_code ec, std::size_t) { ended = ec.failed(); });
  io.run_for(std::chrono::milliseconds(limit_ms));
  if (!ended) return -1;
  return static_cast<int>(std::chrono::duration_cast<std::chrono::milliseconds>(
                              std::chrono::steady_clock::now() - start)
                              .count());
}

RawExchange raw_exchange(unsigned short port, const std::string& bytes, int limit_ms,
                         const std::string& enough) {
  net::io_context io;
  tcp::socket socket(io);
  socket.connect(tcp::endpoint(net::ip::make_address("127.0.0.1"), port));
  beast::error_code write_failed;  // the server may close before it has read everything
  net::write(socket, net::buffer(bytes), write_failed);
  RawExchange exchange;
  std::array<char, 4096> chunk{};
  std::function<void()> read_more = [&] {
    socket.async_read_some(net::buffer(chunk), [&](beast::error_code ec, std::size_t n) {
      exchange.received.append(chunk.data(), n);
      if (ec) {
        exchange.closed = true;
        return;
      }
      if (!enough.empty() && exchange.received.find(enough) != std::string::npos) return;
      read_more();
    });
  };
  read_more();
  io.run_for(std::chrono::milliseconds(limit_ms));
  return exchange;
}

std::map<std::string, std::string> as(const std::string& cookie) {
  return {{"Cookie", "kefu_session=" + cookie}};
}

std::string log_in(unsigned short port, const std::string& login, const std::string& password) {
  auto reply = http_request(port, "POST", "/api/login",
                            json::serialize(json::object{{"login", login}, {"password", password}}),
                            {{"Content-Type", "application/json"}});
  if (reply.status != 200) return {};
  const std::string& cookie = reply.headers["set-cookie"];
  const auto start = cookie.find('=') + 1;
  return cookie.substr(start, cookie.find(';') - start);
}

std::string new_visitor(unsigned short port) {
  auto reply = http_request(port, "POST", "/api/widget/visitor", "{}",
                            {{"Content-Type", "application/json"}});
  return std::string(json::parse(reply.body).at("token").as_string());
}

// One read is always outstanding once the socket is open; frames and the end of the socket
// are queued as they arrive, and waiting runs the io_context until something is queued or time
// is up. Nothing is ever cancelled, so a wait that times out leaves the stream usable.
struct WsClient::Impl {
  net::io_context io;
  websocket::stream<beast::tcp_stream> ws{io};
  beast::flat_buffer buffer;
  std::deque<std::string> frames;
  std::optional<beast::error_code> ended;
  std::string subprotocol;

  void start_read() {
    ws.async_read(buffer, [this](beast::error_code ec, std::size_t) {
      if (ec) {
        ended = ec;
        return;
      }
      frames.push_back(beast::buffers_to_string(buffer.data()));
      buffer.consume(buffer.size());
      start_read();
    });
  }

  // True when a frame is queued (or the socket ended) before the time is up.
  bool wait(int timeout_ms) {
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(timeout_ms);
    while (frames.empty() && !ended) {
      const auto left = deadline - std::chrono::steady_clock::now();
      if (left <= std::chrono::milliseconds(0)) return false;
      io.restart();
      io.run_one_for(left);
    }
    return true;
  }
};

std::string customer_subprotocols(const std::string& token) {
  return "kefu.customer.v1, kefu.visitor-token." + token;
}

WsClient::WsClient(unsigned short port, const std::string& target, const std::string& origin,
                   const std::string& cookie, const std::string& subprotocols, int limit_ms)
    : impl_(std::make_unique<Impl>()) {
  const tcp::endpoint endpoint(net::ip::make_address("127.0.0.1"), port);
  const std::string host = "127.0.0.1:" + std::to_string(port);
  auto& lowest = beast::get_lowest_layer(impl_->ws);
  if (limit_ms == 0) lowest.connect(endpoint);
  impl_->ws.set_option(websocket::stream_base::decorator(
      [origin, cookie, subprotocols](websocket::request_type& req) {
        if (!origin.empty()) req.set(http::field::origin, origin);
        if (!cookie.empty()) req.set(http::field::cookie, "kefu_session=" + cookie);
        if (!subprotocols.empty()) req.set(http::field::sec_websocket_protocol, subprotocols);
      }));
  websocket::response_type res;
  beast::error_code ec;
  if (limit_ms == 0) {
    impl_->ws.handshake(res, host, target, ec);
  } else {
    // Beast's deadlines hold for asynchronous operations only.
    lowest.expires_after(std::chrono::milliseconds(limit_ms));
    lowest.async_connect(endpoint, [&](beast::error_code connect_ec) {
      if (connect_ec) {
        ec = connect_ec;
        return;
      }
      impl_->ws.async_handshake(res, host, target,
                                [&](beast::error_code upgrade_ec) { ec = upgrade_ec; });
    });
    impl_->io.run();
    impl_->io.restart();
    lowest.expires_never();
    if (ec == beast::error::timeout) throw UpgradeRefused(0, "no upgrade in time");
  }
  if (ec) throw UpgradeRefused(static_cast<int>(res.result_int()), res.body());
  impl_->subprotocol = std::string(res[http::field::sec_websocket_protocol]);
  impl_->ws.read_message_max(1 << 20);
  impl_->start_read();
}

WsClient::~WsClient() = default;

std::unique_ptr<WsClient> WsClient::customer(unsigned short port, const std::string& origin,
                                             const std::string& token, int limit_ms) {
  return std::make_unique<WsClient>(port, "/ws/customer", origin, "", customer_subprotocols(token),
                                    limit_ms);
}

std::unique_ptr<WsClient> WsClient::staff(unsigned short port, const std::string& origin,
                                          const std::string& cookie, int limit_ms) {
  return std::make_unique<WsClient>(port, "/ws/staff", origin, cookie, "", limit_ms);
}

const std::string& WsClient::subprotocol() const {
  return impl_->subprotocol;
}

void WsClient::send(const std::string& text) {
  impl_->ws.text(true);
  impl_->ws.write(net::buffer(text));
}

void WsClient::send_json(const json::value& v) {
  send(json::serialize(v));
}

void WsClient::send_binary_text_frame(const std::string& bytes) {
  // Beast does not check what it sends, so this can put invalid UTF-8 in a text frame.
  send(bytes);
}

json::value WsClient::next(int timeout_ms) {
  if (!impl_->wait(timeout_ms)) throw std::runtime_error("no frame in time");
  if (impl_->frames.empty()) throw std::runtime_error("socket ended: " + impl_->ended->message());
  auto frame = json::parse(impl_->frames.front());
  impl_->frames.pop_front();
  return frame;
}

json::value WsClient::next_of_type(const std::string& type, int timeout_ms) {
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(timeout_ms);
  for (;;) {
    const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
                          deadline - std::chrono::steady_clock::now())
                          .count();
    if (left <= 0) throw std::runtime_error("no '" + type + "' frame in time");
    auto v = next(static_cast<int>(left));
    if (v.as_object().at("type").as_string() == type) return v;
  }
}

std::optional<json::value> WsClient::quiet_for(int ms) {
  if (!impl_->wait(ms) || impl_->frames.empty()) return std::nullopt;
  return next(0);
}

int WsClient::closed_with(int timeout_ms) {
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(timeout_ms);
  while (!impl_->ended) {
    const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
                          deadline - std::chrono::steady_clock::now())
                          .count();
    if (left <= 0 || !impl_->wait(static_cast<int>(left))) {
      throw std::runtime_error("the server did not close the socket in time");
    }
    impl_->frames.clear();
  }
  // The server may tear the connection down while this side answers its close frame (broken
  // pipe); the close code it sent is still known.
  return impl_->ws.reason().code != 0 ? impl_->ws.reason().code : -1;
}

void WsClient::kill() {
  beast::error_code ignored;
  beast::get_lowest_layer(impl_->ws).socket().close(ignored);
}

}  // namespace kefu::testing
