#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <boost/asio/io_context.hpp>
#include <boost/json.hpp>
#include <catch2/catch.hpp>
#include <chrono>
#include <thread>

#include "tests/bench/load_socket.hpp"
#include "tests/support/test_client.hpp"
#include "tests/support/test_server.hpp"

// Floods and slow clients against the real server (issue 7): a reader that stops reading, a
// thousand sockets at once, a flood from one customer, and a slowloris upgrade.

using namespace kefu::testing;
namespace json = boost::json;
using Clock = std::chrono::steady_clock;

namespace {

std::string field(const json::value& v, const char* key) {
  const auto& f = v.as_object().at(key);
  return f.is_string() ? std::string(f.as_string()) : json::serialize(f);
}

long ms_since(Clock::time_point t) {
  return std::chrono::duration_cast<std::chrono::milliseconds>(Clock::now() - t).count();
}

// A welcomed customer whose first message opened a chat now assigned to `agent`; returns the
// conversation id the agent was told about.
std::int64_t open_chat(WsClient& customer, WsClient& agent, const std::string& id) {
  customer.next_of_type("welcome");
  customer.send(R"({"type":"message","client_id":")" + id + R"(","text":"hello"})");
  customer.next_of_type("ack", 5000);
  auto conv = agent.next_of_type("conversation", 5000);
  return conv.as_object().at("conversation").as_object().at("id").as_int64();
}

}  // namespace

TEST_CASE("a client that never reads is dropped once its send queue is full, and others carry on",
          "[load][slow]") {
  // The agent reads between sends; 256 frames leave it room on a busy machine, while the
  // customer who never reads still overflows long before 4,000 messages.
  TestServer server({"--send-queue", "256", "--staff-rate", "1000000"});
  const auto cookie = log_in(server.port(), "alice", "alice-demo-pass");
  REQUIRE(!cookie.empty());
  auto agent = WsClient::staff(server.port(), server.origin(), cookie);
  agent->next_of_type("welcome");
  auto stalled = WsClient::customer(server.port(), server.origin(), new_visitor(server.port()));
  const auto stalled_chat = open_chat(*stalled, *agent, "s-hello");
  auto healthy = WsClient::customer(server.port(), server.origin(), new_visitor(server.port()));
  const auto healthy_chat = open_chat(*healthy, *agent, "h-hello");

  // 4,000 messages of 4,000 characters fill the kernel's buffers (a few MB) and then the
  // 256-frame queue of the customer who does not read.
  const std::string text(4000, 'x');
  long slowest_ms = 0;
  int healthy_acks = 0;
  for (int i = 0; i < 4000; ++i) {
    agent->send(R"({"type":"message","client_id":"big-)" + std::to_string(i) +
                R"(","conversation_id":)" + std::to_string(stalled_chat) + R"(,"text":")" + text +
                R"("})");
    // The agent reads its acks, so only the customer who does not read falls behind.
    while (agent->quiet_for(1)) {
    }
    if (i % 200 == 0) {
      // Meanwhile the other customer's messages are acknowledged and reach the agent promptly.
      const auto sent = Clock::now();
      healthy->send(R"({"type":"message","client_id":"h-)" + std::to_string(i) +
                    R"(","text":"still there?"})");
      healthy->next_of_type("ack", 5000);
      slowest_ms = std::max(slowest_ms, ms_since(sent));
      ++healthy_acks;
    }
  }
  // The stalled socket was cut: reading it now finds the end, not 4,000 messages.
  CHECK(stalled->closed_with(20000) != 1000);
  CHECK(healthy_acks == 20);
  CHECK(slowest_ms < 2000);
  agent->send(R"({"type":"message","client_id":"to-healthy","conversation_id":)" +
              std::to_string(healthy_chat) + R"(,"text":"yes"})");
  auto reply = healthy->next_of_type("message", 10000);
  CHECK(field(reply, "text") == "yes");
  CHECK(http_request(server.port(), "GET", "/healthz").status == 200);
}

