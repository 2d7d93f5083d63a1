
#include <boost/json.hpp>
#include <catch2/catch.hpp>
#include <string>

#include "server/store/sql/statement.hpp"
#include "server/workspace/canned_reply_text.hpp"
#include "tests/support/test_client.hpp"
#include "tests/support/test_server.hpp"

// Canned replies kept on the server: personal ones for their owner, shared ones kept by admins
// (for everybody or a team), variables filled for one conversation of the agent's.

using namespace kefu::testing;
namespace json = boost::json;
using kefu::workspace::fill_variables;
using kefu::workspace::unknown_variable;

TEST_CASE("canned reply variables are filled once, as text, and unknown ones are named",
          "[workspace]") {
  CHECK(unknown_variable("Hi {customer.name}, I am {agent.name}") == "");
  CHECK(unknown_variable("Your {order.last.total} is") == "order.last.total");
  CHECK(unknown_variable("a { b } {} {x y} {{customer.name}}") == "");
  auto filled =
      fill_variables("Hi {customer.name}! Order {order.last.number}. {agent.name} {x}",
                     {{"customer.name", "{agent.name} <b>Ann</b>"}, {"agent.name", "Alice"}});
  // A value is never read again for variables; unknown names and stray braces stay text.
  CHECK(filled.text == "Hi {agent.name} <b>Ann</b>! Order . Alice {x}");
  CHECK(filled.missing == std::vector<std::string>{"order.last.number"});
  CHECK(fill_variables("{", {}).text == "{");
  CHECK(fill_variables("{customer.name", {{"customer.name", "x"}}).text == "{customer.name");
}

namespace {

// Every stored reply, in one string: a refusal must leave it as it was.
std::string replies_stored(const TestServer& server) {
  const auto db = server.reader();
  kefu::sql::Statement rows(*db,
                            "SELECT id, owner_id, team, locale, shortcut, title, body, updated_at "
                            "FROM canned_replies ORDER BY id");
  std::string all;
  int count = 0;
  while (rows.step()) {
    ++count;
    all += std::to_string(rows.column(0).int64()) + "|" +
           (rows.column(1).is_null() ? std::string("-") : rows.column(1).text());
    for (int i = 2; i < 8; ++i) all += "|" + rows.column(i).text();
    all += ";";
  }
  return std::to_string(count) + ":" + all;
}

HttpReply call(const TestServer& server, const std::string& cookie, const std::string& method,
               const std::string& target, const std::string& body = "") {
  return http_request(server.port(), method, target, body, {{"Cookie", "kefu_session=" + cookie}});
}

json::array listed(const TestServer& server, const std::string& cookie,
                   const std::string& query = "") {
  auto reply = call(server, cookie, "GET", "/api/canned-replies" + query);
  REQUIRE(reply.status == 200);
  return json::parse(reply.body).at("replies").as_array();
}

bool lists(const json::array& replies, const std::string& shortcut) {
  for (const auto& r : replies)
    if (r.at("shortcut").as_string() == shortcut) return true;
  return false;
}

}  // namespace

