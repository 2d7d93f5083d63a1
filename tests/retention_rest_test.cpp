
#include <boost/json.hpp>
#include <catch2/catch.hpp>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <thread>

#include "server/store/sql/connection.hpp"
#include "tests/support/floor_helpers.hpp"
#include "tests/support/test_client.hpp"
#include "tests/support/test_server.hpp"

// Retention of message text (docs/protocol.md, "Admin: retention") through the real
// `kefu serve`: off by default; set to N days, the text of older messages and their attachments
// are removed at once and by the daily job at start, while conversations, the interaction log
// and the reports' figures stay the same; bad settings get a typed 400 and change nothing.

using namespace kefu::testing;
namespace json = boost::json;

namespace {

constexpr std::int64_t kDay = 86'400'000;

std::string one(const TestServer& server, const std::string& sql) {
  return stored_text(server, sql);
}

void exec(const TestServer& server, const std::string& sql) {
  server.writer()->exec(sql);
}

std::int64_t now_ms() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

// A customer's chat with two messages; returns its conversation id.
std::int64_t chat(TestServer& server, const std::string& text) {
  auto customer = WsClient::customer(server.port(), server.origin(), new_visitor(server.port()));
  customer->next_of_type("welcome");
  customer->send_json(json::object{{"type", "message"}, {"client_id", text + "1"}, {"text", text}});
  const auto id = customer->next_of_type("ack").at("conversation_id").as_int64();
  customer->send_json(
      json::object{{"type", "message"}, {"client_id", text + "2"}, {"text", text + " again"}});
  customer->next_of_type("ack");
  return id;
}

// The figures a supervisor reads for the last 60 days, and the log without the audit events.
std::string figures(TestServer& server, const std::string& admin) {
  static const std::int64_t at = now_ms();
  const std::string range =
      "from=" + std::to_string(at - 60 * kDay) + "&to=" + std::to_string(at + kDay);
  auto csv =
      http_request(server.port(), "GET", "/api/reports/conversations.csv?" + range, "", as(admin));
  auto series =
      http_request(server.port(), "GET", "/api/reports/series?step=day&" + range, "", as(admin));
  REQUIRE(csv.status == 200);
  REQUIRE(series.status == 200);
  return csv.body + "|" + series.body + "|" +
         one(server,
             "SELECT COUNT(*) || '/' || SUM(id) FROM events WHERE type NOT IN "
             "('retention_updated', 'messages_removed')") +
         "|" + stored_rows(server, "SELECT status FROM conversations ORDER BY id");
}

std::string retention(TestServer& server, const std::string& admin, const std::string& body) {
  auto r = http_request(server.port(), "PUT", "/api/admin/retention", body, as(admin));
  return std::to_string(r.status) + " " + r.body;
}

}  // namespace

TEST_CASE("retention is off by default, admins only, and bad settings change nothing",
          "[integration]") {
  TestServer server;
  const auto admin = log_in(server.port(), "admin", "admin-demo-pass");
  const auto sam = log_in(server.port(), "sam", "sam-demo-pass");
  const auto alice = log_in(server.port(), "alice", "alice-demo-pass");
  auto r = http_request(server.port(), "GET", "/api/admin/retention", "", as(admin));
  REQUIRE(r.status == 200);
  CHECK(json::parse(r.body).at("message_days").is_null());
  const auto id = chat(server, "old news");
  exec(server, "UPDATE messages SET created_at = created_at - CAST(400 AS BIGINT) * 86400000");
  start_up_written(server, sam);  // the care office's feed positions go into meta at start
  const auto before =
      stored_rows(server, "SELECT body FROM messages ORDER BY conversation_id, seq") +
      one(server, "SELECT COUNT(*) FROM meta") + one(server, "SELECT COUNT(*) FROM events");
  for (const auto& cookie : {sam, alice}) {
    CHECK(http_request(server.port(), "PUT", "/api/admin/retention", R"({"message_days":1})",
                       as(cookie))
              .status == 403);
  }
  CHECK(http_request(server.port(), "GET", "/api/admin/retention", "").status == 401);
  for (const auto& bad : {R"({"message_days":0})", R"({"message_days":-3})",
                          R"({"message_days":3651})", R"({"message_days":1.5})"}) {
    auto refused = http_request(server.port(), "PUT", "/api/admin/retention", bad, as(admin));
    CHECK(refused.status == 400);
    CHECK(json::parse(refused.body).at("error") == "bad_days");
  }
  for (const auto& bad :
       {R"({"message_days":"7"})", R"({})", R"([7])", R"({"message_days":7,"attachments":true})"}) {
    auto refused = http_request(server.port(), "PUT", "/api/admin/retention", bad, as(admin));
    CHECK(refused.status == 400);
    CHECK((json::parse(refused.body).at("error") == "bad_days" ||
           json::parse(refused.body).at("error") == "bad_request"));
  }
  CHECK(stored_rows(server, "SELECT body FROM messages ORDER BY conversation_id, seq") +
            one(server, "SELECT COUNT(*) FROM meta") + one(server, "SELECT COUNT(*) FROM events") ==
        before);
  CHECK(one(server, "SELECT COUNT(*) FROM messages WHERE body <> '' AND conversation_id = " +
                        std::to_string(id)) == "2");
}

