#include <SQLiteCpp/Database.h>

#include <array>
#include <boost/json.hpp>
#include <catch2/catch.hpp>
#include <chrono>
#include <cstdio>
#include <fstream>
#include <set>

#include "tests/support/floor_helpers.hpp"
#include "tests/support/test_client.hpp"
#include "tests/support/test_server.hpp"

// Configuration as code (docs/config.md) through the real `kefu serve` and the real `kefu config`
// on the demo database: the export imports as "no changes", an edited document shows its diff
// and is applied live in one transaction with audit events, a broken one is refused with the
// same typed error and message as the REST gives for the same item, changing nothing, by REST
// and by the command line alike.

using namespace kefu::testing;
namespace json = boost::json;

namespace {

// Everything an import may write, as one comparable text.
std::string rows(const TestServer& server) {
  SQLite::Database db(server.database(), SQLite::OPEN_READONLY);
  db.setBusyTimeout(5000);  // the server's checkpointer may hold the log a moment
  std::string all;
  for (const char* sql :
       {"SELECT COUNT(*) || group_concat(name) FROM teams",
        "SELECT COUNT(*) || '/' || COALESCE(SUM(user_id * team_id), 0) FROM user_teams",
        "SELECT COUNT(*) || COALESCE(group_concat(definition || COALESCE(retired_at, '')), '') "
        "FROM admin_queues",
        "SELECT COUNT(*) || COALESCE(group_concat(definition), '') FROM team_hours",
        "SELECT COUNT(*) || COALESCE(group_concat(definition), '') FROM sla_policies",
        "SELECT COUNT(*) || group_concat(shortcut || title || body || updated_at) FROM "
        "canned_replies",
        "SELECT COALESCE((SELECT settings FROM kpi_quality_settings), '')",
        "SELECT COUNT(*) || group_concat(enabled || definition || updated_at) FROM care_rules",
        "SELECT COUNT(*) FROM events"}) {
    all += db.execAndGet(sql).getString() + "|";
  }
  return all;
}

// rows() once the server's own writes after start-up and sign-in (their log events, the SLA
// policies copied into the quality settings, the built-in care rules) are stored; `staff` is a
// supervisor's or an admin's session.
std::string settled_rows(const TestServer& server, const std::string& staff) {
  start_up_written(server, staff);
  return rows(server);
}

// Runs `kefu ARGS` through the shell (for pipes); returns its standard output and exit status.
std::pair<std::string, int> shell(const std::string& args) {
  const char* dir = std::getenv("KEFU_BINARY_DIR");
  const std::string command = std::string(dir ? dir : ".") + "/server/cli/kefu " + args + " 2>&1";
  FILE* pipe = popen(command.c_str(), "r");
  REQUIRE(pipe != nullptr);
  std::string out;
  std::array<char, 4096> buffer{};
  while (std::size_t n = fread(buffer.data(), 1, buffer.size(), pipe)) out.append(buffer.data(), n);
  const int status = pclose(pipe);
  return {out, WIFEXITED(status) ? WEXITSTATUS(status) : -1};
}

std::string kefu_at(const TestServer& server, const std::string& args) {
  return std::string(std::getenv("KEFU_BINARY_DIR") ? std::getenv("KEFU_BINARY_DIR") : ".") +
         "/server/cli/kefu " + args + " --db " + server.database();
}

std::string write_file(const TestServer& server, const std::string& name,
                       const json::value& document) {
  const std::string path = server.folder() + "/" + name;
  std::ofstream(path) << json::serialize(document);
  return path;
}

json::object exported(TestServer& server, const std::string& admin) {
  auto r = http_request(server.port(), "GET", "/api/admin/config", "", as(admin));
  REQUIRE(r.status == 200);
  return json::parse(r.body).as_object();
}

HttpReply import(TestServer& server, const std::string& admin, const json::value& document,
                 bool dry_run) {
  return http_request(server.port(), "POST",
                      std::string("/api/admin/config/import") + (dry_run ? "?dry_run=true" : ""),
                      json::serialize(document), as(admin));
}

json::object billing_queue() {
  return json::object{{"name", "billing"},  {"channel", "chat"}, {"team", "support"},
                      {"skill", "billing"}, {"min_level", 3},    {"language", "en"},
                      {"priority", 2},      {"segment", ""},     {"offer_mode", "assign"}};
}

// The document with one more item in `section`.
json::object with_item(json::object document, const std::string& section, json::value item) {
  document[section].as_array().push_back(std::move(item));
  return document;
}

}  // namespace

