#include <SQLiteCpp/Database.h>

#include <boost/json.hpp>
#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

#include "tests/support/mail_servers.hpp"
#include "tests/support/test_client.hpp"
#include "tests/support/test_server.hpp"

// A received mail's attachments (issue 25): the accepted ones join the conversation's
// attachments (the workspace's store, same type sniffing and size limit as an upload), the
// others are set aside with a note under the text, and every file's bytes are kept.

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

std::string kept_file(const TestServer& server, const std::string& key) {
  const auto path = std::filesystem::path(server.database()).parent_path() / "attachments" / key;
  std::ifstream in(path, std::ios::binary);
  std::stringstream bytes;
  bytes << in.rdbuf();
  return bytes.str();
}

}  // namespace

TEST_CASE("a mail's attachments are kept with its ticket, the refused ones set aside, none lost",
          "[integration][mail]") {
  // 200 bytes per attachment at most: the photo fits, the 300-byte PDF does not.
  TestServer server({"--attachment-max-bytes", "200"});
  const auto admin = log_in(server.port(), "admin", "admin-demo-pass");
  REQUIRE(http_request(server.port(), "POST", "/api/admin/mailboxes",
                       json::serialize(json::object{{"name", "support"},
                                                    {"address", "support@tea.example"},
                                                    {"queue", "tickets"},
                                                    {"security", "none"},
                                                    {"smtp_url", "smtp://127.0.0.1:2525"}}),
                       as(server, admin))
              .status == 201);
  const auto cookie = log_in(server.port(), "wei", "wei-demo-pass");
  auto agent = WsClient::staff(server.port(), server.origin(), cookie);
  agent->next_of_type("welcome");

  std::string mail = mail_fixture("attachments.eml");
  const std::string pdf = "%PDF-1.4\n" + std::string(300, 'x') + "\n";
  mail.replace(mail.rfind("--mix--"), std::string::npos,
               "--mix\r\nContent-Type: application/pdf; name=\"manual.pdf\"\r\n"
               "Content-Disposition: attachment; filename=\"manual.pdf\"\r\n\r\n" +
                   pdf + "\r\n--mix--\r\n");
  REQUIRE(pipe_mail(server.database(), "support", mail) == 0);
  const auto id = agent->next_of_type("conversation", 10000).at("conversation").at("id").as_int64();
  // The photo comes to the agent as an attachment of the conversation.
  const auto frame = agent->next_of_type("attachment", 10000);
  CHECK(frame.at("conversation_id").as_int64() == id);
  CHECK(frame.at("attachment").at("name") == "tin.png");
  CHECK(frame.at("attachment").at("content_type") == "image/png");
  CHECK(frame.at("attachment").at("uploader").at("kind") == "customer");
  auto listed = http_request(server.port(), "GET",
                             "/api/conversations/" + std::to_string(id) + "/attachments", "",
                             as(server, cookie));
  REQUIRE(listed.status == 200);
  const auto files = json::parse(listed.body).at("attachments").as_array();
  REQUIRE(files.size() == 1);
  auto photo = http_request(server.port(), "GET", std::string(files[0].at("url").as_string()), "",
                            as(server, cookie));
  REQUIRE(photo.status == 200);
  CHECK(photo.body.rfind("\x89PNG\r\n\x1a\n", 0) == 0);

  // The program and the too large PDF are named under the text...
  auto messages =
      http_request(server.port(), "GET", "/api/conversations/" + std::to_string(id) + "/messages",
                   "", as(server, cookie));
  REQUIRE(messages.status == 200);
  const std::string body(json::parse(messages.body).at("messages").at(0).at("text").as_string());
  CHECK(body.rfind("The tin arrived dented, see the photo.", 0) == 0);
  CHECK(body.find("[Attachment set aside (type not accepted): invoice.exe, 1 KB, "
                  "application/octet-stream]") != std::string::npos);
  CHECK(body.find("[Attachment set aside (too large): manual.pdf, 1 KB, application/pdf]") !=
        std::string::npos);
  CHECK(body.find("tin.png") == std::string::npos);
  // ...and their bytes are kept, on the shelf, never shown as the conversation's files.
  REQUIRE(wait_for_value(server.database(), "SELECT COUNT(*) FROM mail_shelved_attachments", 2) ==
          2);
  CHECK(text(server,
             "SELECT group_concat(name || ':' || reason || ':' || size, ',') FROM (SELECT * FROM "
             "mail_shelved_attachments ORDER BY id)") ==
        "invoice.exe:type_not_accepted:103,manual.pdf:too_large:" + std::to_string(pdf.size()));
  CHECK(kept_file(server, text(server,
                               "SELECT file_key FROM mail_shelved_attachments WHERE name "
                               "= 'invoice.exe'"))
            .rfind("MZ", 0) == 0);
  CHECK(kept_file(server, text(server,
                               "SELECT file_key FROM mail_shelved_attachments WHERE name "
                               "= 'manual.pdf'")) == pdf);
  CHECK(text(server, "SELECT COUNT(*) FROM attachments") == "1");
}
