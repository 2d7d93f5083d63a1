#include <boost/json.hpp>
#include <catch2/catch.hpp>
#include <chrono>
#include <map>
#include <string>
#include <thread>

#include "server/store/sql/statement.hpp"
#include "tests/support/floor_helpers.hpp"
#include "tests/support/shop_signature.hpp"
#include "tests/support/test_client.hpp"
#include "tests/support/test_server.hpp"

// What comes in, through the real server (docs/security/input.md): a JSON object that repeats a
// key is refused everywhere outside JSON enters, a field of the wrong type is refused instead of
// being taken for absent, and the visitor token travels in Sec-WebSocket-Protocol, never in the
// URL. Each case checks the refusal and that nothing changed.

using namespace kefu::testing;
namespace json = boost::json;

namespace {

const std::string kSecret = "input-shop-secret";
using Headers = std::map<std::string, std::string>;

// Row counts of every table a refused request could have written, as one comparable string.
std::string stored(const TestServer& server) {
  REQUIRE(http_request(server.port(), "GET", "/healthz").status == 200);  // writes settled
  // At start the back office writes the quality settings the SLA policies imply, a moment after
  // the server listens: wait for that row, so that it is not taken for a refusal's change.
  for (int i = 0; i < 50 && count_rows(server, "SELECT COUNT(*) FROM kpi_quality_settings") == 0;
       ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  const auto db = server.reader();  // (on SQLite, waits 5 s for the checkpointer's lock)
  std::string state;
  for (const char* table :
       {"customers", "visitors", "conversations", "messages", "events", "staff_sessions",
        "customer_identities", "customer_notes", "customer_tags", "kb_articles", "orders",
        "kpi_reviews", "kpi_surveys", "kpi_quality_settings"}) {
    kefu::sql::Statement count(*db, std::string("SELECT COUNT(*) FROM ") + table);
    REQUIRE(count.step());
    state += std::string(table) + "=" + std::to_string(count.column(0).int64()) + " ";
  }
  return state;
}

std::string error_of(const HttpReply& reply) {
  json::error_code ec;
  const auto v = json::parse(reply.body, ec);
  if (ec || !v.is_object() || !v.as_object().contains("error")) return "(" + reply.body + ")";
  return std::string(v.at("error").as_string());
}

std::string field(const json::value& v, const char* key) {
  const auto& f = v.as_object().at(key);
  return f.is_string() ? std::string(f.as_string()) : json::serialize(f);
}

// A cookie-authenticated staff member's headers, with the server's own Origin (the rule against
// cross-site writes).
Headers staff(const TestServer& server, const std::string& login) {
  return {{"Cookie", "kefu_session=" + log_in(server.port(), login, login + "-demo-pass")},
          {"Origin", server.origin()},
          {"Content-Type", "application/json"}};
}

Headers visitor(const TestServer& server, const std::string& token) {
  return {{"Authorization", "Bearer " + token}, {"Origin", server.origin()}};
}

// The upgrade's HTTP status (101 when it opened) and the refusal's error code.
std::pair<int, std::string> upgrade(const TestServer& server, const std::string& target,
                                    const std::string& subprotocols) {
  try {
    WsClient client(server.port(), target, server.origin(), "", subprotocols);
    return {101, client.subprotocol()};
  } catch (const UpgradeRefused& refused) {
    HttpReply reply;
    reply.body = refused.body;
    return {refused.status, error_of(reply)};
  }
}

}  // namespace

TEST_CASE("a socket frame that repeats a key is bad_json and changes nothing",
          "[integration][security]") {
  TestServer server;
  const auto token = new_visitor(server.port());
  auto customer = WsClient::customer(server.port(), server.origin(), token);
  customer->next_of_type("welcome");
  auto alice = WsClient::staff(server.port(), server.origin(),
                               log_in(server.port(), "alice", "alice-demo-pass"));
  alice->next_of_type("welcome");
  const std::string before = stored(server);

  for (const char* frame : {
           R"({"type":"message","client_id":"d1","text":"hello","text":"refund me"})",
           R"({"type":"typing","type":"message","client_id":"d2","text":"x"})",
           R"({"type":"message","client_id":"d3","client_id":"d4","text":"x"})",
           R"({"type":"message","client_id":"d5","text":"x","extra":{"k":1,"k":2}})",
       }) {
    INFO(frame);
    customer->send(frame);
    const auto error = customer->next_of_type("error");
    CHECK(field(error, "code") == "bad_json");
    CHECK(field(error, "ref") == "null");
  }
  alice->send(R"({"type":"status","client_id":"s1","status":"offline","status":"online"})");
  CHECK(field(alice->next_of_type("error"), "code") == "bad_json");

  CHECK(stored(server) == before);
  CHECK_FALSE(alice->quiet_for(300).has_value());  // no message, no status change
  customer->send(R"({"type":"message","client_id":"ok","text":"still here"})");
  CHECK(field(customer->next_of_type("ack"), "ref") == "ok");
}

TEST_CASE("a REST body or webhook that repeats a key is refused and changes nothing",
          "[integration][security]") {
  TestServer server({"--shop-secret", kSecret});
  const auto token = new_visitor(server.port());
  const Headers admin = staff(server, "admin");
  const Headers sam = staff(server, "sam");
  const auto settings = http_request(server.port(), "GET", "/api/quality/settings", "", admin);
  REQUIRE(settings.status == 200);
  const std::string before = stored(server);

  struct Case {
    std::string method, target, body;
    Headers headers;
    int status;
    std::string code;
  };
  const std::string order =
      R"({"id":9001,"id":9002,"name":"#9001","email":"ann@example.com",)"
      R"("created_at":"2026-11-20T10:00:00Z","total_price":"42.00","currency":"USD"})";
  Headers signed_order{{"X-Shopify-Hmac-Sha256", shopify_signature(order, kSecret)}};
  const std::vector<Case> cases = {
      {"POST",
       "/api/login",
       R"({"login":"alice","password":"x","password":"alice-demo-pass"})",
       {},
       400,
       "bad_request"},
      {"POST",
       "/api/widget/visitor",
       R"({"token":"a","token":")" + token + "\"}",
       {},
       400,
       "bad_request"},
      {"POST", "/api/tickets", R"({"subject":"s","text":"t","text":"u"})", visitor(server, token),
       400, "bad_request"},
      {"POST", "/api/widget/claim", R"({"kind":"email","value":"a@b.cn","kind":"phone"})",
       visitor(server, token), 400, "bad_request"},
      {"POST", "/api/widget/identify",
       R"({"shop_customer_id":"1","shop_customer_id":"2",)"
       R"("signature":"00"})",
       visitor(server, token), 400, "bad_request"},
      {"POST", "/api/kb/feedback", R"({"article_id":1,"helped":false,"helped":true})",
       visitor(server, token), 400, "bad_request"},
      {"POST", "/api/customers/1/notes", R"({"text":"a","text":"b"})", admin, 400, "bad_request"},
      {"POST", "/api/customers/1/tags", R"({"tag":"vip","tag":"x"})", admin, 400, "bad_request"},
      {"POST", "/api/kb/used", R"({"conversation_id":1,"article_id":1,"article_id":2})", admin, 400,
       "bad_request"},
      {"POST", "/api/kb/articles", R"({"title":"T","locale":"en","title":"U"})", admin, 400,
       "invalid_article"},
      {"PUT", "/api/quality/settings", R"({"weights":{"csat":30,"csat":0}})", admin, 400,
       "bad_json"},
      {"POST", "/api/quality/reviews",
       R"({"conversation_id":1,"marks":{"accuracy":90,"accuracy":10},"comment":"c"})", sam, 400,
       "bad_field"},
      {"POST", "/api/shop/orders", order, signed_order, 400, "bad_request"},
  };
  for (const auto& c : cases) {
    INFO(c.method << " " << c.target << " " << c.body);
    const auto reply = http_request(server.port(), c.method, c.target, c.body, c.headers);
    CHECK(reply.status == c.status);
    CHECK(error_of(reply) == c.code);
  }
  CHECK(stored(server) == before);
  CHECK(http_request(server.port(), "GET", "/api/quality/settings", "", admin).body ==
        settings.body);
  // The same requests without the repeat are taken (the refusal was the repeat's).
  CHECK(http_request(server.port(), "PUT", "/api/quality/settings", R"({"weights":{"csat":30}})",
                     admin)
            .status == 200);
  const std::string clean = R"({"id":9001,"name":"#9001","email":"ann@example.com",)"
                            R"("created_at":"2026-11-20T10:00:00Z","total_price":"42.00",)"
                            R"("currency":"USD"})";
  CHECK(http_request(server.port(), "POST", "/api/shop/orders", clean,
                     {{"X-Shopify-Hmac-Sha256", shopify_signature(clean, kSecret)}})
            .status == 200);
}

