// Presence across nodes (issue 19): every node of a cluster writes its heartbeat, and the desk
// ends the sockets a node relays once that node goes a node lease without one
// (server/net/node_heartbeats.hpp, node_sockets.hpp), on real `kefu serve` processes and a
// throw-away PostgreSQL. An agent whose socket goes through a standby frozen with SIGSTOP gets
// the grace period and their chat is requeued, as when a socket closes; once the standby wakes,
// its stale tunnels end and the agent reconnects through it. A node's name reaches the desk
// only signed with the client's address (server/net/relayed_for.hpp): a forged one changes
// nothing.
#include <signal.h>

#include <boost/beast/core/buffers_to_string.hpp>
#include <boost/beast/websocket.hpp>
#include <boost/json.hpp>
#include <catch2/catch.hpp>
#include <chrono>
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

constexpr int kSlow = 15000;

// A customer's socket straight to the desk with a Kefu-Relayed-For of the test's own (WsClient
// sends no field of a test's choosing), read only when the test asks.
class CustomerWithHeader {
 public:
  CustomerWithHeader(unsigned short port, const std::string& origin, const std::string& token,
                     const std::string& relayed_for) {
    namespace http = boost::beast::http;
    namespace websocket = boost::beast::websocket;
    boost::beast::get_lowest_layer(ws_).connect({boost::asio::ip::make_address("127.0.0.1"), port});
    ws_.set_option(websocket::stream_base::decorator([origin, token,
                                                      relayed_for](websocket::request_type& req) {
      req.set(http::field::origin, origin);
      req.set(http::field::sec_websocket_protocol, "kefu.customer.v1, kefu.visitor-token." + token);
      req.set(kefu::net::kRelayedForHeader, relayed_for);
    }));
    ws_.handshake("127.0.0.1:" + std::to_string(port), "/ws/customer");
  }

  // Writes a new conversation's first message and returns its ack's seq (0 when the socket
  // ended or nothing came within 10 s).
  std::int64_t write_first(const std::string& client_id, const std::string& text) {
    ws_.write(boost::asio::buffer(json::serialize(message_frame(client_id, text))));
    for (;;) {
      boost::beast::flat_buffer buffer;
      boost::beast::error_code ec;
      boost::beast::get_lowest_layer(ws_).expires_after(10s);
      ws_.async_read(buffer, [&](boost::beast::error_code read_ec, std::size_t) { ec = read_ec; });
      io_.restart();
      io_.run();
      if (ec) return 0;
      const auto frame = json::parse(boost::beast::buffers_to_string(buffer.data()));
      if (text_at(frame, "type") == "ack") return number_at(frame, "seq");
    }
  }

 private:
  boost::asio::io_context io_;
  boost::beast::websocket::stream<boost::beast::tcp_stream> ws_{io_};
};

// Skips frames until a `conversation` frame for `id` with `status` arrives.
json::value conversation_with(WsClient& client, std::int64_t id, const std::string& status) {
  for (;;) {
    const auto frame = client.next_of_type("conversation", kSlow);
    const auto& conversation = frame.at("conversation");
    if (conversation.at("id").as_int64() == id && conversation.at("status").as_string() == status) {
      return frame;
    }
  }
}

// Alice goes online on `agent` and chat `id` comes back to her. The desk routes while it takes
// her status, so the chat's `assigned` frame may come before or after the status's ack.
void online_and_assigned(WsClient& agent, std::int64_t id, const std::string& client_id) {
  agent.send_json(json::object{{"type", "status"}, {"client_id", client_id}, {"status", "online"}});
  bool acked = false;
  bool assigned = false;
  while (!acked || !assigned) {
    const auto frame = agent.next(kSlow);
    const auto type = text_at(frame, "type");
    if (type == "ack" && text_at(frame, "ref") == client_id) acked = true;
    if (type == "conversation" && frame.at("conversation").at("id").as_int64() == id &&
        frame.at("conversation").at("status").as_string() == "assigned") {
      assigned = true;
    }
  }
}

}  // namespace

