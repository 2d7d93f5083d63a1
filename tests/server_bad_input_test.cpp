#include <unistd.h>

#include <boost/json.hpp>
#include <catch2/catch.hpp>
#include <chrono>
#include <fstream>
#include <sstream>
#include <thread>
#include <vector>

#include "tests/support/floor_helpers.hpp"
#include "tests/support/test_client.hpp"
#include "tests/support/test_server.hpp"

// Every bad-input rule of the product brief: each sends the bad input, checks the error, and
// checks that nothing changed (no row written) and that the server still answers.

using namespace kefu::testing;
namespace json = boost::json;

namespace {

// The CPU time process `pid` has used so far, all its threads, in seconds (/proc/PID/stat's
// utime and stime).
double cpu_seconds(int pid) {
  std::ifstream stat("/proc/" + std::to_string(pid) + "/stat");
  std::string line;
  std::getline(stat, line);
  // The fields after the command name (in parentheses, which may hold spaces): state is the
  // 3rd field, utime the 14th and stime the 15th.
  std::istringstream fields(line.substr(line.rfind(')') + 2));
  std::string field;
  double ticks = 0;
  for (int n = 3; n <= 15 && fields >> field; ++n) {
    if (n >= 14) ticks += std::stod(field);
  }
  return ticks / static_cast<double>(sysconf(_SC_CLK_TCK));
}

std::int64_t rows(const TestServer& server, const std::string& table) {
  return count_rows(server, "SELECT COUNT(*) FROM " + table);
}

struct Snapshot {
  std::int64_t messages, events, conversations;
  explicit Snapshot(const TestServer& s)
      : messages(rows(s, "messages")),
        events(rows(s, "events")),
        conversations(rows(s, "conversations")) {}
  bool operator==(const Snapshot&) const = default;
};

std::string field(const json::value& v, const char* key) {
  const auto& f = v.as_object().at(key);
  return f.is_string() ? std::string(f.as_string()) : json::serialize(f);
}

// A customer socket that has been welcomed.
std::unique_ptr<WsClient> customer(TestServer& server, std::string* token_out = nullptr) {
  const auto token = new_visitor(server.port());
  if (token_out) *token_out = token;
  auto c = WsClient::customer(server.port(), server.origin(), token);
  c->next_of_type("welcome");
  return c;
}

void still_works(TestServer& server, WsClient& c) {
  c.send(R"({"type":"message","client_id":"ok-1","text":"still here"})");
  CHECK(field(c.next_of_type("ack"), "ref") == "ok-1");
  CHECK(http_request(server.port(), "GET", "/healthz").status == 200);
}

}  // namespace

TEST_CASE("malformed JSON, wrong types and unknown types get typed errors and change nothing",
          "[integration][bad-input]") {
  TestServer server;
  auto c = customer(server);
  const Snapshot before(server);
  struct Case {
    std::string frame, code, ref;
  };
  const std::vector<Case> cases = {
      {"{not json", "bad_json", "null"},
      {"[1,2,3]", "bad_json", "null"},
      {R"({"type":"message","client_id":"x1","text":42})", "bad_field", "x1"},
      {R"({"type":"message","client_id":"x2","text":{"a":1}})", "bad_field", "x2"},
      {R"({"type":"message","client_id":7,"text":"hi"})", "bad_field", "null"},
      {R"({"type":"message","client_id":"x3","text":"hi","conversation_id":"12"})", "bad_field",
       "x3"},
      {R"({"type":"message","client_id":"x4","text":"   "})", "bad_field", "x4"},
      {R"({"type":"message","client_id":"x5"})", "bad_field", "x5"},
      {R"({"type":"sync","conversation_id":1,"after_seq":-1})", "bad_field", "null"},
      {R"({"type":"launch_rockets","client_id":"x6"})", "unknown_type", "x6"},
      {R"({"type":"resolve","client_id":"x7","conversation_id":1})", "unknown_type", "x7"},
      {R"({"type":"status","client_id":"x8","status":"online"})", "unknown_type", "x8"},
      {R"({"client_id":"x9"})", "bad_field", "x9"},
      {R"({"type":"message","client_id":"x10","text":")" + std::string(4001, 'a') + "\"}",
       "too_long", "x10"},
  };
  for (const auto& test : cases) {
    INFO(test.frame.substr(0, 120));
    c->send(test.frame);
    auto error = c->next_of_type("error");
    CHECK(field(error, "code") == test.code);
    CHECK(field(error, "ref") == test.ref);
  }
  CHECK(Snapshot(server) == before);
  still_works(server, *c);
}

