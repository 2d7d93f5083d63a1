// A standby's relay as a reverse proxy (server/net/http_relay.hpp, desk_connection_pool.hpp),
// on real `kefu serve` processes and a throw-away PostgreSQL, with a desk played by the test
// (the real desk advertises its address): answers tens of MiB long are streamed byte-exact
// while the standby's memory stays small, an answer the desk cuts mid-body is a cut connection,
// sequential requests share a handful of connections to the desk, and a POST is never sent twice
// on a kept connection the desk closed. The case tagged [.relay_bench] prints the figures of
// docs/architecture.md ("Cluster"): `kefu_cluster_serve_tests '[.relay_bench]'`.
#include <signal.h>

#include <atomic>
#include <boost/asio/write.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/http.hpp>
#include <catch2/catch.hpp>
#include <chrono>
#include <cstdlib>
#include <fstream>
#include <iostream>
#include <map>
#include <memory>
#include <mutex>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "tests/support/cluster_fixture.hpp"

using namespace kefu::testing;
using namespace std::chrono_literals;
namespace beast = boost::beast;
namespace http = beast::http;
namespace net = boost::asio;

namespace {

constexpr std::size_t kLarge = 48 * 1024 * 1024;

// The bytes of a large answer: not one repeated byte, so that a piece out of place shows.
std::shared_ptr<const std::string> large_body() {
  auto body = std::make_shared<std::string>(kLarge, '\0');
  std::uint32_t x = 2463534242u;
  for (auto& c : *body) {
    x ^= x << 13;
    x ^= x >> 17;
    x ^= x << 5;
    c = static_cast<char>(x);
  }
  return body;
}

// A desk played by the test on 127.0.0.1: it counts the connections it accepts and the requests
// it reads ("METHOD /target"), and answers by target, keeping each connection alive:
// - /large: kLarge bytes with a Content-Length; /large-chunked: the same, chunked (64 KiB);
// - /cut: a Content-Length of kLarge, 1 MiB of it, and the connection closed;
// - /close-after: "ok", and the connection closed (an idle kept one the desk ended);
// - /drop-if-kept: on a connection that served a request before, the request read and the
//   connection closed without a byte of answer (a kept one the desk ended as it arrived);
//   else "ok";
// - anything else: "ok".
class PlayedDesk {
 public:
  PlayedDesk() : acceptor_(io_, {net::ip::make_address("127.0.0.1"), 0}), large_(large_body()) {
    std::ostringstream chunked;
    for (std::size_t at = 0; at < large_->size(); at += 64 * 1024) {
      const std::size_t n = std::min<std::size_t>(64 * 1024, large_->size() - at);
      chunked << std::hex << n << "\r\n" << large_->substr(at, n) << "\r\n";
    }
    chunked << "0\r\n\r\n";
    chunked_ = std::make_shared<const std::string>(chunked.str());
    accept();
    thread_ = std::thread([this] { io_.run(); });
  }
  ~PlayedDesk() {
    io_.stop();
    thread_.join();
  }
  std::string address() const {
    return "http://127.0.0.1:" + std::to_string(acceptor_.local_endpoint().port());
  }
  const std::string& large() const { return *large_; }
  int accepted() const { return accepted_.load(); }
  int requests(const std::string& what) {
    std::lock_guard lock(mutex_);
    return static_cast<int>(std::count(read_.begin(), read_.end(), what));
  }

 private:
  struct Connection : std::enable_shared_from_this<Connection> {
    Connection(PlayedDesk& d, net::ip::tcp::socket s) : desk(d), stream(std::move(s)) {}
    PlayedDesk& desk;
    beast::tcp_stream stream;
    beast::flat_buffer buffer;
    http::request<http::string_body> req;
    std::string head;
    int served = 0;

