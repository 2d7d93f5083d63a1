// The edge of a standby's relay (server/net/http_relay.hpp, websocket_relay.hpp) as an attacker
// and an operator see it, on real `kefu serve` processes and a throw-away PostgreSQL: odd and
// ambiguously framed requests fare the same through the relay as at the desk, a desk that
// misbehaves gets 502 or 504 (never a hang), slow clients are dropped by the relay as the desk
// drops them, and a kept-alive connection through a node that became the desk is not answered
// 503 for ever (docs/security/edge.md, "Through a standby's relay").
#include <signal.h>

#include <array>
#include <atomic>
#include <boost/asio/read_until.hpp>
#include <boost/asio/write.hpp>
#include <boost/json.hpp>
#include <catch2/catch.hpp>
#include <chrono>
#include <future>
#include <mutex>
#include <optional>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "tests/support/cluster_fixture.hpp"
#include "tests/support/floor_helpers.hpp"

using namespace kefu::testing;
using namespace std::chrono_literals;
namespace json = boost::json;
namespace beast = boost::beast;
namespace http = beast::http;

namespace {

// A desk that misbehaves, in the test: it listens on 127.0.0.1 and, for each connection, reads
// the request's header, then sends `answer` and closes (a garbage or cut-short answer), or, when
// `answer` is empty, sends nothing and waits for the other side to close.
class FaultyDesk {
 public:
  FaultyDesk() : acceptor_(io_, {boost::asio::ip::make_address("127.0.0.1"), 0}) {
    accept();
    thread_ = std::thread([this] { io_.run(); });
  }
  ~FaultyDesk() {
    io_.stop();
    thread_.join();
  }
  unsigned short port() const { return acceptor_.local_endpoint().port(); }
  std::string address() const { return "http://127.0.0.1:" + std::to_string(port()); }
  void answer_with(std::string answer) {
    std::lock_guard lock(mutex_);
    answer_ = std::move(answer);
  }
  // How many connections the other side closed while the desk stayed silent.
  int closed_on_it() const { return closed_on_it_.load(); }
  // How many requests the desk has read and stays silent on.
  int silent_on() const { return silent_on_.load(); }
  // Whether silent_on() (closed_on_it()) reached `n` within `limit`.
  bool until_silent_on(int n, std::chrono::milliseconds limit) const {
    return until([&] { return silent_on() >= n; }, limit);
  }
  bool until_closed_on_it(int n, std::chrono::milliseconds limit) const {
    return until([&] { return closed_on_it() >= n; }, limit);
  }

 private:
  struct Connection {
    explicit Connection(boost::asio::io_context& io) : socket(io) {}
    boost::asio::ip::tcp::socket socket;
    std::string read;
    std::array<char, 512> chunk{};
  };

