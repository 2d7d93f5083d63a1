#include <SQLiteCpp/Database.h>

#include <boost/json.hpp>
#include <catch2/catch.hpp>
#include <string>

#include "tests/support/mail_servers.hpp"
#include "tests/support/test_client.hpp"
#include "tests/support/test_server.hpp"

// E-mail as a channel of its own (issue 25): mail conversations are `email`, counted by channel
// in the KPIs, judged by their own SLA policy, and listed by the inbox's channel filter.

using namespace kefu::testing;
namespace json = boost::json;

namespace {

std::string text(const TestServer& server, const std::string& sql) {
  SQLite::Database db(server.database(), SQLite::OPEN_READONLY);
  db.setBusyTimeout(1000);
  return db.execAndGet(sql).getString();
}

std::map<std::string, std::string> as(const TestServer& server, const std::string& cookie) {
  return {{"Cookie", "kefu_session=" + cookie}, {"Origin", server.origin()}};
}

json::object mailbox_body() {
  return {{"name", "support"},     {"address", "support@tea.example"},
          {"display_name", "Tea"}, {"queue", "tickets"},
          {"security", "none"},    {"smtp_url", "smtp://127.0.0.1:2525"},
          {"login", "shop"},       {"password", "s3cret-mail-pass"}};
}

json::object sla_overview(const TestServer& server, const std::string& admin) {
  auto r = http_request(server.port(), "GET", "/api/admin/sla", "", as(server, admin));
  REQUIRE(r.status == 200);
  return json::parse(r.body).as_object();
}

}  // namespace

TEST_CASE("mail opens e-mail conversations, counted by channel and judged by the e-mail SLA",
          "[integration][mail]") {
  TestServer server;
  const auto admin = log_in(server.port(), "admin", "admin-demo-pass");
  REQUIRE(http_request(server.port(), "POST", "/api/admin/mailboxes",
                       json::serialize(mailbox_body()), as(server, admin))
              .status == 201);
  auto sam = WsClient::staff(server.port(), server.origin(),
                             log_in(server.port(), "sam", "sam-demo-pass"));
  sam->next_of_type("welcome");

  REQUIRE(pipe_mail(server.database(), "support", mail_fixture("alternative.eml")) == 0);
  REQUIRE(wait_for_value(server.database(), "SELECT COUNT(*) FROM mail_threads", 1) == 1);
  CHECK(text(server, "SELECT channel FROM conversations") == "email");
  CHECK(text(server,
             "SELECT group_concat(DISTINCT channel) FROM events WHERE conversation_id = "
             "(SELECT id FROM conversations)") == "email");

  // The supervisor's live figures hold it under its channel.
  bool counted = false;
  for (int i = 0; i < 8 && !counted; ++i) {
    const auto kpi = sam->next_of_type("kpi", 3000);
    const auto& channels = kpi.at("live").at("channels").as_object();
    counted = channels.contains("email") && channels.at("email").at("waiting").as_int64() == 1 &&
              (!channels.contains("ticket") || channels.at("ticket").at("waiting") == 0);
  }
  CHECK(counted);

  // The inbox's channel filter finds it under email, not under ticket.
  const auto sam_cookie = log_in(server.port(), "sam", "sam-demo-pass");
  auto listed = [&](const std::string& channel) {
    auto r =
        http_request(server.port(), "GET", "/api/conversations?view=unassigned&channel=" + channel,
                     "", as(server, sam_cookie));
    REQUIRE(r.status == 200);
    return json::parse(r.body).at("conversations").as_array().size();
  };
  CHECK(listed("email") == 1);
  CHECK(listed("ticket") == 0);

  // Its own SLA policy, in hours, applied to every judge of time.
  auto overview = sla_overview(server, admin);
  const auto& policy = overview.at("policies").at("email");
  CHECK(policy.at("first_response_seconds") == 24 * 3600);
  CHECK(policy.at("resolution_seconds") == 5 * 86'400);
  const auto& used = overview.at("in_use").at("email");
  CHECK(used.at("service_level_ms") == 24LL * 3600 * 1000);
  CHECK(used.at("quality_reply_target_ms") == 24LL * 3600 * 1000);
  CHECK(used.at("supervisor_ms") == 24LL * 3600 * 1000);

  const auto before = text(server,
                           "SELECT COUNT(*) || '/' || COALESCE(group_concat(definition), "
                           "'') FROM sla_policies");
  auto refused = http_request(server.port(), "PUT", "/api/admin/sla/fax",
                              R"({"first_response_seconds":3600})", as(server, admin));
  CHECK(refused.status == 400);
  CHECK(refused.body.find("\"bad_channel\"") != std::string::npos);
  CHECK(text(server,
             "SELECT COUNT(*) || '/' || COALESCE(group_concat(definition), '') FROM "
             "sla_policies") == before);

  auto saved = http_request(server.port(), "PUT", "/api/admin/sla/email",
                            R"({"first_response_seconds":7200,"next_response_seconds":7200,)"
                            R"("resolution_seconds":172800})",
                            as(server, admin));
  REQUIRE(saved.status == 200);
  overview = sla_overview(server, admin);
  CHECK(overview.at("in_use").at("email").at("service_level_ms") == 7'200'000);
  CHECK(overview.at("in_use").at("email").at("supervisor_ms") == 7'200'000);
  CHECK(overview.at("in_use").at("ticket").at("supervisor_ms") == 8LL * 3600 * 1000);
  CHECK(overview.at("in_use").at("chat").at("supervisor_ms") == 20'000);
}