    void read() {
      req = {};
      http::async_read(stream, buffer, req,
                       [self = shared_from_this()](beast::error_code ec, std::size_t) {
                         if (!ec) self->answer();
                       });
    }
    void close() {
      beast::error_code ignored;
      stream.socket().shutdown(net::ip::tcp::socket::shutdown_both, ignored);
      stream.socket().close(ignored);
    }
    void answer() {
      const std::string target(req.target());
      {
        std::lock_guard lock(desk.mutex_);
        desk.read_.push_back(std::string(req.method_string()) + " " + target);
      }
      if (target == "/drop-if-kept" && served > 0) return close();
      ++served;
      const bool then_close = target == "/close-after" || target == "/cut";
      std::shared_ptr<const std::string> body;
      std::size_t length = 2;
      if (target == "/large" || target == "/cut") {
        body = desk.large_;
        length = target == "/cut" ? 1024 * 1024 : kLarge;
        head = "HTTP/1.1 200 OK\r\nContent-Type: application/octet-stream\r\nContent-Length: " +
               std::to_string(kLarge) + "\r\n\r\n";
      } else if (target == "/large-chunked") {
        body = desk.chunked_;
        length = body->size();
        head =
            "HTTP/1.1 200 OK\r\nContent-Type: application/octet-stream\r\nTransfer-Encoding: "
            "chunked\r\n\r\n";
      } else {
        body = std::make_shared<const std::string>("ok");
        head = "HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: 2\r\n\r\n";
      }
      const std::array<net::const_buffer, 2> out{net::buffer(head),
                                                 net::buffer(body->data(), length)};
      net::async_write(
          stream.socket(), out,
          [self = shared_from_this(), body, then_close](beast::error_code ec, std::size_t) {
            if (ec || then_close) return self->close();
            self->read();
          });
    }
  };

  void accept() {
    acceptor_.async_accept([this](beast::error_code ec, net::ip::tcp::socket socket) {
      if (ec) return;
      ++accepted_;
      std::make_shared<Connection>(*this, std::move(socket))->read();
      accept();
    });
  }

  net::io_context io_;
  net::ip::tcp::acceptor acceptor_;
  std::shared_ptr<const std::string> large_;
  std::shared_ptr<const std::string> chunked_;
  std::thread thread_;
  std::atomic<int> accepted_{0};
  std::mutex mutex_;
  std::vector<std::string> read_;  // GUARDED_BY(mutex_)
};

// One client connection to a node, kept alive across the requests asked on it.
class Client {
 public:
  explicit Client(unsigned short port) : port_(port), stream_(io_) {
    stream_.connect(net::ip::tcp::endpoint(net::ip::make_address("127.0.0.1"), port));
  }
  // The answer to METHOD target, or the error that ended it (a cut connection).
  struct Answer {
    beast::error_code ec;
    int status = 0;
    std::string body;
    std::map<std::string, std::string> fields;
  };
  Answer ask(http::verb method, const std::string& target, bool keep_alive = true) {
    http::request<http::string_body> req{method, target, 11};
    req.set(http::field::host, "127.0.0.1:" + std::to_string(port_));
    if (method == http::verb::post) {
      req.set(http::field::origin, "http://127.0.0.1:" + std::to_string(port_));
      req.body() = "{}";
    }
    req.keep_alive(keep_alive);
    req.prepare_payload();
    Answer answer;
    stream_.expires_after(20s);
    http::write(stream_, req, answer.ec);
    if (answer.ec) return answer;
    http::response_parser<http::string_body> parser;
    parser.body_limit(boost::none);
    http::read(stream_, buffer_, parser, answer.ec);
    if (answer.ec) return answer;
    answer.status = static_cast<int>(parser.get().result_int());
    for (const auto& field : parser.get()) {
      answer.fields[std::string(field.name_string())] = std::string(field.value());
    }
    answer.body = parser.release().body();
    return answer;
  }