  void accept() {
    auto connection = std::make_shared<Connection>(io_);
    acceptor_.async_accept(connection->socket, [this, connection](boost::system::error_code ec) {
      if (ec) return;
      accept();
      boost::asio::async_read_until(
          connection->socket, boost::asio::dynamic_buffer(connection->read), "\r\n\r\n",
          [this, connection](boost::system::error_code ec, std::size_t) {
            if (ec) return;
            std::string answer;
            {
              std::lock_guard lock(mutex_);
              answer = answer_;
            }
            if (answer.empty()) {
              ++silent_on_;
              return wait_for_close(connection);
            }
            boost::asio::async_write(connection->socket, boost::asio::buffer(answer),
                                     [connection](boost::system::error_code, std::size_t) {
                                       boost::system::error_code ignored;
                                       connection->socket.close(ignored);
                                     });
          });
    });
  }
  template <typename Done>
  static bool until(Done done, std::chrono::milliseconds limit) {
    const auto deadline = std::chrono::steady_clock::now() + limit;
    while (!done() && std::chrono::steady_clock::now() < deadline) {
      std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    return done();
  }
  void wait_for_close(const std::shared_ptr<Connection>& connection) {
    connection->socket.async_read_some(
        boost::asio::buffer(connection->chunk),
        [this, connection](boost::system::error_code ec, std::size_t) {
          if (ec) {
            ++closed_on_it_;
            return;
          }
          wait_for_close(connection);
        });
  }

  boost::asio::io_context io_;
  boost::asio::ip::tcp::acceptor acceptor_;
  std::thread thread_;
  std::mutex mutex_;
  std::string answer_;  // GUARDED_BY(mutex_)
  std::atomic<int> closed_on_it_{0};
  std::atomic<int> silent_on_{0};
};

// One kept-alive HTTP/1.1 connection to a node.
class KeptConnection {
 public:
  explicit KeptConnection(unsigned short port) : port_(port), stream_(io_) {
    stream_.connect(
        boost::asio::ip::tcp::endpoint(boost::asio::ip::make_address("127.0.0.1"), port));
  }
  // GET /api/me on it, kept alive; nothing when no answer came within `limit` (the connection
  // is then closed).
  std::optional<http::response<http::string_body>> ask(std::chrono::milliseconds limit) {
    http::request<http::empty_body> req{http::verb::get, "/api/me", 11};
    req.set(http::field::host, "127.0.0.1:" + std::to_string(port_));
    req.keep_alive(true);
    http::response<http::string_body> res;
    bool answered = false;
    http::async_write(stream_, req, [&](beast::error_code ec, std::size_t) {
      if (ec) return;
      http::async_read(stream_, buffer_, res,
                       [&](beast::error_code ec, std::size_t) { answered = !ec; });
    });
    io_.restart();
    io_.run_for(limit);
    if (!answered) {
      // No answer in time: the connection is given up, its handlers run out here (they hold
      // this call's locals).
      stream_.close();
      io_.restart();
      io_.run();
      return std::nullopt;
    }
    return res;
  }