TEST_CASE("config export and import answer 401 without a session and 403 to agents",
          "[integration]") {
  TestServer server;
  const auto alice = log_in(server.port(), "alice", "alice-demo-pass");
  const auto sam = log_in(server.port(), "sam", "sam-demo-pass");
  const auto before = settled_rows(server, sam);
  const std::string body = R"({"kefu_config":1,"teams":[]})";
  for (const auto& target : {"/api/admin/config", "/api/admin/config/import"}) {
    const std::string method = std::string(target).ends_with("import") ? "POST" : "GET";
    CHECK(http_request(server.port(), method, target, body).status == 401);
    CHECK(http_request(server.port(), method, target, body, as(alice)).status == 403);
    CHECK(http_request(server.port(), method, target, body, as(sam)).status == 403);
  }
  CHECK(rows(server) == before);
}

TEST_CASE("the exported configuration imports as no changes by REST and by kefu config",
          "[integration]") {
  TestServer server;
  const auto admin = log_in(server.port(), "admin", "admin-demo-pass");
  const auto doc = exported(server, admin);
  for (const char* section : {"teams", "queues", "hours", "sla_policies", "canned_replies",
                              "care_rules", "skills", "staff", "webhooks", "mailboxes"}) {
    CHECK(doc.at(section).is_array());
  }
  CHECK(doc.at("quality").at("weights").is_object());
  CHECK(doc.at("canned_replies").as_array().size() > 0);
  CHECK(doc.at("care_rules").as_array().size() > 0);
  const auto before = settled_rows(server, admin);

  auto r = import(server, admin, doc, true);
  REQUIRE(r.status == 200);
  CHECK(json::parse(r.body).at("changes").as_array().empty());
  r = import(server, admin, doc, false);  // applying no changes writes nothing either
  REQUIRE(r.status == 200);
  CHECK(json::parse(r.body).at("changes").as_array().empty());

  const auto [out, status] = shell("config export --db " + server.database() + " | " +
                                   kefu_at(server, "config import --dry-run -"));
  CHECK(status == 0);
  CHECK(out == "no changes\n");
  const auto [rules, rules_status] =
      shell("rules export --db " + server.database() + " | " + kefu_at(server, "rules import -"));
  CHECK(rules_status == 0);
  CHECK(rules == "no changes\n");
  CHECK(rows(server) == before);

  // The command line's export is the REST's (without secrets) plus nothing.
  const auto [text, export_status] = shell("config export --db " + server.database());
  CHECK(export_status == 0);
  CHECK(json::parse(text) == json::value(doc));
  CHECK(text.find("password_hash") == std::string::npos);
}

