// Every node of a cluster serves every client (issue 19): a standby node relays each HTTP
// request and each WebSocket to the elected desk (server/net/http_relay.hpp,
// websocket_relay.hpp) on real `kefu serve` processes and a throw-away PostgreSQL. Customers and
// agents on different nodes talk, logins and attachments go through a relay, a desk killed under
// a relayed customer ends their connection (1006: a relay is a byte tunnel) and they resume by
// seq, the desk's own close codes reach relayed clients, and a client's address reaches the
// desk's limits only as a relay signed it (server/net/relayed_for.hpp; its own cases are in
// tests/node_heartbeat_test.cpp).
#include <signal.h>

#include <boost/asio/connect.hpp>
#include <boost/json.hpp>
#include <catch2/catch.hpp>
#include <chrono>
#include <fstream>
#include <functional>
#include <string>
#include <thread>

#include "server/net/relayed_for.hpp"
#include "tests/support/cluster_fixture.hpp"
#include "tests/support/floor_helpers.hpp"

using namespace kefu::testing;
using namespace std::chrono_literals;
namespace json = boost::json;
using kefu::net::RelayedFor;

namespace {

// How long a client waits for a frame from a desk that has just risen, or through a relay.
constexpr int kSlow = 15000;

// Skips frames until a `message` with `text` arrives.
json::value message_with(WsClient& client, const std::string& text, int timeout_ms = kSlow) {
  for (;;) {
    auto frame = client.next_of_type("message", timeout_ms);
    if (text_at(frame, "text") == text) return frame;
  }
}

// POST /api/widget/visitor to 127.0.0.1:port from the local address `source` (any of 127/8),
// with `headers`; the status.
int new_visitor_from(const std::string& source, unsigned short port,
                     const std::map<std::string, std::string>& headers = {}) {
  namespace beast = boost::beast;
  namespace http = beast::http;
  namespace net = boost::asio;
  net::io_context io;
  net::ip::tcp::socket socket(io);
  socket.open(net::ip::tcp::v4());
  socket.bind({net::ip::make_address(source), 0});
  socket.connect({net::ip::make_address("127.0.0.1"), port});
  http::request<http::string_body> req{http::verb::post, "/api/widget/visitor", 11};
  req.set(http::field::host, "127.0.0.1:" + std::to_string(port));
  for (const auto& [name, value] : headers) req.insert(name, value);
  req.prepare_payload();
  http::write(socket, req);
  beast::flat_buffer buffer;
  http::response<http::string_body> res;
  http::read(socket, buffer, res);
  return static_cast<int>(res.result_int());
}

}  // namespace