 private:
  unsigned short port_;
  boost::asio::io_context io_;
  beast::tcp_stream stream_;
  beast::flat_buffer buffer_;
};

}  // namespace

TEST_CASE("odd, malformed and ambiguously framed requests fare the same through the standby",
          "[cluster][relay]") {
  Cluster cluster;
  auto [a, b] = desk_and_standby(cluster);
  const auto host = [](const ClusterNode& node) {
    return "Host: 127.0.0.1:" + std::to_string(node.port()) + "\r\n";
  };
  const auto status_line = [](const RawExchange& exchange) {
    return exchange.received.substr(0, exchange.received.find("\r\n"));
  };
  const auto answers = [](const RawExchange& exchange) {
    int count = 0;
    for (auto at = exchange.received.find("HTTP/1."); at != std::string::npos;
         at = exchange.received.find("HTTP/1.", at + 1)) {
      ++count;
    }
    return count;
  };
  // Each sent straight to the desk and through the standby: the same status, and as many answers
  // (a second request behind a refused one is never read). Those answered close the connection.
  const std::string behind = "GET /api/me HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n";
  const std::vector<std::pair<std::string, std::string>> odd{
      {"a malformed field", "GET /api/me HTTP/1.1\r\n{HOST}Bad Field: x\r\n\r\n"},
      {"a malformed request line", "GET /api/me\x01 HTTP/1.1\r\n{HOST}\r\n"},
      {"an obs-folded field",
       "GET /api/me HTTP/1.1\r\n{HOST}X-Folded: a\r\n b\r\nConnection: close\r\n\r\n"},
      {"Content-Length and Transfer-Encoding",
       "POST /api/login HTTP/1.1\r\n{HOST}Content-Length: 5\r\nTransfer-Encoding: "
       "chunked\r\n\r\n0\r\n\r\n" +
           behind},
      {"two Transfer-Encoding lines",
       "POST /api/login HTTP/1.1\r\n{HOST}Transfer-Encoding: chunked\r\nTransfer-Encoding: "
       "chunked\r\n\r\n0\r\n\r\n" +
           behind},
      {"a coding after chunked",
       "POST /api/login HTTP/1.1\r\n{HOST}Transfer-Encoding: chunked, gzip\r\n\r\n0\r\n\r\n" +
           behind},
      {"Transfer-Encoding in HTTP/1.0",
       "POST /api/login HTTP/1.0\r\n{HOST}Transfer-Encoding: chunked\r\n\r\n0\r\n\r\n" + behind},
      {"two lengths", "POST /api/login HTTP/1.1\r\n{HOST}Content-Length: 1, 2\r\n\r\nab" + behind},
      {"a bad chunk size",
       "POST /api/login HTTP/1.1\r\n{HOST}Transfer-Encoding: chunked\r\n\r\nzz\r\n\r\n" + behind},
      {"an absolute-form target",
       "GET http://evil.example/api/me HTTP/1.1\r\n{HOST}Connection: close\r\n\r\n"},
      {"CONNECT", "CONNECT 127.0.0.1:5432 HTTP/1.1\r\n{HOST}Connection: close\r\n\r\n"},
      {"an upgrade to something else",
       "GET /api/me HTTP/1.1\r\n{HOST}Connection: Upgrade, close\r\nUpgrade: h2c\r\n\r\n"},
  };
  for (const auto& [what, request] : odd) {
    CAPTURE(what);
    std::vector<RawExchange> got;
    for (const auto* node : {a.get(), b.get()}) {
      std::string bytes = request;
      bytes.replace(bytes.find("{HOST}"), 6, host(*node));
      // Each is answered and closed at once; the limit is for a loaded machine.
      got.push_back(raw_exchange(node->port(), bytes, 10000));
    }
    CHECK(status_line(got[1]) == status_line(got[0]));
    CHECK(answers(got[1]) == answers(got[0]));
    CHECK(got[1].received.starts_with("HTTP/1.1 4"));
  }
  // A chunked body reaches the desk whole, and a second request pipelined behind it on the kept
  // alive connection is answered second, by the desk.
  const std::string body = R"({"login":"alice","password":"not-her-password"})";
  std::ostringstream size;
  size << std::hex << body.size();
  const auto piped = raw_exchange(
      b->port(), "POST /api/login HTTP/1.1\r\n" + host(*b) + "Origin: " + b->origin() +
                     "\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n" +
                     size.str() + "\r\n" + body + "\r\n0\r\n\r\nGET /api/me HTTP/1.1\r\n" +
                     host(*b) + "Connection: close\r\n\r\n");
  CHECK(answers(piped) == 2);
  const auto second = piped.received.find("HTTP/1.1", 1);
  CHECK(piped.received.starts_with("HTTP/1.1 401"));
  CHECK(piped.received.find("invalid_credentials") < second);
  CHECK(piped.received.substr(second).starts_with("HTTP/1.1 401"));
  CHECK(piped.closed);
  CHECK(cluster.count("SELECT count(*) FROM staff_sessions") == 0);
  a->signal(SIGTERM);
  b->signal(SIGTERM);
  CHECK(a->wait_exit(5s) == 0);
  CHECK(b->wait_exit(5s) == 0);
}

TEST_CASE("a customer's subprotocol offer over several lines fares the same through the standby",
          "[cluster][relay]") {
  Cluster cluster;
  auto [a, b] = desk_and_standby(cluster);
  const auto token = new_visitor(a->port());
  const auto other = new_visitor(a->port());
  // The customer subprotocol and the token on two lines; then a second token on a line of its own
  // (refused by the desk: one token only).
  const std::vector<std::pair<std::string, std::string>> offers{
      {"two lines",
       "Sec-WebSocket-Protocol: kefu.customer.v1\r\n"
       "Sec-WebSocket-Protocol: kefu.visitor-token." +
           token + "\r\n"},
      {"a second token", "Sec-WebSocket-Protocol: kefu.customer.v1, kefu.visitor-token." + token +
                             "\r\nSec-WebSocket-Protocol: kefu.visitor-token." + other + "\r\n"},
  };
  for (const auto& [what, offer] : offers) {
    CAPTURE(what);
    std::vector<std::string> status;
    for (const auto* node : {a.get(), b.get()}) {
      const auto got = raw_exchange(
          node->port(),
          "GET /ws/customer HTTP/1.1\r\nHost: 127.0.0.1:" + std::to_string(node->port()) +
              "\r\nOrigin: " + node->origin() +
              "\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Version: "
              "13\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n" +
              offer + "\r\n",
          10000, "\r\n\r\n");  // the answer's header is enough (a 101 stays open)
      status.push_back(got.received.substr(0, got.received.find("\r\n")));
    }
    CHECK(status[1] == status[0]);
    CHECK(status[1] ==
          (what == "two lines" ? "HTTP/1.1 101 Switching Protocols" : "HTTP/1.1 400 Bad Request"));
  }
  CHECK(cluster.count("SELECT count(*) FROM visitors") == 2);
  a->signal(SIGTERM);
  b->signal(SIGTERM);
  CHECK(a->wait_exit(5s) == 0);
  CHECK(b->wait_exit(5s) == 0);
}

TEST_CASE("a desk that answers garbage, cuts its answer short or stays silent: 502 and 504",
          "[cluster][relay]") {
  Cluster cluster;
  FaultyDesk faulty;
  // The desk advertises the faulty one's address: node-b relays there.
  auto a = cluster.node("node-a", 3000, {"--advertise", faulty.address()});
  REQUIRE(a->wait_for("desk: node node-a epoch 1", kStart));
  auto b = cluster.node("node-b", 3000, {"--request-timeout", "2"});
  REQUIRE(b->wait_for("standby: node node-b", kStart));
  const std::string login = R"({"login":"alice","password":")" + kPassword + "\"}";