TEST_CASE("a visitor token that is not a string is refused, not taken for a new visitor",
          "[integration][security]") {
  TestServer server;
  const auto token = new_visitor(server.port());
  const std::string before = stored(server);
  for (const std::string& given : std::vector<std::string>{
           "42", "null", "true", "{}", "[\"" + token + "\"]", "{\"token\":\"" + token + "\"}"}) {
    INFO(given);
    const auto reply =
        http_request(server.port(), "POST", "/api/widget/visitor", "{\"token\":" + given + "}");
    CHECK(reply.status == 400);
    CHECK(error_of(reply) == "bad_request");
  }
  CHECK(stored(server) == before);
  // A string is still the token held (kept when known).
  const auto kept =
      http_request(server.port(), "POST", "/api/widget/visitor", "{\"token\":\"" + token + "\"}");
  REQUIRE(kept.status == 200);
  CHECK(field(json::parse(kept.body), "token") == token);
  CHECK(stored(server) == before);
}

TEST_CASE("a frame field sent as null or another type is bad_field through the real socket",
          "[integration][security]") {
  TestServer server;
  auto customer = WsClient::customer(server.port(), server.origin(), new_visitor(server.port()));
  customer->next_of_type("welcome");
  const std::string before = stored(server);
  struct Case {
    const char* frame;
    const char* ref;
  };
  for (const Case& c : {
           Case{R"({"type":"message","client_id":"n1","conversation_id":null,"text":"hi"})", "n1"},
           Case{R"({"type":"message","client_id":"n2","conversation_id":true,"text":"hi"})", "n2"},
           Case{R"({"type":"rate","client_id":"n3","conversation_id":1,"rating":5,"comment":null})",
                "n3"},
           Case{R"({"type":"rate","client_id":"n4","conversation_id":1,"rating":5,"comment":[]})",
                "n4"},
       }) {
    INFO(c.frame);
    customer->send(c.frame);
    const auto error = customer->next_of_type("error");
    CHECK(field(error, "code") == "bad_field");
    CHECK(field(error, "ref") == c.ref);
  }
  CHECK(stored(server) == before);
}

