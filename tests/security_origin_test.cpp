#include <boost/json.hpp>
#include <catch2/catch.hpp>
#include <map>
#include <string>

#include "tests/support/floor_helpers.hpp"
#include "tests/support/shop_signature.hpp"
#include "tests/support/test_client.hpp"
#include "tests/support/test_server.hpp"

// Cross-site requests and the two audiences (docs/security/edge.md): staff calls and the staff
// socket answer Kefu's own origin only, and every staff write must prove it comes from Kefu's
// own pages; the widget answers the shops' origins and Kefu's own.

using namespace kefu::testing;
namespace json = boost::json;
using Headers = std::map<std::string, std::string>;

namespace {

const std::string kSecret = "origin-shop-secret";
const std::string kShop = "https://shop.example";

std::int64_t rows(const TestServer& server, const std::string& sql) {
  return count_rows(server, sql);
}

void settle(const TestServer& server) {
  REQUIRE(http_request(server.port(), "GET", "/healthz").status == 200);
}

std::string error_code(const HttpReply& reply) {
  json::error_code ec;
  auto v = json::parse(reply.body, ec);
  if (ec || !v.is_object() || !v.as_object().contains("error"))
    return "(no error: " + reply.body + ")";
  return std::string(v.at("error").as_string());
}

// A customer with an order, identities and a note, as the shop's signed webhook makes her.
std::int64_t shop_customer(const TestServer& server) {
  const std::string body = R"({"id":9101,"name":"#9101","email":"mei@example.com",
    "created_at":"2026-11-20T10:00:00Z","total_price":"42.00","currency":"USD",
    "financial_status":"paid","fulfillment_status":"fulfilled",
    "customer":{"id":911,"first_name":"Mei","last_name":"Lin","email":"mei@example.com"},
    "line_items":[{"title":"Oolong tea","quantity":2,"price":"21.00","sku":"OT-1"}]})";
  // The webhook is signed, not cookie-authenticated: a foreign Origin does not matter to it.
  auto stored = http_request(server.port(), "POST", "/api/shop/orders", body,
                             {{"X-Shopify-Hmac-Sha256", shopify_signature(body, kSecret)},
                              {"Origin", "http://evil.example"}});
  REQUIRE(stored.status == 200);
  return json::parse(stored.body).at("customer_id").as_int64();
}

// What a customer's erasure would change.
struct CustomerRows {
  std::int64_t identities, orders, notes, named;
  CustomerRows(const TestServer& s, std::int64_t id)
      : identities(rows(s, "SELECT COUNT(*) FROM customer_identities WHERE customer_id = " +
                               std::to_string(id))),
        orders(rows(s, "SELECT COUNT(*) FROM orders WHERE customer_id = " + std::to_string(id))),
        notes(rows(
            s, "SELECT COUNT(*) FROM customer_notes WHERE customer_id = " + std::to_string(id))),
        named(rows(s, "SELECT COUNT(*) FROM customers WHERE display_name LIKE '%Mei%' AND id = " +
                          std::to_string(id))) {}
  bool operator==(const CustomerRows&) const = default;
};

// The ways a page that is not Kefu's own might send a write: a foreign site, a sibling
// subdomain, a sandboxed frame or data: URL (Origin: null), a shop's page, no Origin at all.
std::vector<Headers> cross_site(const TestServer& server) {
  return {{{"Origin", "http://evil.example"}},
          {{"Origin", "http://sibling.127.0.0.1:" + std::to_string(server.port())}},
          {{"Origin", "null"}},
          {{"Origin", kShop}},
          {{"Origin", "https://127.0.0.1:" + std::to_string(server.port())}},
          {{"Origin", ""}},
          {{"Origin", ""}, {"Sec-Fetch-Site", "same-site"}},
          {{"Origin", ""}, {"Sec-Fetch-Site", "cross-site"}},
          {{"Origin", "http://evil.example"}, {"Sec-Fetch-Site", "same-origin"}}};
}

std::string described(const Headers& headers) {
  std::string text;
  for (const auto& [name, value] : headers) text += name + ": " + value + "; ";
  return text;
}

Headers with(Headers headers, const std::string& cookie) {
  headers["Cookie"] = "kefu_session=" + cookie;
  headers["Content-Type"] = "application/json";
  return headers;
}

}  // namespace