  for (const std::string& answer :
       {std::string("this is not HTTP\r\n\r\n"),
        std::string("HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\ncut short")}) {
    CAPTURE(answer);
    faulty.answer_with(answer);
    const auto start = std::chrono::steady_clock::now();
    const auto res = http_request(b->port(), "POST", "/api/login", login);
    // 502, not the 504 of the request timeout (2 s): the relay gave up on the answer itself
    // (the time only bounds a hang: a loaded machine may take more than 2 s).
    CHECK(std::chrono::steady_clock::now() - start < 5s);
    CHECK(res.status == 502);
    CHECK(text_at(json::parse(res.body), "error") == "bad_gateway");
    CHECK(res.headers.count("retry-after") == 0);
    CHECK(res.body.find("cut short") == std::string::npos);  // nothing of the desk's passed on
  }
  // An upgrade the desk answers with no HTTP at all (a desk's HTTP refusal, 401 or 403, would be
  // passed on as it is).
  faulty.answer_with("this is not HTTP\r\n\r\n");
  try {
    WsClient::customer(b->port(), b->origin(), new_visitor(a->port()));
    FAIL("the standby took a socket the desk did not take");
  } catch (const UpgradeRefused& refused) {
    CHECK(refused.status == 502);
    CHECK(text_at(json::parse(refused.body), "error") == "bad_gateway");
  }

