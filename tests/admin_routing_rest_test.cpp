
#include <boost/json.hpp>
#include <catch2/catch.hpp>
#include <thread>
#include <vector>

#include "tests/support/floor_helpers.hpp"
#include "tests/support/test_client.hpp"
#include "tests/support/test_server.hpp"

// The admin console's teams and queues through the real `kefu serve` with the demo staff
// (docs/protocol.md, "Admin: routing setup"): admins only, typed refusals that change nothing,
// and the running desk routing by a queue the moment it is saved, edited or retired.

using namespace kefu::testing;
namespace json = boost::json;

namespace {

// Everything a routing-setup change may touch, as one comparable row.
std::string rows(const TestServer& server) {
  std::string all;
  for (const char* sql :
       {"SELECT COUNT(*) FROM teams", "SELECT COUNT(*), COALESCE(SUM(user_id), 0) FROM user_teams",
        "SELECT name, definition, retired_at FROM admin_queues ORDER BY name",
        "SELECT COUNT(*) FROM events WHERE type LIKE 'team_%' OR type LIKE 'queue_%'"}) {
    all += stored_rows(server, sql) + "|";
  }
  return all;
}

std::int64_t id_of(TestServer& server, const std::string& login) {
  return count_rows(server, "SELECT id FROM users WHERE login = '" + login + "'");
}

json::object billing_queue() {
  return json::object{{"name", "billing"},  {"channel", "chat"}, {"team", "support"},
                      {"skill", "billing"}, {"min_level", 3},    {"language", "en"},
                      {"priority", 2},      {"segment", ""},     {"offer_mode", "assign"}};
}

std::string error_of(const HttpReply& r) {
  return std::string(json::parse(r.body).at("error").as_string());
}

}  // namespace

TEST_CASE("routing setup endpoints answer 401 without a session and 403 to agents and supervisors",
          "[integration]") {
  TestServer server;
  const auto alice = log_in(server.port(), "alice", "alice-demo-pass");
  const auto sam = log_in(server.port(), "sam", "sam-demo-pass");
  const auto before = rows(server);
  const std::string body = json::serialize(billing_queue());
  for (const auto& [method, target] : std::vector<std::pair<std::string, std::string>>{
           {"GET", "/api/admin/routing"},
           {"POST", "/api/admin/teams"},
           {"PUT", "/api/admin/teams/support"},
           {"POST", "/api/admin/queues"},
           {"PUT", "/api/admin/queues/billing"},
           {"POST", "/api/admin/queues/billing/retire"}}) {
    CHECK(http_request(server.port(), method, target, body).status == 401);
    CHECK(http_request(server.port(), method, target, body, as(alice)).status == 403);
    CHECK(http_request(server.port(), method, target, body, as(sam)).status == 403);
  }
  CHECK(rows(server) == before);
}

