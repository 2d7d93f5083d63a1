#include <boost/json.hpp>
#include <catch2/catch.hpp>
#include <map>
#include <string>
#include <vector>

#include "tests/support/floor_helpers.hpp"
#include "tests/support/shop_signature.hpp"
#include "tests/support/test_client.hpp"
#include "tests/support/test_server.hpp"

// The customer view, the knowledge base and the KPI feed through the real server.

using namespace kefu::testing;
namespace json = boost::json;

namespace {

const std::string kSecret = "test-shop-secret";

std::int64_t rows(const TestServer& server, const std::string& sql) {
  return count_rows(server, sql);
}

std::string order_json(const std::string& id, const std::string& email) {
  return R"({"id":)" + id + R"(,"name":"#)" + id + R"(","email":")" + email +
         R"(","created_at":"2026-11-20T10:00:00Z","total_price":"42.00","currency":"USD",
  "financial_status":"paid","fulfillment_status":"fulfilled",
  "customer":{"id":)" +
         id + R"(01,"first_name":"Ann","last_name":"Lee","email":")" + email + R"("},
  "line_items":[{"title":"Oolong tea","quantity":2,"price":"21.00","sku":"OT-1"}],
  "fulfillments":[{"status":"success","tracking_number":"1Z999","tracking_company":"UPS",
                   "tracking_url":"https://example.com/t/1Z999"}]})";
}

}  // namespace

TEST_CASE("an order webhook during a chat reaches the agent's customer view without a reload",
          "[integration][customers]") {
  TestServer server({"--shop-secret", kSecret, "--demo"});
  auto agent = WsClient::staff(server.port(), server.origin(),
                               log_in(server.port(), "alice", "alice-demo-pass"));
  agent->next_of_type("welcome");
  const auto token = new_visitor(server.port());
  // The demo shop signs its customer in; the visitor becomes that customer.
  auto identity = json::parse(http_request(server.port(), "GET", "/api/demo/identity").body);
  const std::string shop_id(identity.at("shop_customer_id").as_string());
  auto bad = http_request(server.port(), "POST", "/api/widget/identify",
                          R"({"shop_customer_id":")" + shop_id + R"(","signature":"00"})",
                          {{"Authorization", "Bearer " + token}});
  CHECK(bad.status == 401);
  auto ok = http_request(server.port(), "POST", "/api/widget/identify", json::serialize(identity),
                         {{"Authorization", "Bearer " + token}});
  REQUIRE(ok.status == 200);

  auto customer = WsClient::customer(server.port(), server.origin(), token);
  customer->next_of_type("welcome");
  customer->send(R"({"type":"message","client_id":"c1","text":"I have not received my order"})");
  auto view = agent->next_of_type("customer_view");
  const auto& profile = view.at("customer").as_object();
  CHECK(profile.at("recent_orders").as_array().size() > 0);  // the demo customer's history
  const auto orders_before = profile.at("lifetime_value").at("order_count").as_int64();
  // The supervisor's overview names the conversation after the identified customer, not the
  // visitor it started as.
  const std::string shop_name(profile.at("display_name").as_string());
  {
    auto sam = WsClient::staff(server.port(), server.origin(),
                               log_in(server.port(), "sam", "sam-demo-pass"));
    sam->next_of_type("welcome");
    std::string listed;
    for (int i = 0; i < 5 && listed != shop_name; ++i) {
      auto kpi = sam->next_of_type("kpi", 3000);
      for (const auto& c : kpi.at("conversations").as_array())
        listed = std::string(c.at("customer").at("name").as_string());
    }
    CHECK(listed == shop_name);
  }
  // Suggestions for "not received" arrive for the agent.
  auto suggestions = agent->next_of_type("suggestions");
  CHECK_FALSE(suggestions.at("articles").as_array().empty());
  CHECK(suggestions.at("articles").at(0).at("title") == "My order has not arrived");
  // A new question is searched on the next refresh (at most one a second), the earlier one
  // still weighed in: the latest message leads.
  customer->send(R"({"type":"message","client_id":"c2","text":"Can I cancel the order instead?"})");
  auto refreshed = agent->next_of_type("suggestions", 5000);
  CHECK(refreshed.at("articles").at(0).at("title") == "Cancelling an order");

  // The shop sends a new order for this customer while the chat is open.
  const std::string body = [&] {
    auto o = json::parse(order_json("5550001", "ann@example.com")).as_object();
    o["customer"].as_object()["id"] = std::stoll(shop_id);
    return json::serialize(o);
  }();
  const auto before = rows(server, "SELECT COUNT(*) FROM orders");
  auto unsigned_reply = http_request(server.port(), "POST", "/api/shop/orders", body);
  CHECK(unsigned_reply.status == 401);
  auto forged = http_request(server.port(), "POST", "/api/shop/orders", body,
                             {{"X-Shopify-Hmac-Sha256", shopify_signature(body, "wrong")}});
  CHECK(forged.status == 401);
  const std::string broken = R"({"id":5550002,"total_price":)";
  auto malformed = http_request(server.port(), "POST", "/api/shop/orders", broken,
                                {{"X-Shopify-Hmac-Sha256", shopify_signature(broken, kSecret)}});
  CHECK(malformed.status == 400);
  CHECK(rows(server, "SELECT COUNT(*) FROM orders") == before);

  auto stored = http_request(server.port(), "POST", "/api/shop/orders", body,
                             {{"X-Shopify-Hmac-Sha256", shopify_signature(body, kSecret)}});
  REQUIRE(stored.status == 200);
  auto updated = agent->next_of_type("customer_view");
  CHECK(updated.at("customer").at("lifetime_value").at("order_count").as_int64() ==
        orders_before + 1);
  // The same webhook again (Shopify retries) stores nothing new.
  auto again = http_request(server.port(), "POST", "/api/shop/orders", body,
                            {{"X-Shopify-Hmac-Sha256", shopify_signature(body, kSecret)}});
  CHECK(again.status == 200);
  CHECK(rows(server, "SELECT COUNT(*) FROM orders") == before + 1);
}

