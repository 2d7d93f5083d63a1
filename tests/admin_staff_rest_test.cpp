
#include <boost/json.hpp>
#include <catch2/catch.hpp>

#include "tests/support/floor_helpers.hpp"
#include "tests/support/test_client.hpp"
#include "tests/support/test_server.hpp"

// The admin console's staff endpoints through the real `kefu serve` with the demo staff
// (docs/protocol.md, "Admin: staff"): who may call them, the typed refusals that change
// nothing, invitations, and the live desk learning of a deactivation.

using namespace kefu::testing;
namespace json = boost::json;

namespace {

const char* const kGood = "Tr4vel-Lamp-Orbit";

// Everything an admin change may touch, as one comparable row.
std::string rows(const TestServer& server) {
  std::string all;
  for (const char* sql :
       {"SELECT COUNT(*) FROM users", "SELECT COUNT(*) FROM user_skills",
        "SELECT COUNT(*) FROM user_teams", "SELECT COUNT(*) FROM user_languages",
        "SELECT COUNT(*) FROM staff_links", "SELECT COUNT(*) FROM events WHERE type LIKE 'staff%'",
        "SELECT COUNT(*) FROM staff_sessions WHERE revoked_at IS NULL",
        "SELECT chat_capacity, role, password_hash FROM users ORDER BY id"}) {
    all += stored_rows(server, sql) + "|";
  }
  return all;
}

json::object profile(const std::string& login) {
  return json::object{{"login", login},
                      {"name", "Dana Diaz"},
                      {"role", "agent"},
                      {"teams", json::array{"support"}},
                      {"skills", json::array{json::object{{"name", "orders"}, {"level", 3}}}},
                      {"languages", json::array{"en"}},
                      {"chat_capacity", 2},
                      {"ticket_capacity", 4}};
}

std::string error_of(const HttpReply& r) {
  return std::string(json::parse(r.body).at("error").as_string());
}

std::int64_t id_of(TestServer& server, const std::string& login) {
  return count_rows(server, "SELECT id FROM users WHERE login = '" + login + "'");
}

}  // namespace

TEST_CASE("staff endpoints answer 401 without a session and 403 to agents and supervisors",
          "[integration]") {
  TestServer server;
  const auto alice = log_in(server.port(), "alice", "alice-demo-pass");
  const auto sam = log_in(server.port(), "sam", "sam-demo-pass");
  const auto before = rows(server);
  const std::string body = json::serialize(profile("dana"));
  const auto alice_id = std::to_string(id_of(server, "alice"));
  for (const auto& [method, target] : std::vector<std::pair<std::string, std::string>>{
           {"GET", "/api/admin/staff"},
           {"POST", "/api/admin/staff"},
           {"PUT", "/api/admin/staff/" + alice_id},
           {"POST", "/api/admin/staff/" + alice_id + "/deactivate"},
           {"POST", "/api/admin/staff/" + alice_id + "/reset-password"},
           {"POST", "/api/admin/staff/" + alice_id + "/sign-out"}}) {
    CHECK(http_request(server.port(), method, target, body).status == 401);
    CHECK(http_request(server.port(), method, target, body, as(alice)).status == 403);
    CHECK(http_request(server.port(), method, target, body, as(sam)).status == 403);
  }
  CHECK(rows(server) == before);
  CHECK(http_request(server.port(), "GET", "/api/me", "", as(alice)).status == 200);
}