TEST_CASE("a customer on the standby and an agent on the desk talk, and the other way round",
          "[cluster][relay]") {
  Cluster cluster;
  auto [a, b] = desk_and_standby(cluster);

  auto agent = WsClient::staff(a->port(), a->origin(), log_in(a->port(), "alice", kPassword));
  agent->next_of_type("welcome", kSlow);
  go_online(*agent);
  // The customer's token and socket both through node-b.
  const auto token = new_visitor(b->port());
  auto customer = WsClient::customer(b->port(), b->origin(), token);
  CHECK(customer->subprotocol() == "kefu.customer.v1");
  customer->next_of_type("welcome", kSlow);
  customer->send_json(message_frame("c-1", "hello from node-b"));
  const auto ack = customer->next_of_type("ack", kSlow);
  CHECK(number_at(ack, "seq") == 1);
  const std::int64_t id = number_at(ack, "conversation_id");
  CHECK(agent->next_of_type("conversation", kSlow).at("conversation").at("id").as_int64() == id);
  customer->send_json(message_frame("c-2", "anyone there?", id));
  CHECK(number_at(customer->next_of_type("ack", kSlow), "seq") == 2);
  CHECK(number_at(message_with(*agent, "anyone there?"), "seq") == 2);
  agent->send_json(message_frame("a-1", "hello from node-a", id));
  CHECK(number_at(agent->next_of_type("ack", kSlow), "seq") == 3);
  CHECK(number_at(message_with(*customer, "hello from node-a"), "seq") == 3);

  // The other way round: Alice logs in and connects through node-b, a new customer on node-a.
  const auto cookie = log_in(b->port(), "alice", kPassword);
  REQUIRE_FALSE(cookie.empty());
  auto relayed_agent = WsClient::staff(b->port(), b->origin(), cookie);
  relayed_agent->next_of_type("welcome", kSlow);
  go_online(*relayed_agent, "on-b");
  auto other = WsClient::customer(a->port(), a->origin(), new_visitor(a->port()));
  other->next_of_type("welcome", kSlow);
  other->send_json(message_frame("o-1", "hello from node-a's customer"));
  const std::int64_t other_id = number_at(other->next_of_type("ack", kSlow), "conversation_id");
  CHECK(relayed_agent->next_of_type("conversation", kSlow).at("conversation").at("id").as_int64() ==
        other_id);
  relayed_agent->send_json(message_frame("a-2", "answered through node-b", other_id));
  CHECK(number_at(relayed_agent->next_of_type("ack", kSlow), "seq") == 2);
  CHECK(number_at(message_with(*other, "answered through node-b"), "seq") == 2);
  CHECK(cluster.count("SELECT count(*) FROM messages") == 5);

  // A close from the client reaches the desk, which counts the socket gone.
  relayed_agent.reset();
  customer.reset();
  a->signal(SIGTERM);
  b->signal(SIGTERM);
  CHECK(a->wait_exit(5s) == 0);
  CHECK(b->wait_exit(5s) == 0);
}