  // A desk that takes the request and never answers: 504 after the request timeout (2 s), and
  // the relay lets go of its connection to the desk.
  faulty.answer_with("");
  const auto start = std::chrono::steady_clock::now();
  const auto slow = http_request(b->port(), "POST", "/api/login", login);
  const auto waited = std::chrono::steady_clock::now() - start;
  CHECK(slow.status == 504);
  CHECK(text_at(json::parse(slow.body), "error") == "desk_timeout");
  CHECK(waited >= 1900ms);
  CHECK(waited < 5s);
  CHECK(faulty.until_closed_on_it(1, 2s));
  CHECK(faulty.closed_on_it() == 1);
  // Slow clients are dropped by the relay itself, timed as the desk times them (the request
  // timeout): a header that never ends, a body that never comes. Neither reaches the desk.
  for (const std::string partial :
       {"POST /api/login HTTP/1.1\r\nHost: 127.0.0.1\r\n",
        "POST /api/login HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 10\r\n\r\nab"}) {
    CAPTURE(partial);
    const int dropped = ms_until_dropped(b->port(), partial, 5000);
    CHECK(dropped >= 1900);
    CHECK(dropped < 4000);
  }
  CHECK(faulty.closed_on_it() == 1);
  // Upgrades. A 101 that switches to another protocol is not passed on: 502.
  faulty.answer_with(
      "HTTP/1.1 101 Switching Protocols\r\nUpgrade: h2c\r\nConnection: Upgrade\r\n\r\n");
  try {
    WsClient::customer(b->port(), b->origin(), new_visitor(a->port()));
    FAIL("the standby passed on a switch to another protocol");
  } catch (const UpgradeRefused& refused) {
    CHECK(refused.status == 502);
    CHECK(text_at(json::parse(refused.body), "error") == "bad_gateway");
  }
  // A desk's 101 goes to the client as it is, then the bytes the desk sent behind it, then the
  // connection ends with the desk's.
  const std::string switched =
      "HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
      "Sec-WebSocket-Accept: s3pPLMBiTxaQ9kYGzzhZRbK+xOo=\r\n\r\n";
  faulty.answer_with(switched + "the desk's first frames");
  const auto tunnelled =
      raw_exchange(b->port(),
                   "GET /ws/customer HTTP/1.1\r\nHost: 127.0.0.1:" + std::to_string(b->port()) +
                       "\r\nOrigin: " + b->origin() +
                       "\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Version: "
                       "13\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n\r\n",
                   3000);
  CHECK(tunnelled.received == switched + "the desk's first frames");
  CHECK(tunnelled.closed);
  // A desk that takes the upgrade and never answers: 504 after 5 s.
  faulty.answer_with("");
  const auto upgrade_start = std::chrono::steady_clock::now();
  try {
    WsClient::customer(b->port(), b->origin(), new_visitor(a->port()), 10000);
    FAIL("the standby took a socket the desk did not answer");
  } catch (const UpgradeRefused& refused) {
    CHECK(refused.status == 504);
    CHECK(text_at(json::parse(refused.body), "error") == "desk_timeout");
  }
  CHECK(std::chrono::steady_clock::now() - upgrade_start >= 4900ms);
  // Nothing reached the real desk, and the standby serves on (its health asks the faulty desk).
  CHECK(cluster.count("SELECT count(*) FROM staff_sessions") == 0);
  CHECK(http_request(b->port(), "GET", "/healthz").status == 503);
  a->signal(SIGTERM);
  b->signal(SIGTERM);
  CHECK(a->wait_exit(5s) == 0);
  CHECK(b->wait_exit(5s) == 0);
}

TEST_CASE("a connection kept alive through a standby that became the desk is closed after a 503",
          "[cluster][relay]") {
  Cluster cluster;
  auto [a, b] = desk_and_standby(cluster);
  KeptConnection connection(b->port());
  const auto ask = [&] { return connection.ask(5s); };
  const auto relayed = ask();
  REQUIRE(relayed);
  CHECK(relayed->result_int() == 401);
  CHECK(relayed->keep_alive());

  // node-b becomes the desk. Its relay on the old connection answers 503 once, and closes it:
  // the client's retry comes on a new connection, which node-b's desk serves.
  a->signal(SIGTERM);
  REQUIRE(until_healthy(*b, 5s));
  const auto stale = ask();
  REQUIRE(stale);
  CHECK(stale->result_int() == 503);
  CHECK(text_at(json::parse(stale->body()), "error") == "standby");
  CHECK_FALSE(stale->keep_alive());
  CHECK_FALSE(ask());  // closed: no second answer on it
  const auto retried = http_request(b->port(), "GET", "/api/me");
  CHECK(retried.status == 401);
  CHECK(text_at(json::parse(retried.body), "error") != "standby");
  CHECK(a->wait_exit(5s) == 0);
  b->signal(SIGTERM);
  CHECK(b->wait_exit(5s) == 0);
}