TEST_CASE("bad staff input gets a typed 400 and changes nothing", "[integration]") {
  TestServer server;
  const auto admin = log_in(server.port(), "admin", "admin-demo-pass");
  const auto before = rows(server);
  auto refused = [&](json::object body, const std::string& target = "/api/admin/staff",
                     const std::string& method = "POST") {
    auto r = http_request(server.port(), method, target, json::serialize(body), as(admin));
    CHECK(r.status == 400);
    return error_of(r);
  };
  auto with = [](json::object o, const char* key, json::value v) {
    o[key] = std::move(v);
    return o;
  };
  CHECK(refused(with(profile("dana"), "skills",
                     json::array{json::object{{"name", "juggling"}, {"level", 3}}})) ==
        "unknown_skill");
  CHECK(refused(with(profile("dana"), "chat_capacity", -1)) == "bad_capacity");
  CHECK(refused(with(profile("dana"), "login", "alice")) == "duplicate_login");
  CHECK(refused(with(profile("dana"), "role", "boss")) == "unknown_role");
  CHECK(refused(with(profile("dana"), "languages", json::array{"English!"})) == "bad_language");
  CHECK(refused(with(profile("dana"), "password", "x")) == "bad_request");
  CHECK(refused(with(profile("dana"), "chat_capacity", "2")) == "bad_request");
  const auto alice = "/api/admin/staff/" + std::to_string(id_of(server, "alice"));
  auto edit = profile("alice");
  edit.erase("login");
  CHECK(refused(with(edit, "ticket_capacity", -3), alice, "PUT") == "bad_capacity");
  CHECK(refused(with(edit, "role", "owner"), alice, "PUT") == "unknown_role");
  CHECK(http_request(server.port(), "POST", "/api/admin/staff", "{not json", as(admin)).status ==
        400);
  CHECK(http_request(server.port(), "PUT", "/api/admin/staff/999", json::serialize(edit), as(admin))
            .status == 404);
  CHECK(rows(server) == before);
}

TEST_CASE("an admin invites an agent who accepts once and signs in", "[integration]") {
  TestServer server;
  const auto admin = log_in(server.port(), "admin", "admin-demo-pass");
  auto made = http_request(server.port(), "POST", "/api/admin/staff",
                           json::serialize(profile("dana")), as(admin));
  REQUIRE(made.status == 201);
  const auto answer = json::parse(made.body);
  CHECK(answer.at("member").at("status") == "invited");
  const std::string url(answer.at("invitation_url").as_string());
  const std::string token = url.substr(url.find("token=") + 6);
  CHECK(count_rows(server, "SELECT COUNT(*) FROM staff_links WHERE token_hash = '" + token + "'") ==
        0);

  auto peek = http_request(server.port(), "GET", "/api/invitations/" + token);
  REQUIRE(peek.status == 200);
  CHECK(json::parse(peek.body).at("login") == "dana");
  CHECK(log_in(server.port(), "dana", "").empty());

  const auto before = rows(server);
  auto weak = http_request(server.port(), "POST", "/api/invitations/" + token,
                           R"({"password":"Administrators"})");
  CHECK(weak.status == 400);
  CHECK(error_of(weak) == "weak_password");
  CHECK(rows(server) == before);

  const std::string good = json::serialize(json::object{{"password", kGood}});
  CHECK(http_request(server.port(), "POST", "/api/invitations/" + token, good).status == 200);
  CHECK(http_request(server.port(), "POST", "/api/invitations/" + token, good).status == 404);
  CHECK_FALSE(log_in(server.port(), "dana", kGood).empty());
  // The log names who did what, without hashes or tokens.
  CHECK(count_rows(server,
                   "SELECT COUNT(*) FROM events WHERE type IN ('staff_created', "
                   "'invitation_accepted') AND data NOT LIKE '%argon2%' AND data NOT "
                   "LIKE '%" +
                       token + "%'") == 2);
}

