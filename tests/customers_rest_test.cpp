
#include <boost/json.hpp>
#include <catch2/catch.hpp>
#include <map>
#include <string>

#include "tests/support/floor_helpers.hpp"
#include "tests/support/shop_signature.hpp"
#include "tests/support/test_client.hpp"
#include "tests/support/test_server.hpp"

// Widget claims, merge suggestions and un-merging through the real server (docs/protocol.md,
// "Customers over REST" and "Contact details from the widget").

using namespace kefu::testing;
namespace json = boost::json;

namespace {

const std::string kSecret = "rest-shop-secret";
using Headers = std::map<std::string, std::string>;

std::string shopify_signature(const std::string& body) {
  return kefu::testing::shopify_signature(body, kSecret);
}

std::int64_t rows(const TestServer& server, const std::string& sql) {
  return count_rows(server, sql);
}

// Waits until the log writer has caught up (a health probe commits behind earlier writes).
void settle(const TestServer& server) {
  REQUIRE(http_request(server.port(), "GET", "/healthz").status == 200);
}

// Ann Lee, known to the shop: a signed order gives her a verified email. Returns her id.
std::int64_t shop_customer_ann(const TestServer& server) {
  const std::string body = R"({"id":7001,"name":"#7001","email":"ann@example.com",
    "created_at":"2026-11-20T10:00:00Z","total_price":"42.00","currency":"USD",
    "financial_status":"paid","fulfillment_status":"fulfilled",
    "customer":{"id":701,"first_name":"Ann","last_name":"Lee","email":"ann@example.com"},
    "line_items":[{"title":"Oolong tea","quantity":2,"price":"21.00","sku":"OT-1"}]})";
  auto stored = http_request(server.port(), "POST", "/api/shop/orders", body,
                             {{"X-Shopify-Hmac-Sha256", shopify_signature(body)}});
  REQUIRE(stored.status == 200);
  return json::parse(stored.body).at("customer_id").as_int64();
}

HttpReply claim(const TestServer& server, const std::string& token, const std::string& body) {
  return http_request(server.port(), "POST", "/api/widget/claim", body,
                      {{"Authorization", "Bearer " + token}, {"Origin", server.origin()}});
}

std::string error_code(const HttpReply& reply) {
  return std::string(json::parse(reply.body).at("error").as_string());
}

Headers staff(const TestServer& server, const std::string& login) {
  return {{"Cookie", "kefu_session=" + log_in(server.port(), login, login + "-demo-pass")}};
}

// Everything a widget claim or a merge decision could change, as one comparable string.
std::string customer_state(const TestServer& server) {
  std::string state;
  for (const char* sql :
       {"SELECT COUNT(*) FROM customer_identities", "SELECT COUNT(*) FROM merge_suggestions",
        "SELECT COUNT(*) FROM merge_suggestions WHERE status = 'open'",
        "SELECT COUNT(*) FROM customer_merges WHERE unmerged_at IS NULL",
        "SELECT COUNT(*) FROM customers WHERE merged_into IS NOT NULL",
        "SELECT COALESCE(SUM(customer_id), 0) FROM conversations",
        "SELECT COALESCE(SUM(customer_id), 0) FROM orders"})
    state += std::to_string(count_rows(server, sql)) + ",";
  return state;
}

}  // namespace