TEST_CASE("bad teams and queues get a typed 400 and change nothing", "[integration]") {
  TestServer server;
  const auto admin = log_in(server.port(), "admin", "admin-demo-pass");
  const auto before = rows(server);
  auto refused = [&](const json::object& body, const std::string& target = "/api/admin/queues",
                     const std::string& method = "POST") {
    auto r = http_request(server.port(), method, target, json::serialize(body), as(admin));
    CHECK(r.status == 400);
    return error_of(r);
  };
  auto with = [](json::object o, const char* key, json::value v) {
    o[key] = std::move(v);
    return o;
  };
  CHECK(refused(with(billing_queue(), "team", "")) == "missing_team");
  CHECK(refused(with(billing_queue(), "team", "night-shift")) == "unknown_team");
  CHECK(refused(with(billing_queue(), "skill", "juggling")) == "unknown_skill");
  CHECK(refused(with(billing_queue(), "overflow",
                     json::object{{"after_seconds", 60}, {"skills", json::array{"juggling"}}})) ==
        "unknown_skill");
  CHECK(refused(with(billing_queue(), "min_level", 9)) == "bad_skill_level");
  CHECK(refused(with(billing_queue(), "priority", -1)) == "bad_priority");
  CHECK(refused(with(billing_queue(), "segment", "whale")) == "unknown_segment");
  CHECK(refused(with(billing_queue(), "channel", "fax")) == "bad_channel");
  CHECK(refused(with(billing_queue(), "name", "Billing Queue!")) == "bad_name");
  CHECK(refused(with(billing_queue(), "name", "general")) == "duplicate_queue");
  CHECK(refused(with(billing_queue(), "offer_mode", "offer")) == "bad_offer_mode");  // no timeout
  CHECK(refused(with(billing_queue(), "overflow", json::object{{"after_seconds", -5}})) ==
        "bad_overflow");
  CHECK(refused(with(with(billing_queue(), "skill", "general"), "language", "")) ==
        "queue_conflict");
  CHECK(refused(with(billing_queue(), "capacity", 3)) == "bad_request");
  CHECK(refused(with(billing_queue(), "min_level", "3")) == "bad_request");
  CHECK(refused(json::object{{"name", "night"}, {"members", json::array{999}}},
                "/api/admin/teams") == "unknown_member");
  CHECK(refused(json::object{{"name", ""}, {"members", json::array{}}}, "/api/admin/teams") ==
        "bad_name");
  CHECK(refused(json::object{{"name", "support"}}, "/api/admin/teams") == "duplicate_team");
  CHECK(rows(server) == before);
  CHECK(http_request(server.port(), "PUT", "/api/admin/queues/nope",
                     json::serialize(billing_queue()), as(admin))
            .status == 404);

  // A queue that exists: a second one with its channel, skill, language and segment conflicts.
  REQUIRE(http_request(server.port(), "POST", "/api/admin/queues", json::serialize(billing_queue()),
                       as(admin))
              .status == 201);
  const auto with_one = rows(server);
  CHECK(refused(with(billing_queue(), "name", "billing-2")) == "queue_conflict");
  CHECK(refused(with(billing_queue(), "channel", "ticket"), "/api/admin/queues/billing", "PUT") ==
        "bad_channel");
  CHECK(refused(json::object{{"move_to", "tickets"}}, "/api/admin/queues/billing/retire") ==
        "bad_target");
  CHECK(refused(json::object{{"move_to", "billing"}}, "/api/admin/queues/billing/retire") ==
        "bad_target");
  CHECK(rows(server) == with_one);
}

TEST_CASE("a saved queue routes the next chat to the agent with its skill, audited",
          "[integration]") {
  TestServer server;
  const auto admin = log_in(server.port(), "admin", "admin-demo-pass");
  auto alice = WsClient::staff(server.port(), server.origin(),
                               log_in(server.port(), "alice", "alice-demo-pass"));
  alice->next_of_type("welcome");
  auto bob = WsClient::staff(server.port(), server.origin(),
                             log_in(server.port(), "bob", "bob-demo-pass"));
  bob->next_of_type("welcome");

  auto created = http_request(server.port(), "POST", "/api/admin/queues",
                              json::serialize(billing_queue()), as(admin));
  REQUIRE(created.status == 201);
  CHECK(json::parse(created.body).at("queue").at("skill") == "billing");

  std::unique_ptr<WsClient> customer;
  const auto id = customer_chat(server, customer, "c-1");
  // Bob has billing level 4; Alice has none and is not offered it.
  const auto frame = bob->next_of_type("conversation").at("conversation");
  CHECK(frame.at("id").as_int64() == id);
  CHECK(frame.at("queue") == "billing");
  CHECK_FALSE(offered(*alice, id));

  auto overview = http_request(server.port(), "GET", "/api/admin/routing", "", as(admin));
  REQUIRE(overview.status == 200);
  const auto o = json::parse(overview.body).as_object();
  CHECK(o.at("queues").as_array().size() == 1);
  CHECK(o.at("waiting").at("billing") == 0);

  auto event = stored_text(server, "SELECT data FROM events WHERE type = 'queue_created'");
  const auto data = json::parse(event).as_object();
  CHECK(data.at("by").as_int64() == id_of(server, "admin"));
  CHECK(data.at("subject") == "billing");
  CHECK(data.at("after").at("min_level") == 3);
}