TEST_CASE("a frame over the size limit closes with 1009 and stores nothing",
          "[integration][bad-input]") {
  TestServer server;
  auto c = customer(server);
  const Snapshot before(server);
  c->send(R"({"type":"message","client_id":"big","text":")" + std::string(20000, 'a') + "\"}");
  CHECK(c->closed_with() == 1009);
  CHECK(Snapshot(server) == before);
  still_works(server, *customer(server));
}

TEST_CASE("invalid UTF-8 in a text frame closes with 1007 and stores nothing",
          "[integration][bad-input]") {
  TestServer server;
  auto c = customer(server);
  const Snapshot before(server);
  c->send_binary_text_frame(std::string(R"({"type":"message","client_id":"u","text":"bad )") +
                            "\xC3\x28\xFF" + "\"}");
  CHECK(c->closed_with() == 1007);
  CHECK(Snapshot(server) == before);
  still_works(server, *customer(server));
}

TEST_CASE("a conversation that is not yours is not_found, for customers and agents",
          "[integration][bad-input]") {
  TestServer server;
  auto alice = WsClient::staff(server.port(), server.origin(),
                               log_in(server.port(), "alice", "alice-demo-pass"));
  alice->next_of_type("welcome");
  auto owner = customer(server);
  owner->send(R"({"type":"message","client_id":"m1","text":"my private question"})");
  const auto id = owner->next_of_type("ack").at("conversation_id").as_int64();
  alice->next_of_type("conversation");
  auto bob = WsClient::staff(server.port(), server.origin(),
                             log_in(server.port(), "bob", "bob-demo-pass"));
  bob->next_of_type("welcome");
  auto stranger = customer(server);
  while (owner->quiet_for(300)) {
  }
  const Snapshot before(server);

  const std::string cid = std::to_string(id);
  stranger->send(R"({"type":"message","client_id":"s1","conversation_id":)" + cid +
                 R"(,"text":"let me in"})");
  auto e1 = stranger->next_of_type("error");
  CHECK(field(e1, "code") == "not_found");
  CHECK(field(e1, "ref") == "s1");
  stranger->send(R"({"type":"sync","conversation_id":)" + cid + R"(,"after_seq":0})");
  CHECK(field(stranger->next_of_type("error"), "code") == "not_found");
  stranger->send(R"({"type":"message","client_id":"s2","conversation_id":999999,"text":"hm"})");
  CHECK(field(stranger->next_of_type("error"), "code") == "not_found");

  bob->send(R"({"type":"message","client_id":"b1","conversation_id":)" + cid +
            R"(,"text":"not my chat"})");
  CHECK(field(bob->next_of_type("error"), "code") == "not_found");
  bob->send(R"({"type":"resolve","client_id":"b2","conversation_id":)" + cid + "}");
  CHECK(field(bob->next_of_type("error"), "code") == "not_found");
  bob->send(R"({"type":"sync","conversation_id":)" + cid + R"(,"after_seq":0})");
  CHECK(field(bob->next_of_type("error"), "code") == "not_found");

  CHECK(Snapshot(server) == before);
  CHECK(!stranger->quiet_for(200).has_value());
  CHECK(!owner->quiet_for(200).has_value());
}

TEST_CASE("sockets without a valid session or token, or from a foreign Origin, are refused",
          "[integration][bad-input]") {
  TestServer server;
  const Snapshot before(server);
  auto status_of = [&](auto open) {
    try {
      open();
    } catch (const UpgradeRefused& refused) {
      return refused.status;
    }
    return 101;
  };
  CHECK(status_of([&] { WsClient::staff(server.port(), server.origin(), ""); }) == 401);
  CHECK(status_of([&] { WsClient::staff(server.port(), server.origin(), "forged-session"); }) ==
        401);
  CHECK(status_of([&] { WsClient::customer(server.port(), server.origin(), "forged-token"); }) ==
        401);
  const auto token = new_visitor(server.port());
  CHECK(status_of([&] { WsClient::customer(server.port(), "http://evil.example", token); }) == 403);
  CHECK(status_of([&] { WsClient::customer(server.port(), "", token); }) == 403);
  const auto cookie = log_in(server.port(), "alice", "alice-demo-pass");
  CHECK(status_of([&] { WsClient::staff(server.port(), "http://evil.example", cookie); }) == 403);
  CHECK(http_request(server.port(), "GET", "/api/me").status == 401);
  CHECK(Snapshot(server).messages == before.messages);
}