TEST_CASE("a widget claim answers the same whether or not it matched, only staff see the match",
          "[integration][customers][claims]") {
  TestServer server({"--shop-secret", kSecret});
  const auto ann = shop_customer_ann(server);
  auto alice = WsClient::staff(server.port(), server.origin(),
                               log_in(server.port(), "alice", "alice-demo-pass"));
  alice->next_of_type("welcome");

  // Visitor A chats with Alice, then types Ann's address (case and plus-addressing differ).
  const auto token_a = new_visitor(server.port());
  auto visitor_a = WsClient::customer(server.port(), server.origin(), token_a);
  visitor_a->next_of_type("welcome");
  visitor_a->send(R"({"type":"message","client_id":"a1","text":"where is my tea?"})");
  alice->next_of_type("customer_view");
  const auto token_b = new_visitor(server.port());
  const auto merges_before = rows(server, "SELECT COUNT(*) FROM customer_merges");

  const auto matched = claim(server, token_a, R"({"kind":"email","value":"ANN+x@Example.com"})");
  const auto unmatched = claim(server, token_b, R"({"kind":"email","value":"nobody@example.com"})");
  REQUIRE(matched.status == 200);
  REQUIRE(unmatched.status == 200);
  // Byte for byte the same answer, and the same headers apart from the date.
  CHECK(matched.body == unmatched.body);
  CHECK(matched.body == R"({"type":"identity_claim","status":"received"})");
  auto headers_a = matched.headers;
  auto headers_b = unmatched.headers;
  headers_a.erase("date");
  headers_b.erase("date");
  CHECK(headers_a == headers_b);

  // Stored as an unverified identity of the visitor; Ann is untouched and nothing merged.
  const auto visitor_customer =
      rows(server, "SELECT customer_id FROM customer_identities WHERE value = 'ANN+x@Example.com'");
  CHECK(visitor_customer != ann);
  CHECK(rows(server,
             "SELECT verified FROM customer_identities WHERE value = 'ANN+x@Example.com'") == 0);
  CHECK(rows(server, "SELECT COUNT(*) FROM customer_identities WHERE customer_id = " +
                         std::to_string(ann) + " AND value LIKE '%+x%'") == 0);
  CHECK(rows(server, "SELECT COUNT(*) FROM customer_merges") == merges_before);
  CHECK(rows(server, "SELECT COUNT(*) FROM merge_suggestions") == 1);
  CHECK(rows(server, "SELECT candidate_id FROM merge_suggestions") == ann);

  // The agent serving the chat sees the claim and the possible match, pushed live.
  auto pushed = alice->next_of_type("customer_view");
  const auto& view = pushed.at("customer").as_object();
  CHECK(view.at("id").as_int64() == visitor_customer);
  const auto serialized = json::serialize(view);
  CHECK(serialized.find(R"("value":"ANN+x@Example.com","verified":false)") != std::string::npos);
  REQUIRE(view.at("merge_suggestions").as_array().size() == 1);
  const auto& suggestion = view.at("merge_suggestions").as_array()[0].as_object();
  CHECK(suggestion.at("other_id").as_int64() == ann);
  CHECK(suggestion.at("other_name").as_string() == "Ann Lee");
  CHECK(suggestion.at("matched").as_string() == "ann@example.com");
  // ... but not Ann's orders: nothing of hers is in the visitor's view.
  CHECK(view.at("recent_orders").as_array().empty());

  // The visitor's own socket hears nothing about Ann.
  for (int i = 0; i < 5; ++i) {
    auto frame = visitor_a->quiet_for(150);
    if (!frame) break;
    const auto text = json::serialize(*frame);
    CHECK(text.find("Lee") == std::string::npos);
    CHECK(text.find("ann@example.com") == std::string::npos);
    CHECK(text.find("customer_view") == std::string::npos);
  }

  // Ann's own view lists the suggestion too, naming the visitor.
  auto ann_view =
      json::parse(http_request(server.port(), "GET", "/api/customers/" + std::to_string(ann), "",
                               staff(server, "bob"))
                      .body);
  REQUIRE(ann_view.at("merge_suggestions").as_array().size() == 1);
  CHECK(ann_view.at("merge_suggestions").at(0).at("other_id").as_int64() == visitor_customer);
  settle(server);
  CHECK(rows(server, "SELECT COUNT(*) FROM events WHERE type = 'identity_claimed'") == 2);
  CHECK(rows(server,
             "SELECT COUNT(*) FROM events WHERE type = 'identity_claimed' AND "
             "data LIKE '%ann%'") == 0);
}