TEST_CASE("an admin's erasure from another origin is refused and erases nothing",
          "[integration][security]") {
  TestServer server({"--shop-secret", kSecret, "--allowed-origin", kShop});
  const auto id = shop_customer(server);
  const auto admin = log_in(server.port(), "admin", "admin-demo-pass");
  REQUIRE(!admin.empty());
  const std::string target = "/api/customers/" + std::to_string(id);
  settle(server);
  const CustomerRows before(server, id);
  REQUIRE(before.identities > 0);
  REQUIRE(before.named == 1);
  for (const auto& headers : cross_site(server)) {
    const std::string sent = described(headers);
    CAPTURE(sent);
    auto reply = http_request(server.port(), "DELETE", target, "", with(headers, admin));
    CHECK(reply.status == 403);
    CHECK(error_code(reply) == "forbidden_origin");
  }
  settle(server);
  CHECK(CustomerRows(server, id) == before);
  // The same call from Kefu's own page erases her (the refusals above could have failed).
  CHECK(http_request(server.port(), "DELETE", target, "", with({}, admin)).status == 204);
  settle(server);
  CHECK(CustomerRows(server, id).named == 0);
}

TEST_CASE("login, logout and notes from another origin are refused and change nothing",
          "[integration][security]") {
  TestServer server({"--shop-secret", kSecret, "--allowed-origin", kShop});
  const auto id = shop_customer(server);
  const auto alice = log_in(server.port(), "alice", "alice-demo-pass");
  settle(server);
  const auto sessions = rows(server, "SELECT COUNT(*) FROM staff_sessions");
  const auto revoked =
      rows(server, "SELECT COUNT(*) FROM staff_sessions WHERE revoked_at IS NOT NULL");
  const auto events = rows(server, "SELECT COUNT(*) FROM events");
  const CustomerRows before(server, id);
  const std::string login = R"({"login":"bob","password":"bob-demo-pass"})";
  for (const auto& headers : cross_site(server)) {
    const std::string sent = described(headers);
    CAPTURE(sent);
    auto in = http_request(server.port(), "POST", "/api/login", login, with(headers, ""));
    CHECK(in.status == 403);
    CHECK(error_code(in) == "forbidden_origin");
    CHECK(in.headers.count("set-cookie") == 0);
    auto out = http_request(server.port(), "POST", "/api/logout", "", with(headers, alice));
    CHECK(out.status == 403);
    auto note =
        http_request(server.port(), "POST", "/api/customers/" + std::to_string(id) + "/notes",
                     R"({"text":"planted"})", with(headers, alice));
    CHECK(note.status == 403);
    CHECK(error_code(note) == "forbidden_origin");
  }
  settle(server);
  CHECK(rows(server, "SELECT COUNT(*) FROM staff_sessions") == sessions);
  CHECK(rows(server, "SELECT COUNT(*) FROM staff_sessions WHERE revoked_at IS NOT NULL") ==
        revoked);
  CHECK(rows(server, "SELECT COUNT(*) FROM events") == events);
  CHECK(CustomerRows(server, id) == before);
  CHECK(http_request(server.port(), "GET", "/api/me", "", with({}, alice)).status == 200);

  // Kefu's own page: by its Origin, or by Sec-Fetch-Site alone.
  CHECK(http_request(server.port(), "POST", "/api/login", login, with({}, "")).status == 200);
  CHECK(http_request(server.port(), "POST", "/api/login", login,
                     with({{"Origin", ""}, {"Sec-Fetch-Site", "same-origin"}}, ""))
            .status == 200);
  CHECK(http_request(server.port(), "POST", "/api/logout", "", with({}, alice)).status == 204);
  CHECK(http_request(server.port(), "GET", "/api/me", "", with({}, alice)).status == 401);
}

TEST_CASE("staff reads answer Kefu's own origin only", "[integration][security]") {
  TestServer server({"--allowed-origin", kShop});
  const auto alice = log_in(server.port(), "alice", "alice-demo-pass");
  for (const std::string& origin : std::vector<std::string>{"http://evil.example", "null", kShop}) {
    CAPTURE(origin);
    auto reply =
        http_request(server.port(), "GET", "/api/me", "", with({{"Origin", origin}}, alice));
    CHECK(reply.status == 403);
    CHECK(reply.body.find("alice") == std::string::npos);
  }
  CHECK(
      http_request(server.port(), "GET", "/api/me", "", with({{"Origin", server.origin()}}, alice))
          .status == 200);
  CHECK(http_request(server.port(), "GET", "/api/me", "", with({}, alice)).status == 200);
}