TEST_CASE("an expired session is refused and its open sockets are closed",
          "[integration][bad-input]") {
  TestServer server({"--session-hours", "0.0005"});  // 1.8 s
  const auto cookie = log_in(server.port(), "alice", "alice-demo-pass");
  auto agent = WsClient::staff(server.port(), server.origin(), cookie);
  agent->next_of_type("welcome");
  CHECK(agent->closed_with(5000) == 1008);
  CHECK_THROWS_AS(WsClient::staff(server.port(), server.origin(), cookie), UpgradeRefused);
}

TEST_CASE("a login flood on one account is throttled, with the same answers for unknown accounts",
          "[integration][bad-input]") {
  TestServer server;
  auto attempt = [&](const std::string& login, const std::string& password) {
    return http_request(server.port(), "POST", "/api/login",
                        json::serialize(json::object{{"login", login}, {"password", password}}));
  };
  // argon2id is verified either way, so the two cost the server about the same work. Counted
  // as the server's CPU time rather than the wall-clock time of the answers, which a loaded
  // machine stretches unevenly; an unknown name answered without the hash would cost a small
  // fraction of a known one. Four wrong passwords on each of four unknown names, then on each of
  // four known ones (one short of a lockout each).
  auto work_of = [&](const std::vector<std::string>& logins, std::string& body) {
    const double before = cpu_seconds(server.pid());
    for (int i = 0; i < 4; ++i) {
      for (const auto& login : logins) {
        const auto r = attempt(login, "wrong password");
        CHECK(r.status == 401);
        if (body.empty()) body = r.body;
        CHECK(r.body == body);
      }
    }
    return cpu_seconds(server.pid()) - before;
  };
  std::string answer;
  const double unknown_work =
      work_of({"nobody-here", "nobody-else", "nobody-at-all", "nobody-there"}, answer);
  const double known_work = work_of({"bob", "wei", "sam", "admin"}, answer);
  CAPTURE(known_work, unknown_work);
  CHECK(unknown_work > known_work * 0.5);
  CHECK(unknown_work < known_work * 2.0);
  CHECK(attempt("bob", "wrong password").status == 401);  // fifth failure locks the account
  auto locked = attempt("bob", "bob-demo-pass");
  CHECK(locked.status == 429);
  CHECK(!locked.headers["retry-after"].empty());
  CHECK(attempt("nobody-here", "wrong password").status == 401);
  CHECK(attempt("nobody-here", "anything").status == 429);
  CHECK(attempt("alice", "alice-demo-pass").status == 200);  // other accounts unaffected
  CHECK(rows(server, "staff_sessions") == 1);
}

TEST_CASE("oversized headers get 431, oversized bodies 413, and nothing is stored",
          "[integration][bad-input]") {
  TestServer server;
  const Snapshot before(server);
  auto big_header =
      http_request(server.port(), "GET", "/healthz", "", {{"X-Filler", std::string(9000, 'x')}});
  CHECK(big_header.status == 431);
  auto big_body = http_request(server.port(), "POST", "/api/widget/visitor",
                               "{\"pad\":\"" + std::string(70000, 'x') + "\"}");
  CHECK(big_body.status == 413);
  auto bad_ticket =
      http_request(server.port(), "POST", "/api/tickets",
                   "{\"subject\":", {{"Authorization", "Bearer " + new_visitor(server.port())}});
  CHECK(bad_ticket.status == 400);
  CHECK(Snapshot(server) == before);
  CHECK(http_request(server.port(), "GET", "/healthz").status == 200);
}

TEST_CASE("a client that never finishes its handshake is dropped within the timeout",
          "[integration][bad-input]") {
  TestServer server({"--request-timeout", "1"});
  const int ms = ms_until_dropped(server.port(), "GET /ws/customer HTTP/1.1\r\nHost: x\r\n", 4000);
  CHECK(ms >= 0);
  CHECK(ms < 2500);
  CHECK(http_request(server.port(), "GET", "/healthz").status == 200);
}

TEST_CASE("a message flood from one customer is rate-limited with a typed error",
          "[integration][bad-input]") {
  TestServer server;
  auto c = customer(server);
  for (int i = 0; i < 60; ++i) {
    c->send(R"({"type":"message","client_id":"f)" + std::to_string(i) + R"(","text":"spam"})");
  }
  int acks = 0, limited = 0;
  while (acks + limited < 60) {
    auto frame = c->next(5000);
    const auto type = field(frame, "type");
    if (type == "ack") ++acks;
    if (type == "error" && field(frame, "code") == "rate_limited") ++limited;
  }
  CHECK(limited > 0);
  CHECK(acks >= 20);
  CHECK(rows(server, "messages") == acks);
}
