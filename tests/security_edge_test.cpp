#include <boost/json.hpp>
#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>
#include <string>

#include "server/auth/same_secret.hpp"
#include "tests/support/floor_helpers.hpp"
#include "tests/support/test_client.hpp"
#include "tests/support/test_server.hpp"

// The HTTP edge (docs/security/edge.md): ambiguously framed requests are refused before their
// body is read, /metrics is closed without its token, every answer carries the security
// headers, and a directory is a 404.

using namespace kefu::testing;
namespace json = boost::json;

namespace {

std::int64_t rows(const TestServer& server, const std::string& sql) {
  return count_rows(server, sql);
}

// Waits until the store has caught up (a health probe commits behind earlier writes).
void settle(const TestServer& server) {
  REQUIRE(http_request(server.port(), "GET", "/healthz").status == 200);
}

std::size_t occurrences(const std::string& text, const std::string& what) {
  std::size_t n = 0;
  for (auto at = text.find(what); at != std::string::npos; at = text.find(what, at + 1)) ++n;
  return n;
}

// A request registering a new visitor, framed by `framing` (header lines ending in \r\n) and
// followed by `body`.
std::string visitor_request(const TestServer& server, const std::string& framing,
                            const std::string& body) {
  return "POST /api/widget/visitor HTTP/1.1\r\nHost: 127.0.0.1:" + std::to_string(server.port()) +
         "\r\nOrigin: " + server.origin() + "\r\nContent-Type: application/json\r\n" + framing +
         "\r\n" + body;
}

// A whole second request that registers a visitor when it is served.
std::string smuggled(const TestServer& server) {
  return visitor_request(server, "Content-Length: 2\r\n", "{}");
}

}  // namespace

TEST_CASE("a request framed other than by one final chunked coding is refused before its body",
          "[integration][security]") {
  TestServer server;
  settle(server);
  const auto visitors = rows(server, "SELECT COUNT(*) FROM visitors");
  // Each framing a proxy in front could read differently; the body is a second request.
  const std::vector<std::string> framings = {
      "Transfer-Encoding: identity\r\n",
      "Transfer-Encoding: gzip\r\n",
      "Transfer-Encoding: xchunked\r\n",
      "Transfer-Encoding: chunked, identity\r\n",
      "Transfer-Encoding: gzip, chunked\r\n",
      "Transfer-Encoding: chunked\r\nTransfer-Encoding: identity\r\n",
      "Transfer-Encoding: identity\r\nTransfer-Encoding: chunked\r\n",
      "Transfer-Encoding: chunked x\r\n",
      "Transfer-Encoding:\r\n",
      "Transfer-Encoding: chunked\r\nContent-Length: 5\r\n",
      "Content-Length: 5\r\nTransfer-Encoding: chunked\r\n",
  };
  for (const auto& framing : framings) {
    CAPTURE(framing);
    const auto exchange =
        raw_exchange(server.port(), visitor_request(server, framing, "") + smuggled(server));
    CHECK(exchange.received.rfind("HTTP/1.1 400 ", 0) == 0);
    CHECK(exchange.received.find(R"("error":"bad_framing")") != std::string::npos);
    CHECK(occurrences(exchange.received, "HTTP/1.1 ") == 1);  // the second is not served
    CHECK(exchange.closed);
  }
  // Transfer-Encoding in HTTP/1.0 (RFC 9112 §6.1).
  auto old = raw_exchange(server.port(),
                          "POST /api/widget/visitor HTTP/1.0\r\nOrigin: " + server.origin() +
                              "\r\nTransfer-Encoding: chunked\r\n\r\n2\r\n{}\r\n0\r\n\r\n" +
                              smuggled(server));
  CHECK(old.received.rfind("HTTP/1.1 400 ", 0) == 0);
  CHECK(old.closed);
  settle(server);
  CHECK(rows(server, "SELECT COUNT(*) FROM visitors") == visitors);

  // One final chunked coding is the body's framing: the request and the one after it are served.
  const auto good = raw_exchange(
      server.port(),
      visitor_request(server, "Transfer-Encoding: chunked\r\n", "2\r\n{}\r\n0\r\n\r\n") +
          smuggled(server),
      1500);
  CHECK(occurrences(good.received, "HTTP/1.1 200 ") == 2);
  settle(server);
  CHECK(rows(server, "SELECT COUNT(*) FROM visitors") == visitors + 2);
}

TEST_CASE("/metrics is closed without a configured token", "[integration][security]") {
  TestServer server;
  for (const auto& authorization : {std::string(), std::string("Bearer anything-at-all")}) {
    auto reply =
        http_request(server.port(), "GET", "/metrics", "",
                     authorization.empty()
                         ? std::map<std::string, std::string>{}
                         : std::map<std::string, std::string>{{"Authorization", authorization}});
    CHECK(reply.status == 404);
    CHECK(reply.body.find("kefu_") == std::string::npos);
  }
}