 private:
  unsigned short port_;
  net::io_context io_;
  beast::tcp_stream stream_;
  beast::flat_buffer buffer_;
};

// The standby's peak resident memory so far (VmHWM), in KiB.
long peak_kib(pid_t pid) {
  std::ifstream status("/proc/" + std::to_string(pid) + "/status");
  std::string line;
  while (std::getline(status, line)) {
    if (line.starts_with("VmHWM:")) return std::stol(line.substr(6));
  }
  return -1;
}

// True when the process runs under AddressSanitizer (KEFU_SANITIZE=ON): its quarantine keeps
// up to 256 MiB of freed memory from reuse, so its peak RSS bounds nothing of what it holds.
bool under_address_sanitizer(pid_t pid) {
  std::ifstream maps("/proc/" + std::to_string(pid) + "/maps");
  std::string line;
  while (std::getline(maps, line)) {
    if (line.find("libasan") != std::string::npos) return true;
  }
  return false;
}

// node-a, the desk, advertising the played desk's address; node-b standing by, relaying there.
std::pair<std::unique_ptr<ClusterNode>, std::unique_ptr<ClusterNode>> relaying_to(
    const Cluster& cluster, const PlayedDesk& played) {
  auto a = cluster.node("node-a", 3000, {"--advertise", played.address()});
  REQUIRE(a->wait_for("desk: node node-a epoch 1", kStart));
  auto b = cluster.node("node-b", 3000, {"--request-timeout", "5"});
  REQUIRE(b->wait_for("standby: node node-b", kStart));
  return {std::move(a), std::move(b)};
}

void stop(ClusterNode& a, ClusterNode& b) {
  a.signal(SIGTERM);
  b.signal(SIGTERM);
  CHECK(a.wait_exit(5s) == 0);
  CHECK(b.wait_exit(5s) == 0);
}

}  // namespace

TEST_CASE("a 48 MiB answer streams through the standby byte-exact in little memory",
          "[cluster][relay]") {
  Cluster cluster;
  PlayedDesk played;
  auto [a, b] = relaying_to(cluster, played);
  Client warm(b->port());
  REQUIRE(warm.ask(http::verb::get, "/small").status == 200);
  const long before = peak_kib(b->pid());
  for (const std::string target : {"/large", "/large-chunked"}) {
    CAPTURE(target);
    Client client(b->port());
    auto got = client.ask(http::verb::get, target);
    REQUIRE_FALSE(got.ec);
    CHECK(got.status == 200);
    CHECK(got.body.size() == kLarge);
    CHECK((got.body == played.large()));
    if (target == "/large") {
      CHECK(got.fields["Content-Length"] == std::to_string(kLarge));
    } else {
      CHECK(got.fields["Transfer-Encoding"] == "chunked");
    }
    // Kept alive: the next request on the same connection is answered.
    CHECK(client.ask(http::verb::get, "/small").body == "ok");
  }
  const long grown = peak_kib(b->pid()) - before;
  std::cout << "standby peak RSS grew by " << grown << " KiB over two 48 MiB answers\n";
  CHECK(before > 0);
  if (under_address_sanitizer(b->pid())) {
    WARN("node-b runs under AddressSanitizer: its peak RSS is not checked");
  } else {
    CHECK(grown < 8 * 1024);
  }
  stop(*a, *b);
}

TEST_CASE("an answer the desk cuts mid-body is a cut connection, not a shorter success",
          "[cluster][relay]") {
  Cluster cluster;
  PlayedDesk played;
  auto [a, b] = relaying_to(cluster, played);
  Client client(b->port());
  const auto cut = client.ask(http::verb::get, "/cut");
  CHECK(cut.ec);
  CHECK(cut.status == 0);
  // The standby serves on.
  CHECK(Client(b->port()).ask(http::verb::get, "/small").body == "ok");
  stop(*a, *b);
}