TEST_CASE("old message text and attachments go, figures and conversations stay, audited",
          "[integration]") {
  TestServer server;
  const auto admin = log_in(server.port(), "admin", "admin-demo-pass");
  const auto old_chat = chat(server, "my old order");
  const auto new_chat = chat(server, "my new order");
  // The first chat's messages were written 40 days ago, with an attachment of that age.
  exec(server,
       "UPDATE messages SET created_at = created_at - CAST(40 AS BIGINT) * 86400000 WHERE "
       "conversation_id = " +
           std::to_string(old_chat));
  const std::string key(40, 'a');
  // Its bytes: a file beside a SQLite database, a row of attachment_bytes on PostgreSQL.
  const auto folder = server.on_postgres()
                          ? std::filesystem::path()
                          : std::filesystem::path(server.database()).parent_path() / "attachments";
  if (server.on_postgres()) {
    exec(server, "INSERT INTO attachment_bytes(file_key, bytes, size, created_at) VALUES ('" + key +
                     "', convert_to('receipt', 'UTF8'), 7, " +
                     std::to_string(now_ms() - 40 * kDay) + ")");
  } else {
    std::filesystem::create_directories(folder);
    std::ofstream(folder / key) << "receipt";
  }
  exec(server,
       "INSERT INTO attachments(conversation_id, uploader_kind, uploader_id, name, content_type, "
       "size, file_key, created_at) VALUES (" +
           std::to_string(old_chat) + ", 'customer', 1, 'receipt.png', 'image/png', 7, '" + key +
           "', " + std::to_string(now_ms() - 40 * kDay) + ")");
  const auto before = figures(server, admin);
  CHECK(before.find("\n" + std::to_string(old_chat) + ",") != std::string::npos);  // in the report

  // 60 days keeps everything; 30 removes the old chat's text at once.
  CHECK(retention(server, admin, R"({"message_days":60})") ==
        R"(200 {"removed":{"messages":0,"attachments":0},"message_days":60})");
  CHECK(retention(server, admin, R"({"message_days":30})") ==
        R"(200 {"removed":{"messages":2,"attachments":1},"message_days":30})");
  CHECK(stored_rows(server, "SELECT body FROM messages WHERE conversation_id = " +
                                std::to_string(old_chat) + " ORDER BY seq") == "|\n|\n");
  CHECK(stored_rows(server, "SELECT body FROM messages WHERE conversation_id = " +
                                std::to_string(new_chat) + " ORDER BY seq") ==
        "my new order|\nmy new order again|\n");
  CHECK(one(server, "SELECT COUNT(*) FROM attachments") == "0");
  if (server.on_postgres()) {
    CHECK(one(server, "SELECT COUNT(*) FROM attachment_bytes") == "0");
  } else {
    CHECK_FALSE(std::filesystem::exists(folder / key));
  }
  CHECK(figures(server, admin) == before);
  CHECK(one(server, "SELECT COUNT(*) FROM events WHERE type = 'retention_updated'") == "2");
  CHECK(one(server, "SELECT " + json_text(server, "data", "after.messages") +
                        " FROM events WHERE type = 'messages_removed'") == "2");
  auto audit =
      http_request(server.port(), "GET", "/api/admin/audit?type=messages_removed", "", as(admin));
  CHECK(json::parse(audit.body).at("changes").as_array().size() == 1);

  // The daily job: the new chat ages past the setting while the server is down; at start it goes.
  server.stop();
  exec(server,
       "UPDATE messages SET created_at = created_at - CAST(31 AS BIGINT) * 86400000 WHERE "
       "conversation_id = " +
           std::to_string(new_chat));
  server.start();
  for (int i = 0; i < 100 && one(server, "SELECT COUNT(*) FROM messages WHERE body <> ''") != "0";
       ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  CHECK(one(server, "SELECT COUNT(*) FROM messages WHERE body <> ''") == "0");
  CHECK(one(server, "SELECT COUNT(*) FROM messages") == "4");
  CHECK(one(server, "SELECT COUNT(*) FROM events WHERE type = 'messages_removed'") == "2");
  CHECK(one(server, "SELECT COUNT(*) FROM conversations") == "2");
}