TEST_CASE("logins, refusals and attachments go through the standby as they would to the desk",
          "[cluster][relay]") {
  Cluster cluster;
  auto [a, b] = desk_and_standby(cluster);

  // A wrong password is refused by the desk, through the relay, and opens no session.
  const auto refused = http_request(b->port(), "POST", "/api/login",
                                    R"({"login":"alice","password":"not-her-password"})");
  CHECK(refused.status == 401);
  CHECK(text_at(json::parse(refused.body), "error") == "invalid_credentials");
  CHECK(cluster.count("SELECT count(*) FROM staff_sessions") == 0);
  const auto cookie = log_in(b->port(), "alice", kPassword);
  REQUIRE_FALSE(cookie.empty());
  CHECK(cluster.count("SELECT count(*) FROM staff_sessions") == 1);
  const auto me = http_request(b->port(), "GET", "/api/me", "", as(cookie));
  CHECK(me.status == 200);
  CHECK(me.body.find("\"alice\"") != std::string::npos);
  // Sockets the desk refuses are refused through the relay with the desk's own status.
  for (const auto& attempt : std::vector<std::function<void()>>{
           [&] { WsClient::customer(b->port(), b->origin(), "not-a-token"); },
           [&] { WsClient::staff(b->port(), b->origin(), "not-a-session"); }}) {
    try {
      attempt();
      FAIL("the relay took a socket the desk refuses");
    } catch (const UpgradeRefused& refused) {
      CHECK(refused.status == 401);
      CHECK(text_at(json::parse(refused.body), "error") == "unauthorized");
    }
  }
  try {
    WsClient::staff(b->port(), "http://evil.example", cookie);
    FAIL("the relay took a staff socket from another origin");
  } catch (const UpgradeRefused& refused) {
    CHECK(refused.status == 403);
  }
  // A cookie-authenticated write from another origin is refused by the desk's origin rule.
  const auto foreign =
      http_request(b->port(), "POST", "/api/logout", "",
                   {{"Cookie", "kefu_session=" + cookie}, {"Origin", "http://evil.example"}});
  CHECK(foreign.status == 403);
  CHECK(text_at(json::parse(foreign.body), "error") == "forbidden_origin");
  CHECK(http_request(b->port(), "GET", "/api/me", "", as(cookie)).status == 200);

  // A customer's 3 MB photo up through node-b, down through either node.
  const auto token = new_visitor(b->port());
  auto customer = WsClient::customer(b->port(), b->origin(), token);
  customer->next_of_type("welcome", kSlow);
  customer->send_json(message_frame("c-1", "my parcel"));
  const std::int64_t id = number_at(customer->next_of_type("ack", kSlow), "conversation_id");
  const std::string photo =
      std::string("\x89PNG\r\n\x1a\n\0\0\0\rIHDR", 16) + std::string(3 * 1024 * 1024, 'p');
  const std::string upload = "/api/conversations/" + std::to_string(id) + "/attachments?name=p.png";
  const auto sent = http_request(
      b->port(), "POST", upload, photo,
      {{"Authorization", "Bearer " + token}, {"Content-Type", "application/octet-stream"}});
  REQUIRE(sent.status == 201);
  const std::string url(json::parse(sent.body).at("attachment").at("url").as_string());
  for (const auto* node : {b.get(), a.get()}) {
    const auto got =
        http_request(node->port(), "GET", url, "", {{"Authorization", "Bearer " + token}});
    REQUIRE(got.status == 200);
    CHECK(got.body == photo);
    CHECK(got.headers.at("content-type") == "image/png");
    CHECK(got.headers.at("content-length") == std::to_string(photo.size()));
  }
  // One byte over the attachments' limit is refused by the relay on its header, before the
  // body (whose bytes are not sent), and nothing is stored.
  const auto too_big = raw_exchange(
      b->port(), "POST " + upload + " HTTP/1.1\r\nHost: 127.0.0.1:" + std::to_string(b->port()) +
                     "\r\nAuthorization: Bearer " + token +
                     "\r\nContent-Type: application/octet-stream\r\nContent-Length: " +
                     std::to_string(10 * 1024 * 1024 + 1) + "\r\n\r\n");
  CHECK(too_big.received.starts_with("HTTP/1.1 413"));
  CHECK(too_big.received.find("body_too_large") != std::string::npos);
  // A page's HEAD through the relay: the desk's length, and no body.
  { std::ofstream(cluster.folder + "/index.html") << "<!doctype html><title>Kefu</title>"; }
  const auto head =
      raw_exchange(b->port(), "HEAD / HTTP/1.1\r\nHost: 127.0.0.1:" + std::to_string(b->port()) +
                                  "\r\nConnection: close\r\n\r\n");
  CHECK(head.received.starts_with("HTTP/1.1 200"));
  CHECK(head.received.find("Content-Length: 34\r\n") != std::string::npos);
  CHECK(head.received.ends_with("\r\n\r\n"));
  // Any other body over 64 KiB is refused on its header too, as the desk would.
  const auto long_login = raw_exchange(
      b->port(), "POST /api/login HTTP/1.1\r\nHost: 127.0.0.1:" + std::to_string(b->port()) +
                     "\r\nContent-Type: application/json\r\nContent-Length: 65537\r\n\r\n");
  CHECK(long_login.received.starts_with("HTTP/1.1 413"));
  CHECK(cluster.count("SELECT count(*) FROM staff_sessions") == 1);
  CHECK(cluster.count("SELECT count(*) FROM attachments") == 1);
  customer.reset();
  a->signal(SIGTERM);
  b->signal(SIGTERM);
  CHECK(a->wait_exit(5s) == 0);
  CHECK(b->wait_exit(5s) == 0);
}

