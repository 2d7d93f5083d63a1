
#include <boost/json.hpp>
#include <catch2/catch.hpp>
#include <memory>
#include <string>
#include <vector>

#include "tests/support/floor_helpers.hpp"
#include "tests/support/test_client.hpp"
#include "tests/support/test_server.hpp"

// GET /api/conversations?view=…: the console's inbox views, their filters, search, paging and
// counts, each staff member seeing only what is theirs to see.

using namespace kefu::testing;
namespace json = boost::json;

namespace {

struct Staff {
  std::string cookie;
  std::unique_ptr<WsClient> socket;
};

Staff connect(const TestServer& server, const std::string& login) {
  Staff s{log_in(server.port(), login, login + "-demo-pass"), nullptr};
  s.socket = WsClient::staff(server.port(), server.origin(), s.cookie);
  s.socket->next_of_type("welcome");
  return s;
}

HttpReply inbox(const TestServer& server, const std::string& cookie, const std::string& query) {
  return http_request(server.port(), "GET", "/api/conversations" + query, "",
                      {{"Cookie", "kefu_session=" + cookie}});
}

json::object page(const TestServer& server, const std::string& cookie, const std::string& query) {
  auto reply = inbox(server, cookie, query);
  INFO(query << " -> " << reply.status << " " << reply.body);
  REQUIRE(reply.status == 200);
  return json::parse(reply.body).as_object();
}

std::vector<std::int64_t> ids_of(const json::object& p) {
  std::vector<std::int64_t> ids;
  for (const auto& c : p.at("conversations").as_array()) ids.push_back(c.at("id").as_int64());
  return ids;
}

struct Customer {
  std::string token;
  std::unique_ptr<WsClient> socket;
  std::int64_t conversation = 0;
};

Customer chat(const TestServer& server, const std::string& text) {
  Customer c{new_visitor(server.port()), nullptr};
  c.socket = WsClient::customer(server.port(), server.origin(), c.token);
  c.socket->next_of_type("welcome");
  c.socket->send_json(json::object{{"type", "message"}, {"client_id", "c1"}, {"text", text}});
  c.conversation = c.socket->next_of_type("ack").at("conversation_id").as_int64();
  return c;
}

}  // namespace