TEST_CASE(
    "an edited configuration shows its diff, a dry run changes nothing, the import applies "
    "it live with audit events",
    "[integration]") {
  TestServer server;
  const auto admin = log_in(server.port(), "admin", "admin-demo-pass");
  auto doc = exported(server, admin);
  doc = with_item(doc, "queues", billing_queue());
  doc = with_item(doc, "canned_replies",
                  json::object{{"team", ""},
                               {"locale", "en"},
                               {"shortcut", "refund-policy"},
                               {"title", "Refunds"},
                               {"body", "Hello {customer.name}, refunds take 5 days."}});
  for (auto& p : doc.at("sla_policies").as_array()) {
    if (p.at("channel") == "chat") p.as_object()["first_response_seconds"] = 45;
  }
  doc["quality"].as_object()["scorecard"] =
      json::array{json::object{{"name", "accuracy"}, {"weight", 50}},
                  json::object{{"name", "tone"}, {"weight", 50}}};
  const auto before = settled_rows(server, admin);

  auto dry = import(server, admin, doc, true);
  REQUIRE(dry.status == 200);
  const auto changes = json::parse(dry.body).at("changes").as_array();
  REQUIRE(changes.size() == 4);
  std::set<std::string> seen;
  for (const auto& c : changes) {
    seen.insert(std::string(c.at("change").as_string()) + " " +
                std::string(c.at("section").as_string()) + "/" +
                std::string(c.at("item").as_string()));
  }
  CHECK(seen == std::set<std::string>{"added queues/billing",
                                      "added canned_replies/*/en/refund-policy",
                                      "changed sla_policies/chat", "changed quality/settings"});
  CHECK(rows(server) == before);

  // The command line shows the same diff for the same file, and a dry run changes nothing.
  const auto file = write_file(server, "edited.json", doc);
  auto [out, status] = shell("config import --dry-run " + file + " --db " + server.database());
  CHECK(status == 0);
  CHECK(out.find("+ queues/billing\n") != std::string::npos);
  CHECK(out.find("~ sla_policies/chat\n    first_response_seconds: 20 -> 45\n") !=
        std::string::npos);
  CHECK(out.find("4 changes: 2 added, 2 changed, 0 removed\n") != std::string::npos);
  CHECK(json::parse(dry.body).at("text").as_string() == out.substr(0, out.find("dry run")));
  CHECK(rows(server) == before);

  auto applied = import(server, admin, doc, false);
  REQUIRE(applied.status == 200);
  CHECK(json::parse(applied.body).at("changes").as_array().size() == 4);
  // Live at once: the console's badge reads the new target, the export shows the import.
  auto sla = http_request(server.port(), "GET", "/api/sla", "", as(admin));
  CHECK(sla.body.find("45") != std::string::npos);
  auto after = exported(server, admin);
  CHECK(import(server, admin, after, true).body.find("\"changes\":[]") != std::string::npos);
  SQLite::Database db(server.database(), SQLite::OPEN_READONLY);
  db.setBusyTimeout(5000);  // the server's checkpointer may hold the log a moment
  CHECK(db.execAndGet("SELECT COUNT(*) FROM events WHERE type = 'queue_created'").getInt() == 1);
  CHECK(db.execAndGet("SELECT COUNT(*) FROM events WHERE type = 'sla_updated'").getInt() == 1);
  CHECK(db.execAndGet("SELECT COUNT(*) FROM events WHERE type = 'config_imported'").getInt() == 2);
  auto audit =
      http_request(server.port(), "GET", "/api/admin/audit?type=config_imported", "", as(admin));
  REQUIRE(audit.status == 200);
  CHECK(json::parse(audit.body).at("changes").as_array().size() == 2);

  // Leaving the queue and the reply out again retires the one and removes the other.
  auto [removed, removed_status] =
      shell("config import " + write_file(server, "back.json", exported(server, admin)) + " --db " +
            server.database());
  CHECK(removed_status == 0);
  CHECK(removed == "no changes\n");
  doc = exported(server, admin);
  auto& queues = doc.at("queues").as_array();
  queues.clear();
  auto& replies = doc.at("canned_replies").as_array();
  for (auto it = replies.begin(); it != replies.end();) {
    it = it->at("shortcut") == "refund-policy" ? replies.erase(it) : it + 1;
  }
  auto back = import(server, admin, doc, false);
  REQUIRE(back.status == 200);
  CHECK(json::parse(back.body).at("text").as_string() ==
        "- queues/billing\n- canned_replies/*/en/refund-policy\n"
        "2 changes: 0 added, 0 changed, 2 removed\n");
  CHECK(db.execAndGet("SELECT retired_at IS NOT NULL FROM admin_queues WHERE name = 'billing'")
            .getInt() == 1);
  CHECK(db.execAndGet("SELECT COUNT(*) FROM canned_replies WHERE shortcut = 'refund-policy'")
            .getInt() == 0);
}