TEST_CASE("personal and shared canned replies are kept by whom they belong to",
          "[integration][workspace]") {
  TestServer server;
  const auto alice = log_in(server.port(), "alice", "alice-demo-pass");
  const auto bob = log_in(server.port(), "bob", "bob-demo-pass");
  const auto admin = log_in(server.port(), "admin", "admin-demo-pass");

  // The shared replies every shop starts with, in both languages.
  CHECK(listed(server, alice).size() == 14);
  CHECK(listed(server, alice, "?locale=zh").size() == 7);
  CHECK(listed(server, alice, "?locale=zh").at(0).at("scope") == "shared");

  auto mine =
      call(server, alice, "POST", "/api/canned-replies",
           R"({"scope":"personal","locale":"en","shortcut":"tin",)"
           R"("title":"Dented tin","body":"Sorry {customer.name}, I am sending a new tin."})");
  REQUIRE(mine.status == 201);
  const auto id = json::parse(mine.body).at("id").as_int64();
  CHECK(json::parse(mine.body).at("scope") == "personal");
  CHECK(lists(listed(server, alice), "tin"));
  CHECK_FALSE(lists(listed(server, bob), "tin"));
  CHECK_FALSE(lists(listed(server, admin), "tin"));

  // An admin keeps shared ones, for everybody or a team: Alice is not in "wholesale".
  REQUIRE(call(server, admin, "POST", "/api/canned-replies",
               R"({"scope":"shared","team":"wholesale","locale":"en","shortcut":"bulk",)"
               R"("body":"Our wholesale terms are attached."})")
              .status == 201);
  CHECK_FALSE(lists(listed(server, alice), "bulk"));
  CHECK(lists(listed(server, admin), "bulk"));
  auto team = call(server, admin, "POST", "/api/canned-replies",
                   R"({"scope":"shared","team":"support","locale":"zh","shortcut":"gift",)"
                   R"("body":"{customer.name}，我们为您包好了礼盒。"})");
  REQUIRE(team.status == 201);
  const auto shared = json::parse(team.body).at("id").as_int64();
  CHECK(lists(listed(server, alice, "?locale=zh"), "gift"));

  // Changes by their keepers.
  auto changed = call(server, alice, "PUT", "/api/canned-replies/" + std::to_string(id),
                      R"({"scope":"personal","locale":"en","shortcut":"tin",)"
                      R"("body":"Sorry {customer.name}, a new tin is on its way."})");
  REQUIRE(changed.status == 200);
  CHECK(json::parse(changed.body).at("body") == "Sorry {customer.name}, a new tin is on its way.");
  CHECK(call(server, admin, "DELETE", "/api/canned-replies/" + std::to_string(shared)).status ==
        204);
  CHECK_FALSE(lists(listed(server, alice, "?locale=zh"), "gift"));
}

TEST_CASE("a refused canned reply change stores nothing", "[integration][workspace]") {
  TestServer server;
  const auto alice = log_in(server.port(), "alice", "alice-demo-pass");
  const auto bob = log_in(server.port(), "bob", "bob-demo-pass");
  auto mine = call(server, alice, "POST", "/api/canned-replies",
                   R"({"scope":"personal","locale":"en","shortcut":"tin","body":"New tin."})");
  REQUIRE(mine.status == 201);
  const std::string path =
      "/api/canned-replies/" + std::to_string(json::parse(mine.body).at("id").as_int64());
  const auto before = replies_stored(server);

  const auto refused = [&](const std::string& who, const std::string& method,
                           const std::string& target, const std::string& body, int status,
                           const std::string& error) {
    auto reply = call(server, who, method, target, body);
    INFO(method << " " << target << " " << body << " -> " << reply.body);
    CHECK(reply.status == status);
    if (!error.empty()) CHECK(json::parse(reply.body).at("error").as_string() == error);
    CHECK(replies_stored(server) == before);
  };
  const std::string ok_body = R"({"scope":"personal","locale":"en","shortcut":"box","body":"x"})";
  // Bad input.
  refused(alice, "POST", "/api/canned-replies", "[]", 400, "invalid_reply");
  refused(alice, "POST", "/api/canned-replies",
          R"({"scope":"personal","locale":"fr","shortcut":"box","body":"x"})", 400,
          "invalid_reply");
  refused(alice, "POST", "/api/canned-replies",
          R"({"scope":"personal","locale":"en","shortcut":"a box","body":"x"})", 400,
          "invalid_reply");
  refused(alice, "POST", "/api/canned-replies",
          R"({"scope":"personal","locale":"en","shortcut":"box","body":"  "})", 400,
          "invalid_reply");
  refused(alice, "POST", "/api/canned-replies",
          R"({"scope":"personal","locale":"en","shortcut":"box","body":"x","colour":"red"})", 400,
          "invalid_reply");
  refused(alice, "POST", "/api/canned-replies",
          R"({"scope":"personal","locale":"en","shortcut":"box","body":7})", 400, "invalid_reply");
  refused(alice, "POST", "/api/canned-replies",
          R"({"scope":"personal","locale":"en","shortcut":"box","body":"x","body":"y"})", 400,
          "invalid_reply");
  refused(alice, "POST", "/api/canned-replies",
          R"({"scope":"personal","locale":"en","shortcut":"box","body":"Hi {customer.email}"})",
          400, "unknown_variable");
  refused(alice, "POST", "/api/canned-replies",
          R"({"scope":"personal","locale":"en","shortcut":"tin","body":"again"})", 409,
          "shortcut_taken");
  // Shared replies are the admins'.
  refused(alice, "POST", "/api/canned-replies",
          R"({"scope":"shared","locale":"en","shortcut":"box","body":"x"})", 403, "forbidden");
  refused(alice, "DELETE", "/api/canned-replies/1", "", 403, "forbidden");
  // Somebody else's personal reply is not there for them; an unknown one neither.
  refused(bob, "PUT", path, ok_body, 404, "not_found");
  refused(bob, "DELETE", path, "", 404, "not_found");
  refused(alice, "DELETE", "/api/canned-replies/99999", "", 404, "not_found");
  refused(alice, "PUT", path, R"({"scope":"shared","locale":"en","shortcut":"box","body":"x"})",
          403, "forbidden");
  // No session, a visitor's token, a cross-site write, a wrong method.
  refused("", "GET", "/api/canned-replies", "", 401, "unauthorized");
  refused("", "POST", "/api/canned-replies", ok_body, 401, "unauthorized");
  auto visitor = http_request(server.port(), "GET", "/api/canned-replies", "",
                              {{"Authorization", "Bearer " + new_visitor(server.port())}});
  CHECK(visitor.status == 401);
  auto cross =
      http_request(server.port(), "POST", "/api/canned-replies", ok_body,
                   {{"Cookie", "kefu_session=" + alice}, {"Origin", "https://evil.example"}});
  CHECK(cross.status == 403);
  refused(alice, "PATCH", path, ok_body, 405, "");
  CHECK(replies_stored(server) == before);
}