TEST_CASE("bad widget claims get a typed error and store nothing",
          "[integration][customers][claims]") {
  TestServer server({"--shop-secret", kSecret});
  shop_customer_ann(server);
  const auto token = new_visitor(server.port());
  const auto before = customer_state(server);

  struct Case {
    std::string token, body;
    int status;
    std::string code;
  };
  const Case cases[] = {
      {"", R"({"kind":"email","value":"ann@example.com"})", 401, "unauthorized"},
      {"not-a-token", R"({"kind":"email","value":"ann@example.com"})", 401, "unauthorized"},
      {token, "not json", 400, "bad_request"},
      {token, R"({"kind":"email"})", 400, "bad_request"},
      {token, R"({"kind":"email","value":42})", 400, "bad_request"},
      {token, R"(["email","ann@example.com"])", 400, "bad_request"},
      {token, R"({"kind":"shop_customer_id","value":"701"})", 400, "bad_kind"},
      {token, R"({"kind":"visitor_id","value":"v1"})", 400, "bad_kind"},
      {token, R"({"kind":"email","value":"ann.example.com"})", 400, "invalid_email"},
      {token, R"({"kind":"email","value":"ann@@example.com"})", 400, "invalid_email"},
      {token, R"({"kind":"email","value":""})", 400, "invalid_email"},
      {token, R"({"kind":"phone","value":"12"})", 400, "invalid_phone"},
      {token, R"({"kind":"phone","value":"0711 2842 2222"})", 400, "invalid_phone"},
      {token, R"({"kind":"phone","value":"+49 call me"})", 400, "invalid_phone"},
      {token, R"({"kind":"email","value":")" + std::string(250, 'a') + R"(@x.com"})", 400,
       "too_long"},
  };
  for (const auto& c : cases) {
    INFO(c.body);
    Headers headers;
    if (!c.token.empty()) headers["Authorization"] = "Bearer " + c.token;
    const auto reply = http_request(server.port(), "POST", "/api/widget/claim", c.body, headers);
    CHECK(reply.status == c.status);
    CHECK(error_code(reply) == c.code);
  }
  const auto get = http_request(server.port(), "GET", "/api/widget/claim", "",
                                {{"Authorization", "Bearer " + token}});
  CHECK(get.status == 405);
  settle(server);
  CHECK(customer_state(server) == before);
  CHECK(rows(server, "SELECT COUNT(*) FROM events WHERE type = 'identity_claimed'") == 0);

  SECTION("a visitor may hold five claims; repeating one is fine, a sixth is refused") {
    for (int i = 0; i < 5; ++i)
      REQUIRE(claim(server, token,
                    R"({"kind":"email","value":"me)" + std::to_string(i) + R"(@example.com"})")
                  .status == 200);
    CHECK(claim(server, token, R"({"kind":"email","value":"ME0@example.com"})").status == 200);
    const auto after_five = customer_state(server);
    const auto sixth = claim(server, token, R"({"kind":"phone","value":"+86 138 0013 8000"})");
    CHECK(sixth.status == 429);
    CHECK(error_code(sixth) == "too_many_claims");
    CHECK(customer_state(server) == after_five);
  }
}