TEST_CASE("deactivating an agent requeues their open chat at once and closes their socket",
          "[integration]") {
  TestServer server;
  const auto admin = log_in(server.port(), "admin", "admin-demo-pass");
  auto alice = WsClient::staff(server.port(), server.origin(),
                               log_in(server.port(), "alice", "alice-demo-pass"));
  alice->next_of_type("welcome");
  auto customer = WsClient::customer(server.port(), server.origin(), new_visitor(server.port()));
  customer->next_of_type("welcome");
  customer->send_json(
      json::object{{"type", "message"}, {"client_id", "c-1"}, {"text", "Where is my parcel?"}});
  const auto id = customer->next_of_type("ack").at("conversation_id").as_int64();
  CHECK(alice->next_of_type("conversation").at("conversation").at("id").as_int64() == id);
  auto bob = WsClient::staff(server.port(), server.origin(),
                             log_in(server.port(), "bob", "bob-demo-pass"));
  bob->next_of_type("welcome");

  auto gone = http_request(
      server.port(), "POST",
      "/api/admin/staff/" + std::to_string(id_of(server, "alice")) + "/deactivate", "", as(admin));
  REQUIRE(gone.status == 200);
  CHECK(json::parse(gone.body).at("member").at("status") == "deactivated");
  // At once: not after the 60 s grace period of a dropped connection.
  CHECK(alice->closed_with(3000) == 1008);
  CHECK(bob->next_of_type("conversation", 3000).at("conversation").at("id").as_int64() == id);
  CHECK(log_in(server.port(), "alice", "alice-demo-pass").empty());
  CHECK(count_rows(server, "SELECT COUNT(*) FROM events WHERE type = 'staff_deactivated'") == 1);
}

TEST_CASE("a capacity change counts on routing's next decision, without a restart",
          "[integration]") {
  TestServer server;
  const auto admin = log_in(server.port(), "admin", "admin-demo-pass");
  auto wei = WsClient::staff(server.port(), server.origin(),
                             log_in(server.port(), "wei", "wei-demo-pass"));
  wei->next_of_type("welcome");
  auto edit = profile("wei");
  edit.erase("login");
  edit["chat_capacity"] = 0;
  REQUIRE(http_request(server.port(), "PUT",
                       "/api/admin/staff/" + std::to_string(id_of(server, "wei")),
                       json::serialize(edit), as(admin))
              .status == 200);
  auto customer = WsClient::customer(server.port(), server.origin(), new_visitor(server.port()));
  customer->next_of_type("welcome");
  customer->send_json(json::object{{"type", "message"}, {"client_id", "c-1"}, {"text", "Hi"}});
  customer->next_of_type("ack");
  // Wei (the only agent online) now takes no chat: the customer waits in the queue.
  CHECK(customer->next_of_type("queue").at("position").as_int64() == 1);
  CHECK_FALSE(wei->quiet_for(500).has_value());
}

TEST_CASE("a password reset ends the member's sessions and gives a one-time link",
          "[integration]") {
  TestServer server;
  const auto admin = log_in(server.port(), "admin", "admin-demo-pass");
  const auto bob_cookie = log_in(server.port(), "bob", "bob-demo-pass");
  auto bob = WsClient::staff(server.port(), server.origin(), bob_cookie);
  bob->next_of_type("welcome");
  auto reset =
      http_request(server.port(), "POST",
                   "/api/admin/staff/" + std::to_string(id_of(server, "bob")) + "/reset-password",
                   "", as(admin));
  REQUIRE(reset.status == 200);
  CHECK(bob->closed_with(3000) == 1008);
  CHECK(http_request(server.port(), "GET", "/api/me", "", as(bob_cookie)).status == 401);
  CHECK(log_in(server.port(), "bob", "bob-demo-pass").empty());
  const std::string url(json::parse(reset.body).at("reset_url").as_string());
  const std::string token = url.substr(url.find("token=") + 6);
  CHECK(json::parse(http_request(server.port(), "GET", "/api/invitations/" + token).body)
            .at("purpose") == "password_reset");
  CHECK(http_request(server.port(), "POST", "/api/invitations/" + token,
                     json::serialize(json::object{{"password", kGood}}))
            .status == 200);
  CHECK_FALSE(log_in(server.port(), "bob", kGood).empty());

  // Force sign-out: the new session ends too.
  const auto again = log_in(server.port(), "bob", kGood);
  CHECK(http_request(server.port(), "POST",
                     "/api/admin/staff/" + std::to_string(id_of(server, "bob")) + "/sign-out", "",
                     as(admin))
            .status == 204);
  CHECK(http_request(server.port(), "GET", "/api/me", "", as(again)).status == 401);
}