TEST_CASE(
    "retiring a queue moves its waiting chat to the named queue at once, and a team change "
    "counts live",
    "[integration]") {
  TestServer server;
  const auto admin = log_in(server.port(), "admin", "admin-demo-pass");
  REQUIRE(http_request(server.port(), "POST", "/api/admin/teams",
                       json::serialize(json::object{{"name", "tech"}, {"members", json::array{}}}),
                       as(admin))
              .status == 201);
  auto tech = json::object{{"name", "tech"},    {"channel", "chat"}, {"team", "tech"},
                           {"skill", "orders"}, {"min_level", 1},    {"offer_mode", "assign"}};
  REQUIRE(http_request(server.port(), "POST", "/api/admin/queues", json::serialize(tech), as(admin))
              .status == 201);
  auto alice = WsClient::staff(server.port(), server.origin(),
                               log_in(server.port(), "alice", "alice-demo-pass"));
  alice->next_of_type("welcome");
  std::unique_ptr<WsClient> c1, c2;
  const auto first = customer_chat(server, c1, "c-1");
  // Alice has the skill but is not in the team yet: the chat waits.
  CHECK_FALSE(offered(*alice, first));

  const auto alice_id = id_of(server, "alice");
  auto joined =
      http_request(server.port(), "PUT", "/api/admin/teams/tech",
                   json::serialize(json::object{{"members", json::array{alice_id}}}), as(admin));
  REQUIRE(joined.status == 200);
  CHECK(alice->next_of_type("conversation").at("conversation").at("id").as_int64() == first);

  // Nobody in the team can take another: Alice leaves the team, the next chat waits.
  REQUIRE(http_request(server.port(), "PUT", "/api/admin/teams/tech",
                       json::serialize(json::object{{"members", json::array{}}}), as(admin))
              .status == 200);
  const auto second = customer_chat(server, c2, "c-2");
  CHECK_FALSE(offered(*alice, second));
  auto overview = http_request(server.port(), "GET", "/api/admin/routing", "", as(admin));
  CHECK(json::parse(overview.body).at("waiting").at("tech") == 1);

  auto retired = http_request(server.port(), "POST", "/api/admin/queues/tech/retire",
                              json::serialize(json::object{{"move_to", "general"}}), as(admin));
  REQUIRE(retired.status == 200);
  const auto answer = json::parse(retired.body).as_object();
  CHECK(answer.at("moved") == json::array{second});
  CHECK(answer.at("queue").at("moved_to") == "general");
  const auto frame = alice->next_of_type("conversation").at("conversation");
  CHECK(frame.at("id").as_int64() == second);
  CHECK(frame.at("queue") == "general");
  CHECK(count_rows(server, "SELECT COUNT(*) FROM events WHERE type = 'queue_retired'") == 1);
  CHECK(count_rows(server, "SELECT COUNT(*) FROM events WHERE type = 'team_updated'") == 2);
  // A retired queue cannot be edited or retired again.
  CHECK(
      http_request(server.port(), "PUT", "/api/admin/queues/tech", json::serialize(tech), as(admin))
          .status == 404);
}

TEST_CASE("team hours: typed 400s change nothing, and the widget's hours follow a save at once",
          "[integration]") {
  TestServer server;
  const auto admin = log_in(server.port(), "admin", "admin-demo-pass");
  auto hours = [](json::object week) {
    return json::object{{"time_zone", "Asia/Shanghai"},
                        {"week", std::move(week)},
                        {"holidays", json::array{"2026-10-01"}},
                        {"working_days", json::array{"2026-09-27"}}};
  };
  auto put = [&](const std::string& team, const json::object& body) {
    return http_request(server.port(), "PUT", "/api/admin/teams/" + team + "/hours",
                        json::serialize(body), as(admin));
  };
  auto widget = [&] {
    auto r = http_request(server.port(), "GET", "/api/widget/hours", "");
    REQUIRE(r.status == 200);
    return json::parse(r.body).as_object();
  };
  auto stored = [&] {
    return stored_rows(server, "SELECT team, definition FROM team_hours ORDER BY team") +
           rows(server);
  };
  // Without configured queues, new chats go to the built-in queue: no team, always open.
  CHECK(widget().at("open") == true);
  CHECK(widget().at("hours").is_null());

  const auto before = stored();
  auto overlapping =
      put("support", hours(json::object{{"mon", json::array{json::array{"09:00", "13:00"},
                                                            json::array{"12:00", "18:00"}}}}));
  CHECK(overlapping.status == 400);
  CHECK(error_of(overlapping) == "overlapping_hours");
  auto zone = hours({});
  zone["time_zone"] = "Moon/Base";
  CHECK(error_of(put("support", zone)) == "bad_time_zone");
  CHECK(put("nobody", hours({})).status == 404);
  CHECK(http_request(server.port(), "PUT", "/api/admin/teams/support/hours",
                     json::serialize(hours({})), as(log_in(server.port(), "sam", "sam-demo-pass")))
            .status == 403);
  CHECK(stored() == before);

  // A queue served by support takes new chats; its team is closed every day.
  REQUIRE(http_request(server.port(), "POST", "/api/admin/queues", json::serialize(billing_queue()),
                       as(admin))
              .status == 201);
  auto closed = put("support", hours({}));
  REQUIRE(closed.status == 200);
  auto now = widget();
  CHECK(now.at("team") == "support");
  CHECK(now.at("open") == false);
  CHECK(now.at("next_open").is_null());
  CHECK(now.at("hours").at("holidays") == json::array{"2026-10-01"});

  json::object all_day;
  for (const char* day : {"sun", "mon", "tue", "wed", "thu", "fri", "sat"}) {
    all_day[day] = json::array{json::array{"00:00", "24:00"}};
  }
  auto all = hours(all_day);
  all["holidays"] = json::array{};
  REQUIRE(put("support", all).status == 200);
  now = widget();
  CHECK(now.at("open") == true);
  CHECK(now.at("next_open") == now.at("now"));
  CHECK(count_rows(server, "SELECT COUNT(*) FROM events WHERE type = 'hours_updated'") == 2);
}