TEST_CASE("1,000 widget connections opened at once are all welcomed", "[load][slow]") {
  TestServer server;
  std::vector<std::string> tokens;
  for (int i = 0; i < 20; ++i) tokens.push_back(new_visitor(server.port()));
  boost::asio::io_context io;
  std::atomic<int> opened{0}, failed{0}, welcomed{0};
  std::vector<std::shared_ptr<kefu::load::LoadSocket>> sockets;
  for (int i = 0; i < 1000; ++i) {
    sockets.push_back(std::make_shared<kefu::load::LoadSocket>(
        io, server.port(), "/ws/customer", server.origin(), "",
        customer_subprotocols(tokens[static_cast<std::size_t>(i % 20)])));
    sockets.back()->open([&](bool ok) { ++(ok ? opened : failed); },
                         [&](std::string_view frame) {
                           if (frame.find(R"("type":"welcome")") != std::string_view::npos) {
                             ++welcomed;
                           }
                         });
  }
  const auto start = Clock::now();
  std::thread runner([&] { io.run_for(std::chrono::seconds(30)); });
  while (welcomed + failed < 1000 && ms_since(start) < 30000) {
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  io.stop();
  runner.join();
  CHECK(failed == 0);
  CHECK(opened == 1000);
  CHECK(welcomed == 1000);
  CHECK(http_request(server.port(), "GET", "/healthz").status == 200);
}

TEST_CASE("a flood from one customer is rate-limited while another customer is served", "[load]") {
  TestServer server({"--customer-rate", "10"});
  auto flooder = WsClient::customer(server.port(), server.origin(), new_visitor(server.port()));
  flooder->next_of_type("welcome");
  auto other = WsClient::customer(server.port(), server.origin(), new_visitor(server.port()));
  other->next_of_type("welcome");
  for (int i = 0; i < 500; ++i) {
    flooder->send(R"({"type":"message","client_id":"f)" + std::to_string(i) +
                  R"(","text":"spam"})");
  }
  int acks = 0, limited = 0;
  while (acks + limited < 500) {
    auto frame = flooder->next(5000);
    const auto type = field(frame, "type");
    if (type == "ack") ++acks;
    if (type == "error") {
      CHECK(field(frame, "code") == "rate_limited");
      CHECK(field(frame, "ref").rfind("f", 0) == 0);
      ++limited;
    }
  }
  CHECK(limited >= 400);
  CHECK(acks >= 20);
  const auto sent = Clock::now();
  other->send(R"({"type":"message","client_id":"o1","text":"my turn"})");
  CHECK(field(other->next_of_type("ack", 5000), "ref") == "o1");
  CHECK(ms_since(sent) < 2000);
}

TEST_CASE("a slowloris upgrade that keeps trickling bytes is cut at the request timeout",
          "[load][slow]") {
  TestServer server({"--request-timeout", "1"});
  const int fd = socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_port = htons(server.port());
  inet_pton(AF_INET, "127.0.0.1", &address.sin_addr);
  REQUIRE(connect(fd, reinterpret_cast<sockaddr*>(&address), sizeof address) == 0);
  const std::string request =
      "GET /ws/customer HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\n"
      "Connection: Upgrade\r\nX-Padding: " +
      std::string(4000, 'a');
  const auto start = Clock::now();
  long dropped_after = -1;
  for (std::size_t i = 0; i < request.size() && ms_since(start) < 5000; ++i) {
    // One byte every 50 ms: never idle for long, never finished.
    if (send(fd, request.data() + i, 1, MSG_NOSIGNAL) != 1) {
      dropped_after = ms_since(start);
      break;
    }
    pollfd p{fd, POLLIN, 0};
    if (poll(&p, 1, 50) > 0) {
      char byte = 0;
      if (recv(fd, &byte, 1, 0) <= 0) {
        dropped_after = ms_since(start);
        break;
      }
    }
  }
  close(fd);
  CHECK(dropped_after >= 900);
  CHECK(dropped_after < 2500);
  CHECK(http_request(server.port(), "GET", "/healthz").status == 200);
}