TEST_CASE("a relayed client's node is signed with its address, and bad values are refused",
          "[relay]") {
  const std::string key(32, 'k');
  const auto now = std::chrono::system_clock::now();
  const auto header = RelayedFor::sign(key, "203.0.113.7", "node-b", now);
  const auto client = RelayedFor::verify(key, header, now);
  REQUIRE(client);
  CHECK(client->address == "203.0.113.7");
  CHECK(client->node == "node-b");
  // A name with spaces and other bytes stays one field, percent-encoded, and comes back whole.
  const std::string spaced = "rack 2/node b:8080 \xe5\xae\xa2\xe6\x9c\x8d";
  const auto named = RelayedFor::sign(key, "2001:db8::1", spaced, now);
  CHECK(named.find(' ', named.find(' ', named.find(' ') + 1) + 1) ==
        named.rfind(' '));  // four fields
  const auto spaced_client = RelayedFor::verify(key, named, now + 60s);
  REQUIRE(spaced_client);
  CHECK(spaced_client->address == "2001:db8::1");
  CHECK(spaced_client->node == spaced);
  // Another node under the same signature, or another address: refused.
  std::string other_node = header;
  other_node.replace(other_node.find("node-b"), 6, "node-c");
  CHECK_FALSE(RelayedFor::verify(key, other_node, now));
  std::string other_address = header;
  other_address.replace(0, 11, "203.0.113.8");
  CHECK_FALSE(RelayedFor::verify(key, other_address, now));
  // Another key, too old or too new.
  CHECK_FALSE(RelayedFor::verify(std::string(32, 'x'), header, now));
  CHECK_FALSE(RelayedFor::verify(key, header, now + RelayedFor::kWindow + 1s));
  CHECK_FALSE(RelayedFor::verify(key, header, now - RelayedFor::kWindow - 1s));
  // Malformed: missing or extra fields, the older form without a node (even were its MAC
  // right), a name encoded otherwise than sign() encodes it, an empty or overlong name.
  const auto seconds = std::to_string(
      std::chrono::duration_cast<std::chrono::seconds>(now.time_since_epoch()).count());
  const auto mac = header.substr(header.rfind(' ') + 1);
  for (const std::string& bad : std::vector<std::string>{
           "", "203.0.113.7", "203.0.113.7 1", "203.0.113.7 " + seconds + " " + mac,
           "not-an-ip " + seconds + " node-b " + mac, header + " ", " " + header,
           header.substr(0, header.size() - 1), "203.0.113.7  " + seconds + " node-b " + mac,
           "203.0.113.7 " + seconds + " node%2Db " + mac,
           "203.0.113.7 " + seconds + " node-b extra " + mac}) {
    CAPTURE(bad);
    CHECK_FALSE(RelayedFor::verify(key, bad, now));
  }
  for (const std::string& name : {std::string(), std::string(201, 'n')}) {
    CAPTURE(name.size());
    CHECK_FALSE(RelayedFor::verify(key, RelayedFor::sign(key, "203.0.113.7", name, now), now));
  }
  CHECK(RelayedFor::verify(key, RelayedFor::sign(key, "203.0.113.7", std::string(200, 'n'), now),
                           now));
  // A name that looks encoded is itself encoded ('%' too), and comes back as it was.
  for (const std::string name : {"node%2", "node%zz", "node%2db"}) {
    CAPTURE(name);
    const auto named_so =
        RelayedFor::verify(key, RelayedFor::sign(key, "203.0.113.7", name, now), now);
    REQUIRE(named_so);
    CHECK(named_so->node == name);
  }
  // Without a key (one node) nothing is trusted, not even its own empty-key signature.
  CHECK_FALSE(RelayedFor::verify("", RelayedFor::sign("", "203.0.113.7", "node-b", now), now));
}

