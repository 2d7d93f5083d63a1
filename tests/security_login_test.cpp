#include <algorithm>
#include <boost/json.hpp>
#include <catch2/catch.hpp>
#include <chrono>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "tests/support/floor_helpers.hpp"
#include "tests/support/loopback_clients.hpp"
#include "tests/support/test_client.hpp"
#include "tests/support/test_server.hpp"

// Staff logins under a flood (docs/security/limits.md): the password checks are bounded per
// address (429) and in total (503), both with Retry-After, and taken in turn per address, so
// that a real login from elsewhere stays fast whatever the flood.

using namespace kefu::testing;
namespace json = boost::json;

namespace {

std::int64_t rows(const TestServer& server, const std::string& sql) {
  return count_rows(server, sql);
}

// `count` logins with made-up names, spread over the `sources`.
std::vector<AddressedRequest> random_logins(int count, const std::vector<std::string>& sources) {
  std::vector<AddressedRequest> requests;
  for (int i = 0; i < count; ++i) {
    requests.push_back(
        AddressedRequest{sources[static_cast<std::size_t>(i) % sources.size()],
                         "POST",
                         "/api/login",
                         json::serialize(json::object{{"login", "nobody-" + std::to_string(i)},
                                                      {"password", "guess-" + std::to_string(i)}}),
                         {{"Content-Type", "application/json"}}});
  }
  return requests;
}

std::string error_of(const HttpReply& reply) {
  json::error_code ec;
  auto v = json::parse(reply.body, ec);
  if (ec || !v.is_object() || !v.as_object().contains("error")) return {};
  return std::string(v.at("error").as_string());
}

// Counts the flood's answers by status and checks that each refusal is typed and says when to
// retry.
std::map<int, int> tally(const std::vector<HttpReply>& replies) {
  std::map<int, int> by_status;
  for (const auto& r : replies) {
    ++by_status[r.status];
    if (r.status == 429) {
      CHECK(error_of(r) == "too_many_attempts");
      CHECK(r.headers.count("retry-after") == 1);
    } else if (r.status == 503) {
      CHECK(error_of(r) == "busy");
      CHECK(r.headers.count("retry-after") == 1);
    } else {
      CHECK(r.status == 401);
      CHECK(error_of(r) == "invalid_credentials");
    }
  }
  return by_status;
}

}  // namespace

TEST_CASE(
    "an address over its share of password checks gets 429 with Retry-After, nobody "
    "is logged in",
    "[integration][limits][login]") {
  TestServer server({"--login-checks-per-address", "2", "--login-checks", "1000"});
  RequestFlood flood(server.port(), random_logins(60, {"127.0.0.2"}));
  flood.start();
  const auto by_status = tally(flood.finish(60000));
  CHECK(by_status.count(429) == 1);
  CHECK(by_status.count(503) == 0);
  CHECK(rows(server, "SELECT COUNT(*) FROM staff_sessions") == 0);
  CHECK(rows(server, "SELECT COUNT(*) FROM events WHERE type = 'staff_login'") == 0);
}

TEST_CASE(
    "the server over its total of password checks answers 503 with Retry-After, nobody "
    "is logged in",
    "[integration][limits][login]") {
  TestServer server({"--login-checks-per-address", "1000", "--login-checks", "2"});
  RequestFlood flood(server.port(),
                     random_logins(60, {"127.0.0.2", "127.0.0.3", "127.0.0.4", "127.0.0.5"}));
  flood.start();
  const auto by_status = tally(flood.finish(60000));
  CHECK(by_status.count(503) == 1);
  CHECK(by_status.count(429) == 0);
  CHECK(rows(server, "SELECT COUNT(*) FROM staff_sessions") == 0);
}

TEST_CASE("a staff member logs in within a second during a flood of 600 made-up logins",
          "[integration][limits][login][slow]") {
  TestServer server;  // the default limits
  auto timed_login = [&](const std::string& login, const std::string& password, int& status) {
    const auto start = std::chrono::steady_clock::now();
    status = http_request(server.port(), "POST", "/api/login",
                          json::serialize(json::object{{"login", login}, {"password", password}}),
                          {{"Content-Type", "application/json"}})
                 .status;
    return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() -
                                                                 start)
        .count();
  };
  // What one password check takes on this machine now, without the flood: a loaded machine
  // (a full test run) stretches every check alike.
  std::int64_t alone_ms = 0;
  for (int i = 0; i < 3; ++i) {
    int status = 0;
    alone_ms += timed_login("nobody-alone-" + std::to_string(i), "guess", status);
    CHECK(status == 401);
  }
  alone_ms /= 3;
  RequestFlood flood(server.port(), random_logins(600, {"127.0.0.2", "127.0.0.3", "127.0.0.4"}));
  flood.start();
  REQUIRE(flood.sent(20000));
  int real = 0;
  const auto ms = timed_login("alice", "alice-demo-pass", real);
  CHECK(real == 200);
  // Taken in turn, it waits for at most one check of each flooding address: within a second, or
  // on a loaded machine within ten lone checks; a login queued behind the flood's admitted checks
  // (24) or its 600 would take far longer.
  CAPTURE(alone_ms);
  CHECK(ms < std::max<std::int64_t>(1000, 10 * alone_ms));
  const auto replies = flood.finish(60000);
  const auto by_status = tally(replies);
  CHECK(by_status.count(429) == 1);  // the flood's addresses were held to their share
  // Only the real login started a session.
  CHECK(rows(server, "SELECT COUNT(*) FROM staff_sessions") == 1);
  CHECK(rows(server, "SELECT COUNT(*) FROM events WHERE type = 'staff_login'") == 1);
}