TEST_CASE("inbox views list mine, unassigned, team, resolved with counts, search and paging",
          "[integration][workspace]") {
  TestServer server;
  auto alice = connect(server, "alice");
  auto bob = connect(server, "bob");
  bob.socket->send(R"({"type":"status","client_id":"s1","status":"away"})");
  bob.socket->next_of_type("ack");
  auto sam = connect(server, "sam");

  // Alice takes three chats (her capacity); the fourth waits in the queue.
  std::vector<Customer> customers;
  customers.push_back(chat(server, "My teapot arrived cracked"));
  customers.push_back(chat(server, "我的茶壶破了"));
  customers.push_back(chat(server, "Where is order 1001?"));
  for (int i = 0; i < 3; ++i) alice.socket->next_of_type("conversation");
  customers.push_back(chat(server, "Do you ship to Macau?"));

  auto mine = page(server, alice.cookie, "?view=mine");
  CHECK(mine.at("view") == "mine");
  CHECK(mine.at("total") == 3);
  CHECK(mine.at("counts").at("mine") == 3);
  CHECK(mine.at("counts").at("unassigned") == 1);
  CHECK(mine.at("counts").at("team") == 3);
  CHECK(mine.at("counts").at("resolved") == 0);
  CHECK(mine.at("counts").at("mentions") == 0);
  const auto& first = mine.at("conversations").as_array().at(0).as_object();
  CHECK(first.at("status") == "assigned");
  CHECK(first.at("agent").at("name") == "Alice Chen");
  CHECK(first.at("last_message").at("author_kind") == "customer");
  CHECK(first.at("customer").at("name").as_string().starts_with("Visitor"));
  CHECK((first.at("sla_risk") == "ok" || first.at("sla_risk") == "at_risk"));

  // No view named: mine. The waiting customer is in everybody's unassigned view.
  CHECK(ids_of(page(server, alice.cookie, "")) == ids_of(mine));
  CHECK(ids_of(page(server, alice.cookie, "?view=unassigned")) ==
        std::vector<std::int64_t>{customers[3].conversation});
  // Bob (away) has nothing of his own, sees his team mate's three in Team.
  auto bobs = page(server, bob.cookie, "?view=mine");
  CHECK(bobs.at("total") == 0);
  CHECK(bobs.at("conversations").as_array().empty());
  CHECK(page(server, bob.cookie, "?view=team").at("total") == 3);

  // Search: message text in Chinese and English, subject and the customer's e-mail.
  CHECK(ids_of(page(server, alice.cookie, "?view=mine&q=%E8%8C%B6%E5%A3%B6")) ==
        std::vector<std::int64_t>{customers[1].conversation});
  CHECK(ids_of(page(server, alice.cookie, "?view=mine&q=teapot")) ==
        std::vector<std::int64_t>{customers[0].conversation});
  auto claimed = http_request(server.port(), "POST", "/api/widget/claim",
                              R"({"kind":"email","value":"ann.lee@example.com"})",
                              {{"Authorization", "Bearer " + customers[2].token}});
  REQUIRE(claimed.status == 200);
  auto by_email = page(server, alice.cookie, "?view=mine&q=ann.lee%40example.com");
  CHECK(ids_of(by_email) == std::vector<std::int64_t>{customers[2].conversation});
  CHECK(by_email.at("counts").at("unassigned") == 0);  // counts follow the search
  // A LIKE wildcard is text, not a pattern.
  CHECK(page(server, alice.cookie, "?view=mine&q=%25").at("total") == 0);

  // Paging.
  auto first_two = page(server, alice.cookie, "?view=mine&limit=2");
  CHECK(first_two.at("conversations").as_array().size() == 2);
  CHECK(first_two.at("more") == true);
  auto rest = page(server, alice.cookie, "?view=mine&limit=2&offset=2");
  CHECK(rest.at("conversations").as_array().size() == 1);
  CHECK(rest.at("more") == false);

  // Filters.
  CHECK(page(server, alice.cookie, "?view=mine&channel=ticket").at("total") == 0);
  CHECK(page(server, alice.cookie, "?view=mine&channel=chat").at("total") == 3);
  CHECK(page(server, alice.cookie, "?view=mine&queue=general").at("total") == 3);
  CHECK(page(server, alice.cookie, "?view=mine&sla=breached").at("total") == 0);
  CHECK(page(server, alice.cookie, "?view=unassigned&status=assigned").at("total") == 0);

  // Alice resolves the first; the waiting chat comes to her.
  alice.socket->send_json(json::object{
      {"type", "resolve"}, {"client_id", "r1"}, {"conversation_id", customers[0].conversation}});
  alice.socket->next_of_type("ack");
  alice.socket->next_of_type("conversation");
  auto resolved = page(server, alice.cookie, "?view=resolved");
  CHECK(ids_of(resolved) == std::vector<std::int64_t>{customers[0].conversation});
  CHECK(resolved.at("conversations").at(0).at("resolved_at").is_int64());
  // Bob handled nothing: his resolved view is empty; the supervisor sees every one.
  CHECK(page(server, bob.cookie, "?view=resolved").at("total") == 0);
  CHECK(page(server, sam.cookie, "?view=resolved").at("total") == 1);
  CHECK(page(server, sam.cookie, "?view=team").at("total") == 3);

  // A customer tag narrows to that customer's conversations.
  const auto tagged = resolved.at("conversations").at(0).at("customer").at("id").as_int64();
  REQUIRE(http_request(server.port(), "POST", "/api/customers/" + std::to_string(tagged) + "/tags",
                       R"({"tag":"wholesale"})", {{"Cookie", "kefu_session=" + alice.cookie}})
              .status == 204);
  CHECK(page(server, alice.cookie, "?view=resolved&tag=wholesale").at("total") == 1);
  CHECK(page(server, alice.cookie, "?view=mine&tag=wholesale").at("total") == 0);
}

TEST_CASE("inbox views refuse what they do not know and anybody without a session",
          "[integration][workspace]") {
  TestServer server;
  auto alice = connect(server, "alice");
  auto customer = chat(server, "Hello");
  alice.socket->next_of_type("conversation");

  auto anonymous = inbox(server, "", "?view=mine");
  CHECK(anonymous.status == 401);
  CHECK(json::parse(anonymous.body).at("error") == "unauthorized");
  auto visitor = http_request(server.port(), "GET", "/api/conversations?view=unassigned", "",
                              {{"Authorization", "Bearer " + customer.token}});
  CHECK(visitor.status == 401);
  CHECK(visitor.body.find("Hello") == std::string::npos);

  for (const std::string& bad : std::vector<std::string>{
           "?view=everything", "?view=mine&view=team", "?colour=red", "?limit=0", "?limit=101",
           "?offset=-1", "?channel=fax", "?status=open", "?sla=late",
           "?tag=", "?q=" + std::string(201, 'a')}) {
    auto reply = inbox(server, alice.cookie, bad);
    INFO(bad);
    CHECK(reply.status == 400);
    CHECK(json::parse(reply.body).at("error") == "bad_request");
    CHECK(reply.body.find("Hello") == std::string::npos);
  }
  CHECK(http_request(server.port(), "POST", "/api/conversations?view=mine", "{}",
                     {{"Cookie", "kefu_session=" + alice.cookie}})
            .status == 405);
  // Nothing of the above changed anything: still one conversation, Alice's.
  CHECK(count_rows(server, "SELECT COUNT(*) FROM conversations") == 1);
  CHECK(page(server, alice.cookie, "?view=mine").at("total") == 1);
}