TEST_CASE("/metrics answers only the holder of the metrics token", "[integration][security]") {
  const std::string token = "metrics-token-for-the-test-0001";
  TestServer server({"--metrics-token", token});
  for (const auto& wrong : {std::string(), std::string("Bearer "), std::string("Bearer metrics"),
                            "Bearer " + token + "x", "Basic " + token, token}) {
    CAPTURE(wrong);
    auto reply = http_request(server.port(), "GET", "/metrics", "", {{"Authorization", wrong}});
    CHECK(reply.status == 401);
    CHECK(json::parse(reply.body).at("error").as_string() == "unauthorized");
    CHECK(reply.headers["www-authenticate"].rfind("Bearer", 0) == 0);
    CHECK(reply.body.find("kefu_") == std::string::npos);
  }
  auto scraped =
      http_request(server.port(), "GET", "/metrics", "", {{"Authorization", "Bearer " + token}});
  CHECK(scraped.status == 200);
  CHECK(scraped.body.find("kefu_messages_total") != std::string::npos);
}

TEST_CASE("a metrics token shorter than 16 bytes stops kefu serve", "[integration][security]") {
  TestServer server;  // for its database
  server.stop();
  CHECK(run_kefu(server.on_database({"serve"},
                                    {"--listen", "127.0.0.1:0", "--metrics-token", "short"})) == 2);
}

TEST_CASE("the metrics token is compared whole", "[security]") {
  using kefu::auth::same_secret;
  CHECK(same_secret("0123456789abcdef", "0123456789abcdef"));
  CHECK_FALSE(same_secret("0123456789abcdeX", "0123456789abcdef"));
  CHECK_FALSE(same_secret("0123456789abcde", "0123456789abcdef"));
  CHECK_FALSE(same_secret("", "0123456789abcdef"));
}

TEST_CASE("every answer carries the security headers, and no page may be framed",
          "[integration][security]") {
  TestServer server;
  const std::filesystem::path dist = server.folder();
  for (const char* page : {"index", "login", "console", "supervisor", "wallboard", "kb", "demo"}) {
    std::ofstream(dist / (std::string(page) + ".html")) << "<!doctype html><title>t</title>";
  }
  std::ofstream(dist / "widget.js") << "void 0;";
  std::filesystem::create_directory(dist / "assets");
  std::ofstream(dist / "assets" / "app.js") << "void 0;";

  auto common = [](HttpReply& r) {
    CHECK(r.headers["x-content-type-options"] == "nosniff");
    CHECK(r.headers["referrer-policy"] == "same-origin");
    CHECK(r.headers["x-frame-options"] == "DENY");
    CHECK(r.headers["content-security-policy"].find("frame-ancestors 'none'") != std::string::npos);
  };
  for (const char* page :
       {"/", "/login", "/console", "/supervisor", "/wallboard", "/kb", "/demo"}) {
    CAPTURE(page);
    auto r = http_request(server.port(), "GET", page);
    CHECK(r.status == 200);
    common(r);
    CHECK(r.headers["content-security-policy"].find("script-src 'self'") != std::string::npos);
  }
  auto widget = http_request(server.port(), "GET", "/widget.js");
  CHECK(widget.status == 200);
  common(widget);
  CHECK(widget.headers["cross-origin-resource-policy"] == "cross-origin");
  CHECK(widget.headers["content-security-policy"].find("default-src 'none'") != std::string::npos);
  auto asset = http_request(server.port(), "GET", "/assets/app.js");
  CHECK(asset.status == 200);
  common(asset);
  // API answers, errors and refused upgrades too.
  auto health = http_request(server.port(), "GET", "/healthz");
  CHECK(health.status == 200);
  common(health);
  auto me = http_request(server.port(), "GET", "/api/me");
  CHECK(me.status == 401);
  common(me);
  auto missing = http_request(server.port(), "GET", "/no-such-page");
  CHECK(missing.status == 404);
  common(missing);
  auto refused_upgrade = http_request(server.port(), "GET", "/ws/staff", "",
                                      {{"Connection", "Upgrade"},
                                       {"Upgrade", "websocket"},
                                       {"Sec-WebSocket-Version", "13"},
                                       {"Sec-WebSocket-Key", "dGhlIHNhbXBsZSBub25jZQ=="},
                                       {"Origin", "http://evil.example"}});
  CHECK(refused_upgrade.status == 403);
  common(refused_upgrade);
}

TEST_CASE("a directory is a 404, not a dropped connection", "[integration][security]") {
  TestServer server;
  std::filesystem::create_directory(std::filesystem::path(server.folder()) / "assets");
  for (const char* target : {"/assets/", "/assets", "/"}) {
    CAPTURE(target);
    for (const char* method : {"GET", "HEAD"}) {
      CAPTURE(method);
      auto r = http_request(server.port(), method, target);
      CHECK(r.status == 404);
      CHECK(r.headers["x-content-type-options"] == "nosniff");
    }
  }
  CHECK(http_request(server.port(), "GET", "/healthz").status == 200);
}