TEST_CASE("staff accept a suggestion and undo the merge over REST, bad calls change nothing",
          "[integration][customers][merges]") {
  TestServer server({"--shop-secret", kSecret});
  const auto ann = shop_customer_ann(server);
  auto alice_socket = WsClient::staff(server.port(), server.origin(),
                                      log_in(server.port(), "alice", "alice-demo-pass"));
  alice_socket->next_of_type("welcome");
  const auto token = new_visitor(server.port());
  auto visitor = WsClient::customer(server.port(), server.origin(), token);
  visitor->next_of_type("welcome");
  visitor->send(R"({"type":"message","client_id":"v1","text":"I ordered oolong tea"})");
  const json::value conversation =
      alice_socket->next_of_type("customer_view").at("conversation_id");
  REQUIRE(claim(server, token, R"({"kind":"email","value":"ann@example.com"})").status == 200);
  alice_socket->next_of_type("customer_view");
  const auto claimant =
      rows(server, "SELECT customer_id FROM merge_suggestions WHERE status = 'open'");
  const auto suggestion = rows(server, "SELECT id FROM merge_suggestions");
  const auto alice = staff(server, "alice");
  const auto bob = staff(server, "bob");
  const auto sam = staff(server, "sam");
  const std::string base = "/api/customers/" + std::to_string(claimant);

  auto listed = http_request(server.port(), "GET", base + "/suggestions", "", alice);
  REQUIRE(listed.status == 200);
  const auto suggestions = json::parse(listed.body).at("suggestions").as_array();
  REQUIRE(suggestions.size() == 1);
  CHECK(suggestions[0].at("id").as_int64() == suggestion);
  CHECK(suggestions[0].at("other_name").as_string() == "Ann Lee");

  // Refused calls: nothing merges, nothing is decided.
  const auto unrelated = rows(server, "SELECT MAX(id) FROM customers") + 1000;
  const auto before = customer_state(server);
  const std::string accept = base + "/suggestions/" + std::to_string(suggestion) + "/accept";
  CHECK(http_request(server.port(), "POST", accept).status == 401);
  CHECK(http_request(server.port(), "GET", accept, "", alice).status == 405);
  CHECK(
      http_request(server.port(), "POST", base + "/suggestions/999999/accept", "", alice).status ==
      404);
  CHECK(http_request(server.port(), "POST", base + "/suggestions/abc/accept", "", alice).status ==
        404);
  CHECK(http_request(server.port(), "POST", base + "/suggestions/-1/dismiss", "", alice).status ==
        404);
  CHECK(http_request(server.port(), "POST",
                     base + "/suggestions/" + std::to_string(suggestion) + "/approve", "", alice)
            .status == 404);
  CHECK(http_request(server.port(), "POST",
                     "/api/customers/" + std::to_string(unrelated) + "/suggestions/" +
                         std::to_string(suggestion) + "/accept",
                     "", alice)
            .status == 404);
  CHECK(http_request(server.port(), "POST", base + "/merges/1/undo", "", sam).status == 404);
  CHECK(customer_state(server) == before);

  // Alice accepts: the visitor becomes Ann, and the agent's panel shows Ann's history.
  auto accepted = http_request(server.port(), "POST", accept, "", alice);
  REQUIRE(accepted.status == 200);
  const auto merge = json::parse(accepted.body).as_object();
  CHECK(merge.at("customer_id").as_int64() == ann);
  CHECK(merge.at("source_id").as_int64() == claimant);
  const auto merge_id = merge.at("merge_id").as_int64();
  auto merged_view = alice_socket->next_of_type("customer_view");
  CHECK(merged_view.at("conversation_id") == conversation);
  CHECK(merged_view.at("customer").at("id").as_int64() == ann);
  CHECK(merged_view.at("customer").at("recent_orders").as_array().size() == 1);
  CHECK(merged_view.at("customer").at("merges").at(0).at("id").as_int64() == merge_id);
  CHECK(merged_view.at("customer").at("merge_suggestions").as_array().empty());
  CHECK(rows(server, "SELECT merged_into FROM customers WHERE id = " + std::to_string(claimant)) ==
        ann);
  CHECK(rows(server, "SELECT customer_id FROM conversations WHERE id = " +
                         json::serialize(conversation)) == ann);

  // A decided suggestion cannot be decided again.
  const auto after_accept = customer_state(server);
  auto again = http_request(server.port(), "POST", accept, "", bob);
  CHECK(again.status == 409);
  CHECK(error_code(again) == "conflict");
  CHECK(http_request(server.port(), "POST",
                     base + "/suggestions/" + std::to_string(suggestion) + "/dismiss", "", bob)
            .status == 409);
  // Bob did not make the merge, so he may not undo it; a supervisor or Alice may.
  const std::string undo =
      "/api/customers/" + std::to_string(ann) + "/merges/" + std::to_string(merge_id) + "/undo";
  auto forbidden = http_request(server.port(), "POST", undo, "", bob);
  CHECK(forbidden.status == 403);
  CHECK(error_code(forbidden) == "forbidden");
  CHECK(http_request(server.port(), "GET", undo, "", sam).status == 405);
  CHECK(customer_state(server) == after_accept);

  SECTION("the merge is undone round trip: every row goes back, the suggestion reopens") {
    auto undone = http_request(server.port(), "POST", undo, "", sam);
    REQUIRE(undone.status == 200);
    CHECK(json::parse(undone.body).at("source_id").as_int64() == claimant);
    CHECK(customer_state(server) == before);
    CHECK(rows(server, "SELECT merged_into IS NULL FROM customers WHERE id = " +
                           std::to_string(claimant)) == 1);
    CHECK(rows(server, "SELECT customer_id FROM conversations WHERE id = " +
                           json::serialize(conversation)) == claimant);
    CHECK(rows(server, "SELECT customer_id FROM orders WHERE shop_order_id = '7001'") == ann);
    auto separate = alice_socket->next_of_type("customer_view");
    CHECK(separate.at("customer").at("id").as_int64() == claimant);
    CHECK(separate.at("customer").at("recent_orders").as_array().empty());
    CHECK(http_request(server.port(), "POST", undo, "", sam).status == 409);

    // Dismissed, the suggestion stays dismissed even when the claim is made again.
    REQUIRE(http_request(server.port(), "POST",
                         base + "/suggestions/" + std::to_string(suggestion) + "/dismiss", "", bob)
                .status == 204);
    REQUIRE(claim(server, token, R"({"kind":"email","value":"Ann@Example.com"})").status == 200);
    auto none = http_request(server.port(), "GET", base + "/suggestions", "", alice);
    CHECK(json::parse(none.body).at("suggestions").as_array().empty());
    settle(server);
    CHECK(rows(server, "SELECT COUNT(*) FROM events WHERE type = 'customer_merged'") == 1);
    CHECK(rows(server, "SELECT COUNT(*) FROM events WHERE type = 'customer_unmerged'") == 1);
    CHECK(rows(server,
               "SELECT COUNT(*) FROM events WHERE type = 'merge_suggestion_dismissed' "
               "AND agent_id IS NOT NULL") == 1);
  }
  SECTION("the agent who accepted may undo her own merge") {
    CHECK(http_request(server.port(), "POST", undo, "", alice).status == 200);
    CHECK(customer_state(server) == before);
  }
}