TEST_CASE("the widget gets an automatic answer for a confident question and none otherwise",
          "[integration][kb]") {
  TestServer server;
  const auto token = new_visitor(server.port());
  auto search = [&](const std::string& q) {
    return http_request(server.port(), "GET", "/api/kb/search?q=" + q, "",
                        {{"Authorization", "Bearer " + token}});
  };
  auto confident = search("%E6%88%91%E6%B2%A1%E6%94%B6%E5%88%B0%E8%B4%A7");  // 我没收到货
  REQUIRE(confident.status == 200);
  auto found = json::parse(confident.body).as_object();
  CHECK(found.contains("answer"));
  auto unanswerable = json::parse(search("quantum%20chromodynamics%20lecture").body).as_object();
  CHECK_FALSE(unanswerable.contains("answer"));
  CHECK(http_request(server.port(), "GET", "/api/kb/search?q=x").status == 401);
  // The log is written behind the answer; a health probe commits after it.
  CHECK(http_request(server.port(), "GET", "/healthz").status == 200);
  CHECK(rows(server, "SELECT COUNT(*) FROM events WHERE type = 'bot_answer_shown'") == 1);
  int limited = 0;
  for (int i = 0; i < 30; ++i) limited += search("refund").status == 429;
  CHECK(limited > 0);
}