TEST_CASE("a forged kefu-relayed-for is ignored and the client is throttled by its own address",
          "[cluster][relay]") {
  Cluster cluster;
  const std::vector<std::string> three_a_minute{"--visitors-per-minute", "3"};
  auto a = cluster.node("node-a", 3000, three_a_minute);
  REQUIRE(a->wait_for("desk: node node-a epoch 1", kStart));
  auto b = cluster.node("node-b", 3000, three_a_minute);
  REQUIRE(b->wait_for("standby: node node-b", kStart));

  // 127.0.0.1's three new visitors through node-b, then its budget is spent.
  for (int i = 0; i < 3; ++i) CHECK(new_visitor_from("127.0.0.1", b->port()) == 200);
  CHECK(new_visitor_from("127.0.0.1", b->port()) == 429);
  // A header of its own, to the desk or through the relay, is no way around it.
  const std::string forged = "127.0.0.9 " +
                             std::to_string(std::chrono::duration_cast<std::chrono::seconds>(
                                                std::chrono::system_clock::now().time_since_epoch())
                                                .count()) +
                             " node-b " + std::string(64, '0');
  const std::string signed_elsewhere = RelayedFor::sign(std::string(32, 'k'), "127.0.0.9", "node-b",
                                                        std::chrono::system_clock::now());
  for (const auto& header : {forged, signed_elsewhere}) {
    CHECK(new_visitor_from("127.0.0.1", a->port(), {{"Kefu-Relayed-For", header}}) == 429);
    CHECK(new_visitor_from("127.0.0.1", b->port(), {{"Kefu-Relayed-For", header}}) == 429);
  }
  CHECK(cluster.count("SELECT count(*) FROM visitors") == 3);
  // Another client through the same relay has its own budget: the desk counts the address the
  // relay signed, not the relay's.
  CHECK(new_visitor_from("127.0.0.2", b->port()) == 200);
  CHECK(cluster.count("SELECT count(*) FROM visitors") == 4);
  // Forged lines in any case, several of them, are all removed by the relay: the desk counts
  // 127.0.0.3 (were one left, the desk would ignore it and count the relay's spent 127.0.0.1).
  CHECK(new_visitor_from("127.0.0.3", b->port(),
                         {{"KEFU-RELAYED-FOR", forged}, {"kefu-relayed-for", signed_elsewhere}}) ==
        200);
  CHECK(cluster.count("SELECT count(*) FROM visitors") == 5);
  a->signal(SIGTERM);
  b->signal(SIGTERM);
  CHECK(a->wait_exit(5s) == 0);
  CHECK(b->wait_exit(5s) == 0);
}

TEST_CASE("a standby that cannot reach the desk answers 503 standby and is unhealthy",
          "[cluster][relay]") {
  Cluster cluster;
  // The desk advertises an address where nothing listens (a wrong --advertise).
  auto a = cluster.node("node-a", 3000, {"--advertise", "http://127.0.0.1:1"});
  REQUIRE(a->wait_for("desk: node node-a epoch 1", kStart));
  auto b = cluster.node("node-b");
  REQUIRE(b->wait_for("standby: node node-b", kStart));
  CHECK(cluster.count("SELECT count(*) FROM desk_lease WHERE address = 'http://127.0.0.1:1'") == 1);

  const auto health = http_request(b->port(), "GET", "/healthz");
  CHECK(health.status == 503);
  CHECK(health.body == "standby\n");
  CHECK(health.headers.at("retry-after") == "1");
  const auto login = http_request(b->port(), "POST", "/api/login",
                                  R"({"login":"alice","password":")" + kPassword + "\"}");
  CHECK(login.status == 503);
  CHECK(login.headers.at("retry-after") == "1");
  const auto body = json::parse(login.body);
  CHECK(text_at(body, "error") == "standby");
  CHECK(text_at(body, "message") ==
        "this node relays to the desk, node node-a, which does not answer");
  CHECK(cluster.count("SELECT count(*) FROM staff_sessions") == 0);
  try {
    WsClient::customer(b->port(), b->origin(), new_visitor(a->port()));
    FAIL("the standby took a socket it cannot relay");
  } catch (const UpgradeRefused& refused) {
    CHECK(refused.status == 503);
    CHECK(text_at(json::parse(refused.body), "error") == "standby");
  }
  a->signal(SIGTERM);
  b->signal(SIGTERM);
  CHECK(a->wait_exit(5s) == 0);
  CHECK(b->wait_exit(5s) == 0);
}