TEST_CASE("behind a proxy, Kefu's own origin is --public-origin", "[integration][security]") {
  const std::string own = "https://kefu.example";
  TestServer server({"--public-origin", own + "/"});
  const std::string login = R"({"login":"bob","password":"bob-demo-pass"})";
  settle(server);
  const auto sessions = rows(server, "SELECT COUNT(*) FROM staff_sessions");
  // The Host the proxy forwards no longer makes an origin Kefu's own.
  auto by_host =
      http_request(server.port(), "POST", "/api/login", login, {{"Origin", server.origin()}});
  CHECK(by_host.status == 403);
  settle(server);
  CHECK(rows(server, "SELECT COUNT(*) FROM staff_sessions") == sessions);
  auto proxied = http_request(server.port(), "POST", "/api/login", login, {{"Origin", own}});
  CHECK(proxied.status == 200);
  const auto cookie = log_in(server.port(), "alice", "alice-demo-pass");
  CHECK(cookie.empty());  // log_in sends the Host's origin
  CHECK_THROWS_AS(WsClient::staff(server.port(), server.origin(), "x"), UpgradeRefused);
  CHECK(run_kefu(server.on_database({"serve"}, {"--public-origin", "kefu.example"})) == 2);
  CHECK(run_kefu(server.on_database({"serve"}, {"--public-origin", "https://kefu.example/app"})) ==
        2);
  CHECK(run_kefu(server.on_database({"serve"}, {"--allowed-origin", "shop.example"})) == 2);
}

TEST_CASE("the staff socket answers Kefu's own origin only, the widget's the shops' too",
          "[integration][security]") {
  TestServer server({"--allowed-origin", kShop});
  auto status_of = [&](auto open) {
    try {
      open();
    } catch (const UpgradeRefused& refused) {
      return refused.status;
    }
    return 101;
  };
  const auto cookie = log_in(server.port(), "alice", "alice-demo-pass");
  const auto token = new_visitor(server.port());
  CHECK(status_of([&] { WsClient::staff(server.port(), kShop, cookie); }) == 403);
  CHECK(status_of([&] { WsClient::staff(server.port(), "null", cookie); }) == 403);
  CHECK(status_of([&] { WsClient::staff(server.port(), "", cookie); }) == 403);
  CHECK(status_of([&] { WsClient::customer(server.port(), "http://evil.example", token); }) == 403);
  settle(server);
  CHECK(rows(server, "SELECT COUNT(*) FROM events WHERE type = 'staff_connected'") == 0);
  CHECK(status_of([&] { WsClient::staff(server.port(), server.origin(), cookie); }) == 101);
  CHECK(status_of([&] { WsClient::customer(server.port(), kShop, token); }) == 101);
  CHECK(status_of([&] { WsClient::customer(server.port(), server.origin(), token); }) == 101);
}

TEST_CASE("the widget's calls answer the shops' origins and Kefu's own, no others",
          "[integration][security]") {
  TestServer server({"--allowed-origin", kShop});
  settle(server);
  const auto visitors = rows(server, "SELECT COUNT(*) FROM visitors");
  for (const std::string& origin : std::vector<std::string>{"http://evil.example", "null"}) {
    CAPTURE(origin);
    auto reply = http_request(server.port(), "POST", "/api/widget/visitor", "{}",
                              {{"Origin", origin}, {"Content-Type", "application/json"}});
    CHECK(reply.status == 403);
    CHECK(error_code(reply) == "forbidden_origin");
    CHECK(reply.headers.count("access-control-allow-origin") == 0);
  }
  settle(server);
  CHECK(rows(server, "SELECT COUNT(*) FROM visitors") == visitors);
  auto shop = http_request(server.port(), "POST", "/api/widget/visitor", "{}",
                           {{"Origin", kShop}, {"Content-Type", "application/json"}});
  CHECK(shop.status == 200);
  CHECK(shop.headers["access-control-allow-origin"] == kShop);
  auto own = http_request(server.port(), "POST", "/api/widget/visitor", "{}",
                          {{"Origin", server.origin()}, {"Content-Type", "application/json"}});
  CHECK(own.status == 200);
  // A ticket with a visitor token is the widget's: a shop may send it, a stranger may not.
  const std::string token = json::parse(shop.body).at("token").as_string().c_str();
  const std::string ticket = R"({"subject":"Broken zip","text":"It broke.","email":""})";
  settle(server);
  const auto conversations = rows(server, "SELECT COUNT(*) FROM conversations");
  auto stranger =
      http_request(server.port(), "POST", "/api/tickets", ticket,
                   {{"Origin", "http://evil.example"}, {"Authorization", "Bearer " + token}});
  CHECK(stranger.status == 403);
  settle(server);
  CHECK(rows(server, "SELECT COUNT(*) FROM conversations") == conversations);
  auto from_shop = http_request(server.port(), "POST", "/api/tickets", ticket,
                                {{"Origin", kShop}, {"Authorization", "Bearer " + token}});
  CHECK(from_shop.status == 201);
  // Without the token a ticket is staff's, and a shop's page is not Kefu's own.
  const auto alice = log_in(server.port(), "alice", "alice-demo-pass");
  auto staff_ticket =
      http_request(server.port(), "POST", "/api/tickets", ticket, with({{"Origin", kShop}}, alice));
  CHECK(staff_ticket.status == 403);
  settle(server);
  CHECK(rows(server, "SELECT COUNT(*) FROM conversations") == conversations + 1);
}