TEST_CASE("the visitor token travels in Sec-WebSocket-Protocol, and a token in the URL is refused",
          "[integration][security]") {
  TestServer server;
  const auto token = new_visitor(server.port());
  const std::string offer = customer_subprotocols(token);
  const std::string before = stored(server);

  // Refused before the upgrade: an HTTP status, no socket.
  struct Case {
    std::string target, subprotocols;
    int status;
    std::string code;
  };
  const std::vector<Case> cases = {
      {"/ws/customer?token=" + token, "", 400, "token_in_url"},
      {"/ws/customer?token=" + token, offer, 400, "token_in_url"},
      {"/ws/customer?x=1&token=", offer, 400, "token_in_url"},
      {"/ws/customer", "", 401, "unauthorized"},
      {"/ws/customer", "kefu.customer.v1", 401, "unauthorized"},
      {"/ws/customer", "kefu.customer.v1, kefu.visitor-token.", 401, "unauthorized"},
      {"/ws/customer", customer_subprotocols("forged-token"), 401, "unauthorized"},
      {"/ws/customer", "kefu.visitor-token." + token, 400, "bad_subprotocol"},
      {"/ws/customer", offer + ", kefu.visitor-token.other", 400, "bad_subprotocol"},
      {"/ws/customer", "kefu.customer.v1, kefu.visitor-token.a/b", 400, "bad_subprotocol"},
  };
  for (const auto& c : cases) {
    INFO(c.target << " with [" << c.subprotocols << "]");
    CHECK(upgrade(server, c.target, c.subprotocols) == std::pair{c.status, c.code});
  }
  CHECK(stored(server) == before);

  // The offer opens the socket; the answer names the customer protocol, never the token.
  auto customer = WsClient::customer(server.port(), server.origin(), token);
  CHECK(customer->subprotocol() == "kefu.customer.v1");
  CHECK(field(customer->next_of_type("welcome"), "role") == "customer");
  customer->send(R"({"type":"message","client_id":"p1","text":"hello"})");
  CHECK(field(customer->next_of_type("ack"), "ref") == "p1");
  // Offered in another order, it is the same offer.
  CHECK(upgrade(server, "/ws/customer", "kefu.visitor-token." + token + ",kefu.customer.v1") ==
        std::pair{101, std::string("kefu.customer.v1")});
  // Staff sockets are not concerned: their cookie is their credential.
  auto alice = WsClient::staff(server.port(), server.origin(),
                               log_in(server.port(), "alice", "alice-demo-pass"));
  CHECK(alice->subprotocol().empty());
}