TEST_CASE("the desk killed under a relayed customer: the connection ends, the customer resumes",
          "[cluster][relay]") {
  Cluster cluster;
  auto [a, b] = desk_and_standby(cluster);
  auto c = cluster.node("node-c");
  REQUIRE(c->wait_for("standby: node node-c", kStart));

  const auto token = new_visitor(c->port());
  auto customer = WsClient::customer(c->port(), c->origin(), token);
  customer->next_of_type("welcome", kSlow);
  std::int64_t id = 0;
  for (int i = 1; i <= 3; ++i) {
    customer->send_json(message_frame("k-" + std::to_string(i), "message " + std::to_string(i),
                                      id == 0 ? std::nullopt : std::optional<std::int64_t>(id)));
    const auto ack = customer->next_of_type("ack", kSlow);
    CHECK(number_at(ack, "seq") == i);
    id = number_at(ack, "conversation_id");
  }

  a->signal(SIGKILL);
  // No close frame (nobody is left to send one): the tunnel ends the connection (1006).
  CHECK(customer->closed_with(5000) == -1);
  CHECK(a->wait_exit(2s) == -SIGKILL);
  // One of the standbys becomes the desk; node-c serves the customer either way (itself, or
  // through its relay to node-b).
  const auto until = std::chrono::steady_clock::now() + 10s;
  while (!until_healthy(*b, 100ms) && !until_healthy(*c, 100ms)) {
    REQUIRE(std::chrono::steady_clock::now() < until);
  }
  customer =
      until_upgraded([&] { return WsClient::customer(c->port(), c->origin(), token, 5000); }, 10s);
  const auto welcome = customer->next_of_type("welcome", kSlow);
  REQUIRE(welcome.at("conversations").as_array().size() == 1);
  CHECK(welcome.at("conversations").as_array()[0].at("last_seq").as_int64() == 3);
  customer->send_json(json::object{{"type", "sync"}, {"conversation_id", id}, {"after_seq", 0}});
  for (int i = 1; i <= 3; ++i) {
    const auto m = customer->next_of_type("message", kSlow);
    CHECK(number_at(m, "seq") == i);
    CHECK(text_at(m, "text") == "message " + std::to_string(i));
  }
  customer->send_json(message_frame("k-4", "still there?", id));
  CHECK(number_at(customer->next_of_type("ack", kSlow), "seq") == 4);
  CHECK(cluster.count("SELECT count(DISTINCT seq) FROM messages") == 4);
  CHECK(cluster.count("SELECT count(*) FROM messages") == 4);
  customer.reset();
  b->signal(SIGTERM);
  c->signal(SIGTERM);
  CHECK(b->wait_exit(5s) == 0);
  CHECK(c->wait_exit(5s) == 0);
}