TEST_CASE("sequential requests through the standby share a handful of desk connections",
          "[cluster][relay]") {
  Cluster cluster;
  PlayedDesk played;
  auto [a, b] = relaying_to(cluster, played);
  // 100 on one kept-alive client connection, 100 on a new client connection each.
  {
    Client client(b->port());
    for (int i = 0; i < 100; ++i) REQUIRE(client.ask(http::verb::get, "/small").body == "ok");
  }
  for (int i = 0; i < 100; ++i) {
    REQUIRE(Client(b->port()).ask(http::verb::get, "/small", false).body == "ok");
  }
  CHECK(played.requests("GET /small") == 200);
  CHECK(played.accepted() <= 3);
  // Idle kept connections are closed after a few seconds: the next request opens a new one.
  const int before = played.accepted();
  std::this_thread::sleep_for(5500ms);
  CHECK(Client(b->port()).ask(http::verb::get, "/small").body == "ok");
  CHECK(played.accepted() == before + 1);
  stop(*a, *b);
}

TEST_CASE("a kept desk connection closed under a request: a GET goes again, a POST never",
          "[cluster][relay]") {
  Cluster cluster;
  PlayedDesk played;
  auto [a, b] = relaying_to(cluster, played);
  Client client(b->port());
  // The desk ends a kept connection as a POST arrives on it: 502, and it was read once.
  REQUIRE(client.ask(http::verb::get, "/small").body == "ok");
  const auto post = client.ask(http::verb::post, "/drop-if-kept");
  CHECK(post.status == 502);
  CHECK(played.requests("POST /drop-if-kept") == 1);
  // The same for a GET: sent again on a new connection, answered.
  Client other(b->port());
  REQUIRE(other.ask(http::verb::get, "/small").body == "ok");
  const auto get = other.ask(http::verb::get, "/drop-if-kept");
  CHECK(get.status == 200);
  CHECK(get.body == "ok");
  CHECK(played.requests("GET /drop-if-kept") == 2);
  // A kept connection the desk closed while it was idle is never used: a POST after it is sent
  // once, on a new connection, and answered.
  REQUIRE(other.ask(http::verb::get, "/close-after").body == "ok");
  std::this_thread::sleep_for(200ms);
  const int accepted = played.accepted();
  const auto after = other.ask(http::verb::post, "/counted");
  CHECK(after.status == 200);
  CHECK(played.requests("POST /counted") == 1);
  CHECK(played.accepted() == accepted + 1);
  stop(*a, *b);
}

TEST_CASE("relay figures: small GETs per second and peak memory of a large answer",
          "[.relay_bench]") {
  Cluster cluster;
  PlayedDesk played;
  auto [a, b] = relaying_to(cluster, played);
  auto per_second = [&](bool keep_alive) {
    const auto start = std::chrono::steady_clock::now();
    int done = 0;
    std::unique_ptr<Client> kept;
    while (std::chrono::steady_clock::now() - start < 3s) {
      if (!keep_alive || !kept) kept = std::make_unique<Client>(b->port());
      if (kept->ask(http::verb::get, "/small", keep_alive).status == 200) ++done;
    }
    return done / std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  };
  const double kept_rate = per_second(true);
  const double new_rate = per_second(false);
  const int accepted = played.accepted();
  const long before = peak_kib(b->pid());
  Client client(b->port());
  const auto large = client.ask(http::verb::get, "/large");
  CHECK((large.body == played.large()));
  const long after = peak_kib(b->pid());
  std::cout << "through the standby, sequential GET /small (played desk): " << kept_rate
            << " req/s on one client connection, " << new_rate
            << " req/s on a new client connection each; desk connections accepted: " << accepted
            << "\nstandby peak RSS (VmHWM) " << before << " KiB before a 48 MiB answer, " << after
            << " KiB after (+" << (after - before) << " KiB)\n";
  // With wrk installed: 4 connections kept alive for 3 s.
  if (std::system("command -v wrk >/dev/null") == 0) {
    const std::string wrk = "wrk -t1 -c4 -d3s http://127.0.0.1:" + std::to_string(b->port()) +
                            "/small | grep -E 'Requests/sec|Latency'";
    std::cout << "wrk -t1 -c4 -d3s through the standby:\n" << std::flush;
    CHECK(std::system(wrk.c_str()) == 0);
    std::cout << "desk connections accepted in all: " << played.accepted() << "\n";
  }
  stop(*a, *b);
}