TEST_CASE(
    "a request relayed to a desk that is replaced ends when the new desk rises, not at its "
    "timeout",
    "[cluster][relay]") {
  Cluster cluster;
  FaultyDesk faulty;  // node-a's advertised address: a desk that takes the request and is silent
  faulty.answer_with("");
  auto a = cluster.node("node-a", 3000, {"--advertise", faulty.address()});
  REQUIRE(a->wait_for("desk: node node-a epoch 1", kStart));
  auto b = cluster.node("node-b", 3000, {"--request-timeout", "20"});
  REQUIRE(b->wait_for("standby: node node-b", kStart));
  auto pending = std::async(std::launch::async, [&] {
    return http_request(b->port(), "GET", "/api/me", "", {{"Connection", "close"}});
  });
  REQUIRE(faulty.until_silent_on(1, 10s));
  REQUIRE(faulty.silent_on() == 1);
  // The desk's node dies; node-b wins the desk and ends what it still relayed to the old one.
  a->signal(SIGKILL);
  const auto killed = std::chrono::steady_clock::now();
  REQUIRE(b->wait_for("desk: node node-b epoch 2", kStart));
  REQUIRE(pending.wait_for(10s) == std::future_status::ready);
  const auto res = pending.get();
  CHECK(std::chrono::steady_clock::now() - killed < 10s);  // the request timeout is 20 s
  CHECK(res.status == 502);
  CHECK(text_at(json::parse(res.body), "error") == "bad_gateway");
  // Never sent again to the old desk (a GET may go again only on a kept connection the desk
  // closed by itself).
  CHECK(faulty.silent_on() == 1);
  b->signal(SIGTERM);
  CHECK(b->wait_exit(5s) == 0);
}

TEST_CASE(
    "an upgrade relayed to a desk that is replaced is refused 503 when the new desk rises, not "
    "504 at its timeout",
    "[cluster][relay]") {
  Cluster cluster;
  FaultyDesk faulty;  // node-a's advertised address: a desk that takes the upgrade and is silent
  faulty.answer_with("");
  auto a = cluster.node("node-a", 3000, {"--advertise", faulty.address()});
  REQUIRE(a->wait_for("desk: node node-a epoch 1", kStart));
  auto b = cluster.node("node-b");
  REQUIRE(b->wait_for("standby: node node-b", kStart));
  const std::string visitor = new_visitor(a->port());
  auto pending = std::async(std::launch::async, [&]() -> std::optional<UpgradeRefused> {
    try {
      WsClient::customer(b->port(), b->origin(), visitor, 20000);
    } catch (const UpgradeRefused& refused) {
      return refused;
    }
    return std::nullopt;  // taken: the test fails below
  });
  REQUIRE(faulty.until_silent_on(1, 10s));
  REQUIRE(faulty.silent_on() == 1);
  // The desk's node dies; node-b wins the desk and ends the upgrade it still relayed to the old
  // one: 503 `standby` (the client tries again, and reaches the new desk), where it waited for
  // the 5 s timeout and got 504 `desk_timeout` before.
  a->signal(SIGKILL);
  REQUIRE(b->wait_for("desk: node node-b epoch 2", kStart));
  REQUIRE(pending.wait_for(10s) == std::future_status::ready);
  const auto refused = pending.get();
  REQUIRE(refused);
  CHECK(refused->status == 503);
  CHECK(text_at(json::parse(refused->body), "error") == "standby");
  // The relay let go of its connection to the old desk, and never offered it the upgrade again.
  CHECK(faulty.until_closed_on_it(1, 5s));
  CHECK(faulty.closed_on_it() == 1);
  CHECK(faulty.silent_on() == 1);
  // The retry reaches the new desk.
  auto customer = WsClient::customer(b->port(), b->origin(), new_visitor(b->port()));
  CHECK(customer != nullptr);
  b->signal(SIGTERM);
  CHECK(b->wait_exit(5s) == 0);
}