TEST_CASE("a canned reply is filled for a conversation of the agent's only",
          "[integration][workspace]") {
  TestServer server;
  const auto alice = log_in(server.port(), "alice", "alice-demo-pass");
  const auto bob = log_in(server.port(), "bob", "bob-demo-pass");
  const auto sam = log_in(server.port(), "sam", "sam-demo-pass");
  auto console = WsClient::staff(server.port(), server.origin(), alice);
  console->next_of_type("welcome");
  auto customer = WsClient::customer(server.port(), server.origin(), new_visitor(server.port()));
  customer->next_of_type("welcome");
  customer->send(R"({"type":"message","client_id":"c1","text":"Hello"})");
  const auto conversation = customer->next_of_type("ack").at("conversation_id").as_int64();
  const auto name =
      console->next_of_type("conversation").at("conversation").at("customer").at("name");

  std::int64_t hi = 0;
  for (const auto& r : listed(server, alice, "?locale=en"))
    if (r.at("shortcut") == "bye") hi = r.at("id").as_int64();
  for (const auto& r : listed(server, alice, "?locale=en"))
    if (r.at("shortcut") == "hi") hi = r.at("id").as_int64();
  REQUIRE(hi > 0);
  const std::string target = "/api/canned-replies/" + std::to_string(hi) +
                             "/text?conversation_id=" + std::to_string(conversation);
  auto filled = call(server, alice, "GET", target);
  REQUIRE(filled.status == 200);
  CHECK(json::parse(filled.body).at("text").as_string() ==
        "Hello " + std::string(name.as_string()) + "! How can I help you today?");
  CHECK(json::parse(filled.body).at("missing").as_array().empty());
  // The shipping reply names the last order, which this visitor does not have.
  std::int64_t ship = 0;
  for (const auto& r : listed(server, alice, "?locale=zh"))
    if (r.at("shortcut") == "ship") ship = r.at("id").as_int64();
  auto shipped = call(server, alice, "GET",
                      "/api/canned-replies/" + std::to_string(ship) +
                          "/text?conversation_id=" + std::to_string(conversation));
  REQUIRE(shipped.status == 200);
  CHECK(json::parse(shipped.body).at("missing").at(0) == "order.last.number");
  // Sam supervises every conversation; Bob's is not his.
  CHECK(call(server, sam, "GET", target).status == 200);
  auto other = call(server, bob, "GET", target);
  CHECK(other.status == 404);
  CHECK(other.body.find("Hello") == std::string::npos);
  CHECK(call(server, alice, "GET",
             "/api/canned-replies/" + std::to_string(hi) + "/text?conversation_id=99999")
            .status == 404);
  CHECK(call(server, alice, "GET", "/api/canned-replies/" + std::to_string(hi) + "/text").status ==
        400);
  CHECK(call(server, alice, "GET", target + "&x=1").status == 400);
}