TEST_CASE(
    "a standby frozen past the node lease: the desk ends its sockets, its agent's chat requeues "
    "after the grace period, and once it wakes the agent reconnects through it",
    "[cluster][relay][presence]") {
  constexpr int kLeaseMs = 1000;
  constexpr int kGraceMs = 1000;
  Cluster cluster;
  const std::vector<std::string> grace{"--agent-grace", std::to_string(kGraceMs / 1000)};
  auto a = cluster.node("node-a", kLeaseMs, grace);
  REQUIRE(a->wait_for("desk: node node-a epoch 1", kStart));
  auto b = cluster.node("node-b", kLeaseMs, grace);
  REQUIRE(b->wait_for("standby: node node-b", kStart));

  // Alice's socket through node-b; a customer's straight to the desk.
  const auto cookie = log_in(b->port(), "alice", kPassword);
  REQUIRE_FALSE(cookie.empty());
  auto agent = WsClient::staff(b->port(), b->origin(), cookie);
  agent->next_of_type("welcome", kSlow);
  go_online(*agent);
  auto customer = WsClient::customer(a->port(), a->origin(), new_visitor(a->port()));
  customer->next_of_type("welcome", kSlow);
  customer->send_json(message_frame("c-1", "is anyone there?"));
  const std::int64_t id = number_at(customer->next_of_type("ack", kSlow), "conversation_id");
  conversation_with(*agent, id, "assigned");

  // Two customers straight to the desk, each naming node-b in a header of its own: unsigned,
  // and signed under another key. Neither is taken for node-b's.
  const auto seconds = std::to_string(std::chrono::duration_cast<std::chrono::seconds>(
                                          std::chrono::system_clock::now().time_since_epoch())
                                          .count());
  const std::string unsigned_header = "127.0.0.9 " + seconds + " node-b " + std::string(64, '0');
  const std::string signed_elsewhere = RelayedFor::sign(std::string(32, 'k'), "127.0.0.9", "node-b",
                                                        std::chrono::system_clock::now());
  CustomerWithHeader unsigned_customer(a->port(), a->origin(), new_visitor(a->port()),
                                       unsigned_header);
  CustomerWithHeader other_key_customer(a->port(), a->origin(), new_visitor(a->port()),
                                        signed_elsewhere);

  b->signal(SIGSTOP);
  const auto frozen = std::chrono::steady_clock::now();
  const auto gone = a->wait_for("node gone: node-b", std::chrono::milliseconds(kLeaseMs + 5000));
  REQUIRE(gone);
  CHECK(gone->find("1 relayed sockets ended") != std::string::npos);
  // The customer learns the chat waits again: Alice's grace ran out (node lease + a round +
  // grace + the desk's once-a-second tick), not Beast's 300 s.
  conversation_with(*customer, id, "queued");
  const auto requeued = std::chrono::steady_clock::now() - frozen;
  // Node-b's last heartbeat may be up to a third of the lease older than the freeze.
  CHECK(requeued >= std::chrono::milliseconds(kLeaseMs / 2 + kGraceMs));
  // Generous for a loaded machine, and still well under what the socket's own idle timeout
  // (--socket-idle, 30 s: node-b answers no ping) would take without the heartbeats.
  CHECK(requeued < std::chrono::milliseconds(kLeaseMs + kGraceMs + 9000));
  CHECK(cluster.count("SELECT count(*) FROM conversations WHERE id = " + std::to_string(id) +
                      " AND status = 'queued' AND agent_id IS NULL") == 1);
  CHECK(cluster.count("SELECT count(*) FROM events WHERE type = 'conversation_queued' AND "
                      "conversation_id = " +
                      std::to_string(id) + " AND data::json->>'reason' = 'agent_lost'") == 1);
  // The sockets that named node-b without its signature are still open; and a new one is taken
  // while node-b is gone.
  CHECK(unsigned_customer.write_first("u-1", "forged node, unsigned") == 1);
  CHECK(other_key_customer.write_first("k-1", "forged node, another key") == 1);
  CustomerWithHeader late(a->port(), a->origin(), new_visitor(a->port()), unsigned_header);
  CHECK(late.write_first("l-1", "forged node, while node-b is gone") == 1);

  b->signal(SIGCONT);
  // The socket node-b held from before it froze ends (the desk's side was closed under it, and
  // node-b's tunnel passes that end on: no close frame, 1006).
  CHECK(agent->closed_with(10000) == -1);
  REQUIRE(a->wait_for("node back: node-b", 10s));
  // Alice comes back through node-b and gets the chat again.
  agent =
      until_upgraded([&] { return WsClient::staff(b->port(), b->origin(), cookie, 5000); }, 10s);
  agent->next_of_type("welcome", kSlow);
  online_and_assigned(*agent, id, "on-again");
  conversation_with(*customer, id, "assigned");
  customer->send_json(message_frame("c-2", "hello again", id));
  CHECK(number_at(customer->next_of_type("ack", kSlow), "seq") == 2);
  a->signal(SIGTERM);
  b->signal(SIGTERM);
  CHECK(a->wait_exit(5s) == 0);
  CHECK(b->wait_exit(5s) == 0);
}
