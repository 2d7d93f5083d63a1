#include <boost/json.hpp>
#include <boost/url/encode.hpp>
#include <boost/url/rfc/unreserved_chars.hpp>
#include <catch2/catch.hpp>
#include <chrono>
#include <functional>
#include <string>
#include <thread>

#include "tests/support/floor_helpers.hpp"
#include "tests/support/test_client.hpp"
#include "tests/support/test_server.hpp"

// Learned questions through the server (issue #26): an agent inserting an article into a reply
// and a customer saying an article helped make the customer's question evidence for it, once
// per person; admins list and remove them (docs/protocol.md, "Knowledge-base learned questions
// (admin)"); anyone else is refused and nothing changes.

using namespace kefu::testing;
namespace json = boost::json;

namespace {

std::int64_t rows(const TestServer& server, const std::string& sql) {
  return count_rows(server, sql);
}

std::int64_t learned_rows(const TestServer& server) {
  return rows(server, "SELECT COUNT(*) FROM kb_learned_questions");
}

bool eventually(const std::function<bool()>& condition, int ms = 5000) {
  const auto end = std::chrono::steady_clock::now() + std::chrono::milliseconds(ms);
  while (std::chrono::steady_clock::now() < end) {
    if (condition()) return true;
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  return condition();
}

struct Staff {
  const TestServer& server;
  std::string cookie;

  HttpReply call(const std::string& method, const std::string& target,
                 const std::string& body = "") const {
    return http_request(server.port(), method, target, body,
                        {{"Cookie", "kefu_session=" + cookie},
                         {"Content-Type", "application/json"},
                         {"Origin", server.origin()}});
  }
};

std::string error_of(const HttpReply& reply) {
  return std::string(json::parse(reply.body).at("error").as_string());
}

std::int64_t published(const Staff& admin, const std::string& title, const std::string& body) {
  const auto created =
      admin.call("POST", "/api/kb/articles",
                 json::serialize(json::object{
                     {"title", title}, {"body", body}, {"locale", "zh"}, {"status", "published"}}));
  REQUIRE(created.status == 201);
  return json::parse(created.body).at("id").as_int64();
}

json::array learned(const Staff& admin, std::int64_t article) {
  const auto r = admin.call("GET", "/api/kb/articles/" + std::to_string(article) + "/learned");
  REQUIRE(r.status == 200);
  return json::parse(r.body).at("learned").as_array();
}

std::string search_url(const std::string& question) {
  return "/api/kb/search?q=" + boost::urls::encode(question, boost::urls::unreserved_chars);
}

}  // namespace

TEST_CASE("an agent's insert and a customer's helped teach the search, once per person",
          "[integration][kb][zh][learned]") {
  TestServer server;
  const Staff admin{server, log_in(server.port(), "admin", "admin-demo-pass")};
  const std::int64_t invoice =
      published(admin, "开发票", "所有订单都可以开电子发票，单位需要填写公司名称和税号。");
  const std::int64_t address =
      published(admin, "修改收货地址", "订单还没发货的时候，可以在订单详情里修改收货地址。");
  CHECK(learned_rows(server) == 0);

  // A customer asks in a chat; alice takes it and inserts the invoice article.
  const Staff alice{server, log_in(server.port(), "alice", "alice-demo-pass")};
  auto console = WsClient::staff(server.port(), server.origin(), alice.cookie);
  console->next_of_type("welcome");
  auto customer = WsClient::customer(server.port(), server.origin(), new_visitor(server.port()));
  customer->next_of_type("welcome");
  customer->send(R"({"type":"message","client_id":"c1","text":"你好"})");
  const auto chat = customer->next_of_type("ack").at("conversation_id").as_int64();
  customer->send(
      R"({"type":"message","client_id":"c2","text":"报销要用，能给个带单位名字的票吗"})");
  customer->next_of_type("ack");
  console->next_of_type("conversation");
  const std::string used =
      json::serialize(json::object{{"conversation_id", chat}, {"article_id", invoice}});
  REQUIRE(eventually([&] {
    return rows(server, "SELECT COUNT(*) FROM messages WHERE conversation_id = " +
                            std::to_string(chat)) == 2;
  }));
  // Another agent's insert into alice's conversation is refused and teaches nothing.
  const Staff bob{server, log_in(server.port(), "bob", "bob-demo-pass")};
  CHECK(bob.call("POST", "/api/kb/used", used).status == 403);
  CHECK(learned_rows(server) == 0);
  CHECK(alice.call("POST", "/api/kb/used", used).status == 204);
  auto list = learned(admin, invoice);
  REQUIRE(list.size() == 1);
  CHECK(list[0].at("question").as_string() == "报销要用，能给个带单位名字的票吗");  // the last one
  CHECK(list[0].at("source").as_string() == "agent");
  CHECK(list[0].at("weight").to_number<double>() == Approx(1.0).epsilon(0.01));
  // The same agent's insert again: seen again, never counted twice.
  CHECK(alice.call("POST", "/api/kb/used", used).status == 204);
  CHECK(alice.call("POST", "/api/kb/used", used).status == 204);
  CHECK(learned(admin, invoice).size() == 1);
  CHECK(learned_rows(server) == 1);
  CHECK(learned(admin, address).empty());

  // A visitor whose search showed the invoice article says it helped: their question counts,
  // once, however often they click.
  const std::string visitor = new_visitor(server.port());
  const std::string question = "发票可以写公司名吗";
  const auto found = http_request(server.port(), "GET", search_url(question), "",
                                  {{"Authorization", "Bearer " + visitor}});
  REQUIRE(found.status == 200);
  const std::string helped =
      json::serialize(json::object{{"article_id", invoice}, {"helped", true}});
  // A visitor whose own search did not show the article is refused and teaches nothing.
  const auto not_shown = http_request(server.port(), "POST", "/api/kb/feedback", helped,
                                      {{"Authorization", "Bearer " + new_visitor(server.port())},
                                       {"Content-Type", "application/json"}});
  CHECK(not_shown.status == 403);
  CHECK(learned_rows(server) == 1);
  for (int click = 0; click < 3; ++click) {
    CHECK(
        http_request(server.port(), "POST", "/api/kb/feedback", helped,
                     {{"Authorization", "Bearer " + visitor}, {"Content-Type", "application/json"}})
            .status == 204);
  }
  list = learned(admin, invoice);
  REQUIRE(list.size() == 2);
  CHECK(learned_rows(server) == 2);
  bool customer_row = false;
  for (const auto& l : list) {
    if (l.at("source").as_string() != "customer") continue;
    customer_row = true;
    CHECK(l.at("question").as_string() == question);
    CHECK(l.at("weight").to_number<double>() == Approx(0.5).epsilon(0.01));
  }
  CHECK(customer_row);
  // "Not helpful" teaches nothing.
  const std::string other = new_visitor(server.port());
  REQUIRE(http_request(server.port(), "GET", search_url("开发票"), "",
                       {{"Authorization", "Bearer " + other}})
              .status == 200);
  CHECK(http_request(server.port(), "POST", "/api/kb/feedback",
                     json::serialize(json::object{{"article_id", invoice}, {"helped", false}}),
                     {{"Authorization", "Bearer " + other}, {"Content-Type", "application/json"}})
            .status == 204);
  CHECK(learned_rows(server) == 2);
}

TEST_CASE("only admins list and remove learned questions, and refusals change nothing",
          "[integration][kb][learned]") {
  TestServer server;
  const Staff admin{server, log_in(server.port(), "admin", "admin-demo-pass")};
  const std::int64_t invoice = published(admin, "开发票", "所有订单都可以开电子发票。");
  const std::int64_t address = published(admin, "修改收货地址", "发货前可以修改收货地址。");
  const Staff alice{server, log_in(server.port(), "alice", "alice-demo-pass")};
  auto console = WsClient::staff(server.port(), server.origin(), alice.cookie);
  console->next_of_type("welcome");
  auto customer = WsClient::customer(server.port(), server.origin(), new_visitor(server.port()));
  customer->next_of_type("welcome");
  customer->send(R"({"type":"message","client_id":"c1","text":"发票怎么开"})");
  const auto chat = customer->next_of_type("ack").at("conversation_id").as_int64();
  console->next_of_type("conversation");
  REQUIRE(eventually([&] {
    return rows(server, "SELECT COUNT(*) FROM messages WHERE conversation_id = " +
                            std::to_string(chat)) == 1;
  }));
  REQUIRE(
      alice
          .call("POST", "/api/kb/used",
                json::serialize(json::object{{"conversation_id", chat}, {"article_id", invoice}}))
          .status == 204);
  const auto list = learned(admin, invoice);
  REQUIRE(list.size() == 1);
  const std::string one = "/api/kb/articles/" + std::to_string(invoice) + "/learned/" +
                          std::to_string(list[0].at("id").as_int64());
  const std::string all = "/api/kb/articles/" + std::to_string(invoice) + "/learned";
  REQUIRE(learned_rows(server) == 1);

  // No session, an agent, a supervisor: refused, nothing removed.
  const auto anonymous = http_request(server.port(), "GET", all);
  CHECK(anonymous.status == 401);
  CHECK(error_of(anonymous) == "unauthorized");
  CHECK(http_request(server.port(), "DELETE", one, "", {{"Origin", server.origin()}}).status ==
        401);
  for (const char* login : {"alice", "sam"}) {
    const Staff staff{server, log_in(server.port(), login, std::string(login) + "-demo-pass")};
    INFO(login);
    const auto listed = staff.call("GET", all);
    CHECK(listed.status == 403);
    CHECK(error_of(listed) == "forbidden");
    const auto removed = staff.call("DELETE", one);
    CHECK(removed.status == 403);
    CHECK(error_of(removed) == "forbidden");
  }
  CHECK(learned_rows(server) == 1);

  // The admin: unknown article or question, another article's question, wrong method.
  for (const std::string& target :
       {std::string("/api/kb/articles/999999/learned"), std::string("/api/kb/articles/x/learned"),
        all + "/999999", all + "/abc", all + "/0"}) {
    INFO(target);
    const auto r = admin.call(
        target == "/api/kb/articles/999999/learned" || target == "/api/kb/articles/x/learned"
            ? "GET"
            : "DELETE",
        target);
    CHECK(r.status == 404);
    CHECK(error_of(r) == "not_found");
  }
  const auto other_article =
      admin.call("DELETE", "/api/kb/articles/" + std::to_string(address) + "/learned/" +
                               std::to_string(list[0].at("id").as_int64()));
  CHECK(other_article.status == 404);
  CHECK(admin.call("POST", all, "{}").status == 405);
  CHECK(admin.call("GET", one).status == 405);
  CHECK(learned_rows(server) == 1);

  // From another site's page, a removal is refused too.
  const auto cross = http_request(
      server.port(), "DELETE", one, "",
      {{"Cookie", "kefu_session=" + admin.cookie}, {"Origin", "https://evil.example"}});
  CHECK(cross.status == 403);
  CHECK(error_of(cross) == "forbidden_origin");
  CHECK(learned_rows(server) == 1);

  CHECK(admin.call("DELETE", one).status == 204);
  CHECK(learned(admin, invoice).empty());
  CHECK(learned_rows(server) == 0);
  CHECK(admin.call("DELETE", one).status == 404);
}