TEST_CASE(
    "one SLA policy: the console's badge, the supervisor's list, the service level and the "
    "quality score all use its target",
    "[integration]") {
  TestServer server;
  const auto admin = log_in(server.port(), "admin", "admin-demo-pass");
  const auto alice = log_in(server.port(), "alice", "alice-demo-pass");
  auto sla_rows = [&] {
    return stored_rows(server, "SELECT name, definition FROM sla_policies ORDER BY name") +
           stored_rows(server, "SELECT COUNT(*) FROM events WHERE type = 'sla_updated'");
  };
  auto in_use = [&](const std::string& channel) {
    auto r = http_request(server.port(), "GET", "/api/admin/sla", "", as(admin));
    REQUIRE(r.status == 200);
    return json::parse(r.body).at("in_use").at(channel).as_object();
  };
  // Before any policy: the defaults, everywhere the same.
  auto chat = in_use("chat");
  CHECK(chat.at("service_level_ms") == 20'000);
  CHECK(chat.at("quality_first_response_target_ms") == 20'000);
  CHECK(chat.at("quality_reply_target_ms") == 60'000);  // the next response's
  CHECK(chat.at("supervisor_ms") == 20'000);

  const auto before = sla_rows();
  auto put = [&](const std::string& channel, const json::object& body,
                 const std::string& who = "") {
    return http_request(server.port(), "PUT", "/api/admin/sla/" + channel, json::serialize(body),
                        as(who.empty() ? admin : who));
  };
  CHECK(error_of(put("chat", json::object{{"first_response_seconds", 0}})) == "bad_target");
  CHECK(error_of(put("chat", json::object{{"first_response_seconds", 600},
                                          {"resolution_seconds", 60}})) == "bad_target");
  CHECK(error_of(put("chat", json::object{{"time", "lunar"}})) == "bad_time_mode");
  CHECK(error_of(put("fax", json::object{})) == "bad_channel");
  CHECK(error_of(put("chat", json::object{{"first_response_seconds", "45"}})) == "bad_request");
  CHECK(put("chat", json::object{{"first_response_seconds", 45}}, alice).status == 403);
  CHECK(sla_rows() == before);

  auto saved = put("chat", json::object{{"first_response_seconds", 45},
                                        {"next_response_seconds", 90},
                                        {"resolution_seconds", 7200},
                                        {"time", "business"}});
  REQUIRE(saved.status == 200);
  chat = in_use("chat");
  CHECK(chat.at("service_level_ms") == 45'000);
  CHECK(chat.at("quality_first_response_target_ms") == 45'000);
  CHECK(chat.at("quality_reply_target_ms") == 90'000);
  CHECK(chat.at("supervisor_ms") == 45'000);
  // The console's badge reads the same policy.
  auto console = http_request(server.port(), "GET", "/api/sla", "", as(alice));
  REQUIRE(console.status == 200);
  CHECK(json::parse(console.body).at("chat").at("first_response_seconds") == 45);
  auto quality = http_request(server.port(), "GET", "/api/quality/settings", "", as(admin));
  REQUIRE(quality.status == 200);
  CHECK(json::parse(quality.body).at("first_response_target_ms").at("chat") == 45'000);
  CHECK(json::parse(quality.body).at("reply_target_ms").at("chat") == 90'000);
  CHECK(in_use("ticket").at("service_level_ms") == 8 * 3600 * 1000);

  // After a restart the stored policy is applied again.
  server.stop();
  server.start();
  const auto admin_again = log_in(server.port(), "admin", "admin-demo-pass");
  auto r = http_request(server.port(), "GET", "/api/admin/sla", "", as(admin_again));
  const auto again = json::parse(r.body).at("in_use").at("chat").as_object();
  CHECK(again.at("service_level_ms") == 45'000);
  CHECK(again.at("supervisor_ms") == 45'000);
}

TEST_CASE("the audit viewer lists admin changes newest first with who, before and after",
          "[integration]") {
  TestServer server;
  const auto admin = log_in(server.port(), "admin", "admin-demo-pass");
  REQUIRE(http_request(server.port(), "POST", "/api/admin/queues", json::serialize(billing_queue()),
                       as(admin))
              .status == 201);
  auto edited = billing_queue();
  edited["priority"] = 5;
  REQUIRE(http_request(server.port(), "PUT", "/api/admin/queues/billing", json::serialize(edited),
                       as(admin))
              .status == 200);
  auto r = http_request(server.port(), "GET", "/api/admin/audit", "", as(admin));
  REQUIRE(r.status == 200);
  const auto changes = json::parse(r.body).at("changes").as_array();
  REQUIRE(changes.size() >= 2);
  const auto& newest = changes[0].as_object();
  CHECK(newest.at("type") == "queue_updated");
  CHECK(newest.at("data").at("by").as_int64() == id_of(server, "admin"));
  CHECK(newest.at("data").at("before").at("priority") == 2);
  CHECK(newest.at("data").at("after").at("priority") == 5);
  CHECK(changes[1].at("type") == "queue_created");

  auto only =
      http_request(server.port(), "GET", "/api/admin/audit?type=queue_created", "", as(admin));
  CHECK(json::parse(only.body).at("changes").as_array().size() == 1);
  CHECK(http_request(server.port(), "GET", "/api/admin/audit?type=message_sent", "", as(admin))
            .status == 400);
  CHECK(http_request(server.port(), "GET", "/api/admin/audit", "",
                     as(log_in(server.port(), "sam", "sam-demo-pass")))
            .status == 403);
}

TEST_CASE("a deactivated member is reactivated with a one-time link to choose a new password",
          "[integration]") {
  TestServer server;
  const auto admin = log_in(server.port(), "admin", "admin-demo-pass");
  const auto bob = "/api/admin/staff/" + std::to_string(id_of(server, "bob"));
  auto events = [&] {
    return count_rows(server, "SELECT COUNT(*) FROM events WHERE type = 'staff_reactivated'");
  };
  auto active = http_request(server.port(), "POST", bob + "/reactivate", "", as(admin));
  CHECK(active.status == 400);
  CHECK(error_of(active) == "bad_request");
  CHECK(events() == 0);
  REQUIRE(http_request(server.port(), "POST", bob + "/deactivate", "", as(admin)).status == 200);
  CHECK(log_in(server.port(), "bob", "bob-demo-pass").empty());

  auto back = http_request(server.port(), "POST", bob + "/reactivate", "", as(admin));
  REQUIRE(back.status == 200);
  const auto answer = json::parse(back.body).as_object();
  CHECK(answer.at("member").at("status") == "password_reset");
  const std::string url(answer.at("reset_url").as_string());
  const std::string token = url.substr(url.find('=') + 1);
  REQUIRE(http_request(server.port(), "POST", "/api/invitations/" + token,
                       json::serialize(json::object{{"password", "Quiet-Harbour-Lantern"}}))
              .status == 200);
  CHECK_FALSE(log_in(server.port(), "bob", "Quiet-Harbour-Lantern").empty());
  CHECK(events() == 1);
}

TEST_CASE("the configuration exports as one JSON document without secrets", "[integration]") {
  TestServer server;
  const auto admin = log_in(server.port(), "admin", "admin-demo-pass");
  REQUIRE(http_request(server.port(), "POST", "/api/admin/queues", json::serialize(billing_queue()),
                       as(admin))
              .status == 201);
  auto r = http_request(server.port(), "GET", "/api/admin/config", "", as(admin));
  REQUIRE(r.status == 200);
  const auto doc = json::parse(r.body).as_object();
  CHECK(doc.at("kefu_config") == 1);
  CHECK(doc.at("queues").as_array().size() == 1);
  CHECK(doc.at("queues").at(0).at("skill") == "billing");
  CHECK(doc.at("teams").at(0).at("name") == "support");
  CHECK(doc.at("sla_policies").as_array().size() == 3);  // chat, ticket and email
  CHECK(r.body.find("password") == std::string::npos);
  CHECK(r.body.find("secret") == std::string::npos);
  CHECK(http_request(server.port(), "GET", "/api/admin/config", "",
                     as(log_in(server.port(), "alice", "alice-demo-pass")))
            .status == 403);
}

TEST_CASE("admins creating one team or queue at once get one, and the others duplicate_*",
          "[integration]") {
  TestServer server;
  const auto admin = log_in(server.port(), "admin", "admin-demo-pass");
  const std::vector<std::int64_t> members{id_of(server, "alice"), id_of(server, "bob"),
                                          id_of(server, "wei")};
  // Each admin's create asks for other members (teams) or another priority (queues), so the
  // winner's stays recognisable; all are sent at once, each on its own connection.
  auto race = [&](const std::string& target, const std::vector<std::string>& bodies) {
    std::vector<HttpReply> replies(bodies.size());
    std::vector<std::thread> admins;
    for (std::size_t i = 0; i < bodies.size(); ++i)
      admins.emplace_back([&, i] {
        replies[i] = http_request(server.port(), "POST", target, bodies[i], as(admin));
      });
    for (auto& a : admins) a.join();
    return replies;
  };
  std::vector<std::string> teams;
  for (int round = 0; round < 2; ++round)
    for (const auto member : members)
      teams.push_back(
          json::serialize(json::object{{"name", "night"}, {"members", json::array{member}}}));
  const auto team_replies = race("/api/admin/teams", teams);
  std::vector<std::int64_t> won;
  for (const auto& r : team_replies) {
    INFO(r.body);
    if (r.status == 201) {
      won.push_back(json::parse(r.body).at("team").at("members").at(0).as_int64());
    } else {
      CHECK(r.status == 400);
      CHECK(error_of(r) == "duplicate_team");
    }
  }
  REQUIRE(won.size() == 1);
  std::vector<std::string> queues;
  for (int priority = 0; priority < 6; ++priority) {
    auto q = billing_queue();
    q["name"] = "night-desk";
    q["team"] = "night";
    q["priority"] = priority;
    queues.push_back(json::serialize(q));
  }
  const auto queue_replies = race("/api/admin/queues", queues);
  std::vector<std::int64_t> chosen;
  for (const auto& r : queue_replies) {
    INFO(r.body);
    if (r.status == 201) {
      chosen.push_back(json::parse(r.body).at("queue").at("priority").as_int64());
    } else {
      CHECK(r.status == 400);
      CHECK(error_of(r) == "duplicate_queue");
    }
  }
  REQUIRE(chosen.size() == 1);

  // One team with the winner's members, one queue with the winner's settings, one audit each.
  CHECK(count_rows(server, "SELECT COUNT(*) FROM teams WHERE name = 'night'") == 1);
  CHECK(stored_rows(server,
                    "SELECT user_id FROM user_teams JOIN teams ON teams.id = user_teams.team_id "
                    "WHERE teams.name = 'night' ORDER BY user_id") ==
        std::to_string(won[0]) + "|\n");
  CHECK(count_rows(server, "SELECT COUNT(*) FROM admin_queues WHERE name = 'night-desk'") == 1);
  CHECK(stored_text(server, "SELECT " + json_text(server, "definition", "priority") +
                                " FROM admin_queues WHERE name = 'night-desk'") ==
        std::to_string(chosen[0]));
  CHECK(count_rows(server, "SELECT COUNT(*) FROM events WHERE type = 'team_created' AND " +
                               json_text(server, "data", "subject") + " = 'night'") == 1);
  CHECK(count_rows(server, "SELECT COUNT(*) FROM events WHERE type = 'queue_created' AND " +
                               json_text(server, "data", "subject") + " = 'night-desk'") == 1);
}