TEST_CASE("supervisors get the live KPI feed and history reports, agents do not",
          "[integration][kpi]") {
  const std::string metrics_token = "scrape-token-0123456789";
  TestServer server({"--metrics-token", metrics_token});
  auto sam = WsClient::staff(server.port(), server.origin(),
                             log_in(server.port(), "sam", "sam-demo-pass"));
  sam->next_of_type("welcome");
  auto customer = WsClient::customer(server.port(), server.origin(), new_visitor(server.port()));
  customer->next_of_type("welcome");
  customer->send(R"({"type":"message","client_id":"c1","text":"hello"})");
  customer->next_of_type("ack");
  // Within a few seconds the feed shows the waiting chat.
  bool seen = false;
  for (int i = 0; i < 6 && !seen; ++i) {
    auto kpi = sam->next_of_type("kpi", 3000);
    for (const auto& q : kpi.at("queues").as_array()) {
      if (q.at("name").as_string() == "general" && q.at("waiting").as_int64() == 1) seen = true;
    }
  }
  CHECK(seen);
  const auto cookie = log_in(server.port(), "sam", "sam-demo-pass");
  auto report = http_request(server.port(), "GET",
                             "/api/reports?from=0&to=" + std::to_string(4'000'000'000'000LL), "",
                             {{"Cookie", "kefu_session=" + cookie}});
  CHECK(report.status == 400);  // over 400 days
  // Only whole numbers of milliseconds: a number followed by anything else is refused.
  for (const auto& range : {"from=12abc&to=99999", "from=0&to=1000x", "from=-5&to=1000",
                            "from=0&to=99999999999999999999", "from=&to=1000"}) {
    auto bad = http_request(server.port(), "GET", std::string("/api/reports?") + range, "",
                            {{"Cookie", "kefu_session=" + cookie}});
    CHECK(bad.status == 400);
    CHECK(bad.body.find("\"bad_request\"") != std::string::npos);
  }
  const auto now = std::chrono::duration_cast<std::chrono::milliseconds>(
                       std::chrono::system_clock::now().time_since_epoch())
                       .count();
  auto day = http_request(server.port(), "GET",
                          "/api/reports?from=" + std::to_string(now - 3'600'000) +
                              "&to=" + std::to_string(now + 60'000) + "&format=csv",
                          "", {{"Cookie", "kefu_session=" + cookie}});
  CHECK(day.status == 200);
  CHECK(day.headers["content-type"].rfind("text/csv", 0) == 0);
  const auto agent_cookie = log_in(server.port(), "bob", "bob-demo-pass");
  CHECK(http_request(server.port(), "GET", "/api/reports?from=0&to=1000", "",
                     {{"Cookie", "kefu_session=" + agent_cookie}})
            .status == 403);
  auto metrics = http_request(server.port(), "GET", "/metrics", "",
                              {{"Authorization", "Bearer " + metrics_token}});
  CHECK(metrics.status == 200);
  CHECK(metrics.body.find("kefu_queue_depth{queue=\"general\"} 1") != std::string::npos);
}

TEST_CASE("staff tag a customer and remove the tag again, names percent-encoded",
          "[integration][customers]") {
  TestServer server({"--demo"});
  const std::map<std::string, std::string> alice = {
      {"Cookie", "kefu_session=" + log_in(server.port(), "alice", "alice-demo-pass")}};
  const auto id = rows(server, "SELECT MIN(id) FROM customers WHERE merged_into IS NULL");
  const std::string base = "/api/customers/" + std::to_string(id);
  auto tags_of = [&] {
    auto view = json::parse(http_request(server.port(), "GET", base, "", alice).body);
    std::vector<std::string> names;
    for (const auto& t : view.at("tags").as_array()) names.emplace_back(t.as_string());
    return names;
  };
  const std::string vip = "\xE5\xA4\xA7\xE5\xAE\xA2\xE6\x88\xB7 gold";  // 大客户 gold
  REQUIRE(http_request(server.port(), "POST", base + "/tags", R"({"tag":")" + vip + R"("})", alice)
              .status == 204);
  REQUIRE(http_request(server.port(), "POST", base + "/tags", R"({"tag":"late-delivery"})", alice)
              .status == 204);
  CHECK(tags_of() == std::vector<std::string>{"late-delivery", vip});

  // A broken escape is refused and removes nothing.
  CHECK(http_request(server.port(), "DELETE", base + "/tags/late%2", "", alice).status == 400);
  CHECK(tags_of().size() == 2);
  // The percent-encoded name removes exactly that tag.
  CHECK(http_request(server.port(), "DELETE", base + "/tags/%E5%A4%A7%E5%AE%A2%E6%88%B7%20gold", "",
                     alice)
            .status == 204);
  CHECK(tags_of() == std::vector<std::string>{"late-delivery"});
  CHECK(http_request(server.port(), "DELETE", base + "/tags/late-delivery", "", alice).status ==
        204);
  CHECK(tags_of().empty());
  CHECK(rows(server, "SELECT COUNT(*) FROM customer_tags") == 0);

  // Notes: empty ones are refused; a stored one shows in the view.
  const auto notes_before = rows(server, "SELECT COUNT(*) FROM customer_notes");
  CHECK(http_request(server.port(), "POST", base + "/notes", R"({"text":"   "})", alice).status ==
        400);
  CHECK(rows(server, "SELECT COUNT(*) FROM customer_notes") == notes_before);
  auto note =
      http_request(server.port(), "POST", base + "/notes", R"({"text":"prefers email"})", alice);
  REQUIRE(note.status == 201);
  auto view = json::parse(http_request(server.port(), "GET", base, "", alice).body);
  CHECK(json::serialize(view.at("notes")).find("prefers email") != std::string::npos);
}