TEST_CASE(
    "a broken configuration is refused with the REST's error and message and changes "
    "nothing",
    "[integration]") {
  TestServer server;
  const auto admin = log_in(server.port(), "admin", "admin-demo-pass");
  const auto base = exported(server, admin);
  const auto before = settled_rows(server, admin);

  struct Case {
    std::string name;
    json::object document;
    std::string method, target;  // the REST call refusing the same item
    json::value body;
  };
  auto queue = billing_queue();
  queue["team"] = "night-shift";
  const json::object reply{{"team", ""},
                           {"locale", "en"},
                           {"shortcut", "oops"},
                           {"title", "Oops"},
                           {"body", "Hello {shoe_size}"}};
  json::object bad_quality = base.at("quality").as_object();
  bad_quality["weights"].as_object()["first_response"] = -1;
  json::object rule = base.at("care_rules").at(0).as_object();
  rule["trigger"] = "moon_phase";
  json::object bad_rule = rule;
  bad_rule.erase("builtin");
  json::object hours{{"team", "night-shift"},
                     {"time_zone", "Asia/Shanghai"},
                     {"week", json::object{{"mon", json::array{json::array{"09:00", "18:00"}}}}}};
  json::object quality_doc = base;
  quality_doc["quality"] = bad_quality;
  std::vector<Case> cases{
      {"queue of an unknown team", with_item(base, "queues", queue), "POST", "/api/admin/queues",
       queue},
      {"reply with an unknown variable", with_item(base, "canned_replies", reply), "POST",
       "/api/canned-replies",
       json::object{{"scope", "shared"},
                    {"team", ""},
                    {"locale", "en"},
                    {"shortcut", "oops"},
                    {"title", "Oops"},
                    {"body", "Hello {shoe_size}"}}},
      {"negative quality weight", quality_doc, "PUT", "/api/quality/settings", bad_quality},
      {"care rule with an unknown trigger", with_item(base, "care_rules", rule), "POST",
       "/api/admin/rules", bad_rule},
      {"hours of an unknown team", with_item(base, "hours", hours), "PUT",
       "/api/admin/teams/night-shift/hours", hours},
  };
  for (const auto& c : cases) {
    SECTION(c.name) {
      auto rest =
          http_request(server.port(), c.method, c.target, json::serialize(c.body), as(admin));
      auto refused = import(server, admin, c.document, false);
      CHECK(refused.status == 400);
      const auto got = json::parse(refused.body).as_object();
      if (c.name != "hours of an unknown team") {  // the REST answers 404 for a missing team
        CHECK(rest.status == 400);
        const auto want = json::parse(rest.body).as_object();
        CHECK(got.at("error") == want.at("error"));
        CHECK(got.at("message") == want.at("message"));
      } else {
        CHECK(got.at("error") == "unknown_team");
      }
      auto [out, status] = shell("config import " + write_file(server, "broken.json", c.document) +
                                 " --db " + server.database());
      CHECK(status == 1);
      CHECK(out == "refused: " + std::string(got.at("where").as_string()) + ": " +
                       std::string(got.at("error").as_string()) + ": " +
                       std::string(got.at("message").as_string()) + "\n");
      CHECK(rows(server) == before);
    }
  }
  SECTION("not a configuration") {
    for (const auto& body : {std::string("[1]"), std::string(R"({"kefu_config":2})"),
                             std::string(R"({"kefu_config":1,"labels":[]})"),
                             std::string(R"({"kefu_config":1,"teams":{}})")}) {
      auto r = http_request(server.port(), "POST", "/api/admin/config/import", body, as(admin));
      CHECK(r.status == 400);
      CHECK(json::parse(r.body).at("error") == "bad_request");
    }
    CHECK(rows(server) == before);
  }
  SECTION("a team removed while a queue still serves it") {
    auto doc = with_item(base, "queues", billing_queue());
    REQUIRE(import(server, admin, doc, false).status == 200);
    const auto with_queue = rows(server);
    doc["teams"].as_array().clear();
    auto r = import(server, admin, doc, false);
    CHECK(r.status == 400);
    CHECK(json::parse(r.body).at("error") == "unknown_team");
    CHECK(rows(server) == with_queue);
  }
}