TEST_CASE(
    "a kept-alive connection's request waiting on a replaced desk is ended at the second desk "
    "move as at the first",
    "[cluster][relay]") {
  Cluster cluster;
  FaultyDesk faulty;  // node-c's advertised address: a desk that takes requests and is silent
  faulty.answer_with("");
  auto a = cluster.node("node-a");
  REQUIRE(a->wait_for("desk: node node-a epoch 1", kStart));
  auto b = cluster.node("node-b", 3000, {"--request-timeout", "20"});
  REQUIRE(b->wait_for("standby: node node-b", kStart));
  auto c = cluster.node("node-c", 3000, {"--advertise", faulty.address()});
  REQUIRE(c->wait_for("standby: node node-c", kStart));

  KeptConnection connection(b->port());
  const auto ask = [&](std::chrono::seconds limit) { return connection.ask(limit); };
  const auto first = ask(5s);
  REQUIRE(first);
  CHECK(first->result_int() == 401);  // node-a's answer, relayed

  // The first move: node-c wins the desk while node-b is frozen (so that node-b cannot win it).
  b->signal(SIGSTOP);
  a->signal(SIGKILL);
  REQUIRE(a->wait_exit(5s));
  REQUIRE(c->wait_for("desk: node node-c epoch 2", kStart));
  b->signal(SIGCONT);
  // Until node-b relays to node-c's address (the silent desk): a request on a connection of its
  // own stays there (it is ended below too), where one relayed to the dead node-a gets 503.
  std::future<HttpReply> probe;
  const auto until = std::chrono::steady_clock::now() + 10s;
  while (faulty.silent_on() < 1 && std::chrono::steady_clock::now() < until) {
    probe = std::async(std::launch::async, [&] {
      return http_request(b->port(), "GET", "/api/me", "", {{"Connection", "close"}});
    });
    // Answered (503: still relayed to node-a), or taken by the silent desk.
    while (probe.wait_for(20ms) != std::future_status::ready && faulty.silent_on() < 1) {
    }
    if (faulty.silent_on() >= 1) break;
    CHECK(probe.get().status == 503);
    std::this_thread::sleep_for(100ms);
  }
  REQUIRE(faulty.silent_on() == 1);

  // The kept-alive connection's next request also waits on the silent desk.
  auto kept = std::async(std::launch::async, [&] { return ask(25s); });
  REQUIRE(faulty.until_silent_on(2, 10s));
  REQUIRE(faulty.silent_on() == 2);
  // The second move: node-c's node dies and node-b wins the desk. Both requests end at once
  // (502: the desk had taken them), not at the 20 s request timeout (504): the kept-alive
  // connection's relay was held again after the first move.
  c->signal(SIGKILL);
  REQUIRE(b->wait_for("desk: node node-b epoch 3", kStart));
  REQUIRE(kept.wait_for(10s) == std::future_status::ready);
  const auto second = kept.get();
  REQUIRE(second);
  CHECK(second->result_int() == 502);
  CHECK(text_at(json::parse(second->body()), "error") == "bad_gateway");
  REQUIRE(probe.wait_for(10s) == std::future_status::ready);
  CHECK(probe.get().status == 502);
  CHECK(faulty.silent_on() == 2);  // neither sent there again
  b->signal(SIGTERM);
  CHECK(b->wait_exit(5s) == 0);
}