TEST_CASE("a relayed socket to a desk frozen past its lease is closed when a new desk rises",
          "[cluster][relay]") {
  constexpr int kLeaseMs = 1000;
  Cluster cluster;
  auto [a, b] = desk_and_standby(cluster, kLeaseMs);
  auto c = cluster.node("node-c", kLeaseMs);
  REQUIRE(c->wait_for("standby: node node-c", kStart));
  const auto token = new_visitor(c->port());
  auto customer = WsClient::customer(c->port(), c->origin(), token);
  customer->next_of_type("welcome", kSlow);
  customer->send_json(message_frame("k-1", "before the freeze"));
  const std::int64_t id = number_at(customer->next_of_type("ack", kSlow), "conversation_id");

  a->signal(SIGSTOP);
  // Long before the desk's pings would have been missed: once the lease names a new desk
  // (lease + a round), node-c closes what it relays to the frozen one (1006: no close frame).
  const auto start = std::chrono::steady_clock::now();
  CHECK(customer->closed_with(kLeaseMs + 8000) == -1);
  CHECK(std::chrono::steady_clock::now() - start < 10s);
  customer =
      until_upgraded([&] { return WsClient::customer(c->port(), c->origin(), token, 5000); }, 10s);
  const auto welcome = customer->next_of_type("welcome", kSlow);
  CHECK(welcome.at("conversations").as_array()[0].at("last_seq").as_int64() == 1);
  customer->send_json(message_frame("k-2", "after the freeze", id));
  CHECK(number_at(customer->next_of_type("ack", kSlow), "seq") == 2);
  customer.reset();
  a->signal(SIGCONT);
  CHECK(a->wait_exit(10s) == 75);
  b->signal(SIGTERM);
  c->signal(SIGTERM);
  CHECK(b->wait_exit(5s) == 0);
  CHECK(c->wait_exit(5s) == 0);
}

TEST_CASE("a standby stopped with sigterm closes the sockets it relays", "[cluster][relay]") {
  Cluster cluster;
  auto [a, b] = desk_and_standby(cluster);
  auto customer = WsClient::customer(b->port(), b->origin(), new_visitor(b->port()));
  customer->next_of_type("welcome", kSlow);
  b->signal(SIGTERM);
  CHECK(customer->closed_with(5000) == -1);
  CHECK(b->wait_exit(5s) == 0);
  // The desk saw the relayed socket go and serves on.
  CHECK(http_request(a->port(), "GET", "/healthz").body == "ok\n");
  a->signal(SIGTERM);
  CHECK(a->wait_exit(5s) == 0);
}

TEST_CASE("the desk's own close frames and large frames pass through the standby's tunnel",
          "[cluster][relay]") {
  Cluster cluster;
  auto [a, b] = desk_and_standby(cluster);
  const auto token = new_visitor(b->port());
  auto customer = WsClient::customer(b->port(), b->origin(), token);
  customer->next_of_type("welcome", kSlow);
  // A burst of long messages, then a sync of all of them: frames both ways through the tunnel,
  // the sync's answer (about 72 KB) more than one read of 64 KiB. 19 commands: within the
  // customer's burst budget (20).
  constexpr int kCount = 18;
  const std::string long_text(3990, 'l');
  const auto text_of = [&](int i) { return std::to_string(100 + i) + long_text; };
  std::int64_t id = 0;
  for (int i = 1; i <= kCount; ++i) {
    customer->send_json(message_frame("t-" + std::to_string(i), text_of(i),
                                      id == 0 ? std::nullopt : std::optional<std::int64_t>(id)));
    if (id == 0) id = number_at(customer->next_of_type("ack", kSlow), "conversation_id");
  }
  // The sync reads what is stored: after every ack.
  for (int i = 2; i <= kCount; ++i) customer->next_of_type("ack", kSlow);
  customer->send_json(json::object{{"type", "sync"}, {"conversation_id", id}, {"after_seq", 0}});
  std::map<std::int64_t, std::string> synced;
  for (;;) {
    const auto frame = customer->next(kSlow);
    const auto type = text_at(frame, "type");
    CHECK(type != "error");
    if (type == "synced") break;
    if (type == "message") synced[number_at(frame, "seq")] = text_at(frame, "text");
  }
  REQUIRE(synced.size() == kCount);
  for (int i = 1; i <= kCount; ++i) CHECK(synced[i] == text_of(i));
  CHECK(cluster.count("SELECT count(*) FROM messages") == kCount);
  // The desk stops: its close frame (1001, going away) reaches the relayed customer as it is.
  a->signal(SIGTERM);
  CHECK(customer->closed_with(5000) == 1001);
  CHECK(a->wait_exit(5s) == 0);
  b->signal(SIGTERM);
  CHECK(b->wait_exit(5s) == 0);
}
