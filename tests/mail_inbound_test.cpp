#include <SQLiteCpp/Database.h>

#include <boost/json.hpp>
#include <catch2/catch.hpp>
#include <chrono>
#include <string>
#include <thread>

#include "tests/support/mail_servers.hpp"
#include "tests/support/test_client.hpp"
#include "tests/support/test_server.hpp"

// The e-mail channel's inbound side through the real `kefu serve` and `kefu mail receive`
// (issue 25): mailboxes, filing, threading, character sets, HTML, auto-replies, loops, bounces
// and bad input.

using namespace kefu::testing;
namespace json = boost::json;

namespace {

std::int64_t count(const TestServer& server, const std::string& sql) {
  SQLite::Database db(server.database(), SQLite::OPEN_READONLY);
  db.setBusyTimeout(1000);
  return db.execAndGet(sql).getInt64();
}

std::string text(const TestServer& server, const std::string& sql) {
  SQLite::Database db(server.database(), SQLite::OPEN_READONLY);
  db.setBusyTimeout(1000);
  return db.execAndGet(sql).getString();
}

std::map<std::string, std::string> as(const TestServer& server, const std::string& cookie) {
  return {{"Cookie", "kefu_session=" + cookie}, {"Origin", server.origin()}};
}

json::object mailbox_body(const std::string& name = "support") {
  return {{"name", name},
          {"address", "support@tea.example"},
          {"display_name", "Tea Shop"},
          {"queue", "tickets"},
          {"security", "none"},
          {"smtp_url", "smtp://127.0.0.1:2525"},
          {"login", "shop"},
          {"password", "s3cret-mail-pass"}};
}

HttpReply add_mailbox(const TestServer& server, const std::string& cookie, json::object body) {
  return http_request(server.port(), "POST", "/api/admin/mailboxes", json::serialize(body),
                      as(server, cookie));
}

// A visitor opens a chat and leaves; returns once the server has abandoned it (its grace over).
void abandoned_chat(TestServer& server) {
  auto visitor = WsClient::customer(server.port(), server.origin(), new_visitor(server.port()));
  visitor->next_of_type("welcome");
  visitor->send(R"({"type":"message","client_id":"left","text":"Anyone there?"})");
  const auto id = visitor->next_of_type("ack").at("conversation_id").as_int64();
  visitor.reset();
  REQUIRE(wait_for_text(server.database(),
                        "SELECT status FROM conversations WHERE id = " + std::to_string(id),
                        "abandoned") == "abandoned");
}

// The newest conversation's messages as the agent's console reads them.
json::array transcript(const TestServer& server, const std::string& cookie, std::int64_t id) {
  auto reply =
      http_request(server.port(), "GET", "/api/conversations/" + std::to_string(id) + "/messages",
                   "", as(server, cookie));
  REQUIRE(reply.status == 200);
  return json::parse(reply.body).at("messages").as_array();
}

const char* const kAll =
    "SELECT (SELECT COUNT(*) FROM conversations) || '/' || (SELECT COUNT(*) FROM messages) || '/' "
    "|| (SELECT COUNT(*) FROM mail_inbox) || '/' || (SELECT COUNT(*) FROM mail_threads) || '/' || "
    "(SELECT COUNT(*) FROM customers)";

}  // namespace

TEST_CASE("an admin connects a mailbox to a queue, validated, and its password never shows",
          "[integration][mail]") {
  TestServer server;
  const auto admin = log_in(server.port(), "admin", "admin-demo-pass");
  const auto agent = log_in(server.port(), "wei", "wei-demo-pass");
  const char* const mailboxes = "SELECT COUNT(*) FROM mailboxes";

  CHECK(add_mailbox(server, agent, mailbox_body()).status == 403);
  CHECK(http_request(server.port(), "GET", "/api/admin/mailboxes").status == 401);
  struct Bad {
    const char* field;
    json::value value;
    const char* error;
  };
  for (const auto& bad :
       {Bad{"address", "support at tea", "invalid_address"},
        Bad{"address", "a@b.c\r\nBcc: x@y.z", "invalid_address"},
        Bad{"name", "Support Desk", "invalid_name"}, Bad{"queue", "general", "unknown_queue"},
        Bad{"security", "ssl", "invalid_security"},
        Bad{"smtp_url", "http://127.0.0.1:25", "invalid_smtp_url"},
        Bad{"smtp_url", "smtp://u:p@127.0.0.1:25", "invalid_smtp_url"},
        Bad{"imap_url", "imaps://127.0.0.1:993", "invalid_imap_url"},
        Bad{"display_name", "Tea\nShop", "invalid_display_name"}, Bad{"address", 42, "bad_request"},
        Bad{"colour", "green", "bad_request"}}) {
    auto body = mailbox_body();
    body[bad.field] = bad.value;
    auto refused = add_mailbox(server, admin, body);
    INFO(bad.field << " " << refused.body);
    CHECK(refused.status == 400);
    CHECK(json::parse(refused.body).at("error") == bad.error);
  }
  CHECK(count(server, mailboxes) == 0);

  auto added = add_mailbox(server, admin, mailbox_body());
  REQUIRE(added.status == 201);
  CHECK(added.body.find("s3cret-mail-pass") == std::string::npos);
  const auto mailbox = json::parse(added.body).at("mailbox").as_object();
  CHECK(mailbox.at("password_set") == true);
  CHECK(mailbox.at("queue") == "tickets");
  // Sealed at rest: the database holds no copy of the password.
  CHECK(count(server,
              "SELECT COUNT(*) FROM mailboxes WHERE instr(sealed_password, "
              "CAST('s3cret-mail-pass' AS BLOB)) > 0 OR sealed_password IS NULL") == 0);

  auto twice = add_mailbox(server, admin, mailbox_body());
  CHECK(twice.status == 409);
  CHECK(json::parse(twice.body).at("error") == "name_taken");
  CHECK(count(server, mailboxes) == 1);

  // A change without a password keeps the sealed one; a bad change changes nothing.
  const std::string path = "/api/admin/mailboxes/" + std::to_string(mailbox.at("id").as_int64());
  const std::string before = text(server, "SELECT hex(sealed_password) FROM mailboxes");
  auto body = mailbox_body();
  body.erase("password");
  body["display_name"] = "Tea Shop Care";
  auto changed = http_request(server.port(), "PUT", path, json::serialize(body), as(server, admin));
  REQUIRE(changed.status == 200);
  CHECK(json::parse(changed.body).at("mailbox").at("password_set") == true);
  CHECK(text(server, "SELECT hex(sealed_password) FROM mailboxes") == before);
  body["smtp_url"] = "ftp://127.0.0.1";
  CHECK(http_request(server.port(), "PUT", path, json::serialize(body), as(server, admin)).status ==
        400);
  CHECK(text(server, "SELECT smtp_url || display_name FROM mailboxes") ==
        "smtp://127.0.0.1:2525Tea Shop Care");
  auto list = http_request(server.port(), "GET", "/api/admin/mailboxes", "", as(server, admin));
  REQUIRE(list.status == 200);
  CHECK(list.body.find("s3cret") == std::string::npos);
  CHECK(json::parse(list.body).at("mailboxes").as_array().size() == 1);
}

TEST_CASE("mail in GBK, Big5 and GB18030 opens tickets the agent reads in UTF-8",
          "[integration][mail]") {
  TestServer server;
  const auto admin = log_in(server.port(), "admin", "admin-demo-pass");
  const auto cookie = log_in(server.port(), "wei", "wei-demo-pass");
  REQUIRE(add_mailbox(server, admin, mailbox_body()).status == 201);
  auto agent = WsClient::staff(server.port(), server.origin(), cookie);
  agent->next_of_type("welcome");

  struct Case {
    const char* file;
    const char* subject;
    const char* words;
    const char* address;
  };
  for (const auto& c : {Case{"gbk_base64.eml", "订单没有收到", "你好，我的龙井茶订单还没有收到",
                             "li.mei@example.cn"},
                        Case{"big5_qp.eml", "退貨申請", "您好，我想退回這罐烏龍茶，包裝破損了。",
                             "chen.wei@example.tw"},
                        Case{"gb18030_base64.eml", "印刷错误", "茶叶罐上的字“𠀀”印错了。",
                             "zhao.lei@example.cn"}}) {
    INFO(c.file);
    REQUIRE(pipe_mail(server.database(), "support", mail_fixture(c.file)) == 0);
    auto conversation = agent->next_of_type("conversation", 10000).at("conversation");
    CHECK(conversation.at("channel") == "email");
    CHECK(conversation.at("subject") == c.subject);
    const auto id = conversation.at("id").as_int64();
    auto messages = transcript(server, cookie, id);
    REQUIRE(messages.size() == 1);
    const std::string body(messages[0].at("text").as_string());
    CHECK(body.find(c.words) == 0);
    // The sender is the ticket's customer through an unverified e-mail identity.
    auto view = agent->next_of_type("customer_view", 5000);
    bool shown = false;
    for (const auto& identity : view.at("customer").at("identities").as_array()) {
      shown = shown || (identity.at("kind") == "email" && identity.at("value") == c.address &&
                        identity.at("verified") == false);
    }
    CHECK(shown);
  }
  // The mail side is stored just after the desk's message (MailService::file, then the thread).
  CHECK(wait_for_value(server.database(), "SELECT COUNT(*) FROM mail_threads", 3) == 3);
  CHECK(count(server, "SELECT COUNT(*) FROM mail_inbox") == 0);
}

TEST_CASE("HTML mail reaches the agent as text, the plain part preferred", "[integration][mail]") {
  TestServer server;
  const auto admin = log_in(server.port(), "admin", "admin-demo-pass");
  const auto cookie = log_in(server.port(), "wei", "wei-demo-pass");
  REQUIRE(add_mailbox(server, admin, mailbox_body()).status == 201);
  auto agent = WsClient::staff(server.port(), server.origin(), cookie);
  agent->next_of_type("welcome");

  REQUIRE(pipe_mail(server.database(), "support", mail_fixture("alternative.eml")) == 0);
  auto id = agent->next_of_type("conversation", 10000).at("conversation").at("id").as_int64();
  std::string body(transcript(server, cookie, id)[0].at("text").as_string());
  CHECK(body == "Hello,\nmy parcel 1002 arrived late — can I get the shipping fee back?\nAnn");

  REQUIRE(pipe_mail(server.database(), "support", mail_fixture("html_only.eml")) == 0);
  id = agent->next_of_type("conversation", 10000).at("conversation").at("id").as_int64();
  body = std::string(transcript(server, cookie, id)[0].at("text").as_string());
  CHECK(body == "I ordered Longjing & got Oolong.\n\nOrder\u00a01003\nThanks");
  CHECK(body.find('<') == std::string::npos);
  CHECK(body.find("alert") == std::string::npos);
  CHECK(body.find("ignored title") == std::string::npos);
}

TEST_CASE("a reply threads into its conversation by In-Reply-To, References or token",
          "[integration][mail]") {
  TestServer server;
  const auto admin = log_in(server.port(), "admin", "admin-demo-pass");
  const auto cookie = log_in(server.port(), "wei", "wei-demo-pass");
  REQUIRE(add_mailbox(server, admin, mailbox_body()).status == 201);
  auto agent = WsClient::staff(server.port(), server.origin(), cookie);
  agent->next_of_type("welcome");
  REQUIRE(pipe_mail(server.database(), "support", mail_fixture("alternative.eml")) == 0);
  const auto id = agent->next_of_type("conversation", 10000).at("conversation").at("id").as_int64();
  REQUIRE(wait_for_value(server.database(), "SELECT COUNT(*) FROM mail_threads", 1) == 1);
  const std::string token =
      text(server, "SELECT token FROM mail_threads WHERE conversation_id = " + std::to_string(id));

  // The agent resolves it; the customer's answer (In-Reply-To) reopens it.
  agent->send_json(json::object{{"type", "resolve"}, {"client_id", "r1"}, {"conversation_id", id}});
  agent->next_of_type("ack");
  REQUIRE(wait_for_text(server.database(),
                        "SELECT status FROM conversations WHERE id = " + std::to_string(id),
                        "resolved") == "resolved");
  const std::string answer =
      "From: Ann Smith <ann@example.com>\r\nTo: support@tea.example\r\nSubject: Re: Late "
      "parcel\r\nMessage-ID: <alt-2@example.com>\r\nIn-Reply-To: <alt-1@example.com>\r\n\r\n"
      "Thank you, but I still need the refund.\r\n";
  REQUIRE(pipe_mail(server.database(), "support", answer) == 0);
  CHECK(wait_for_value(
            server.database(),
            "SELECT COUNT(*) FROM messages WHERE conversation_id = " + std::to_string(id), 2) == 2);
  CHECK(wait_for_text(server.database(),
                      "SELECT status FROM conversations WHERE id = " + std::to_string(id),
                      "assigned") == "assigned");

  // Only References, newest last.
  const std::string by_references =
      "From: ann@example.com\r\nTo: support@tea.example\r\nSubject: one more\r\nMessage-ID: "
      "<alt-3@example.com>\r\nReferences: <unknown@example.com> <alt-2@example.com>\r\n\r\nAnd "
      "the tracking number?\r\n";
  REQUIRE(pipe_mail(server.database(), "support", by_references) == 0);
  CHECK(wait_for_value(
            server.database(),
            "SELECT COUNT(*) FROM messages WHERE conversation_id = " + std::to_string(id), 3) == 3);

  // Only the token, in the address a client replied to.
  const std::string by_token = "From: ann@example.com\r\nTo: support+" + token +
                               "@tea.example\r\nSubject: hello again\r\n\r\nStill here.\r\n";
  REQUIRE(pipe_mail(server.database(), "support", by_token) == 0);
  CHECK(wait_for_value(
            server.database(),
            "SELECT COUNT(*) FROM messages WHERE conversation_id = " + std::to_string(id), 4) == 4);

  // Someone else naming the token or the Message-ID does not enter Ann's conversation.
  const std::string stranger =
      "From: mallory@example.net\r\nTo: support@tea.example\r\n"
      "Subject: Re: Late parcel [" +
      token + "]\r\nIn-Reply-To: <alt-1@example.com>\r\n\r\nHi\r\n";
  REQUIRE(pipe_mail(server.database(), "support", stranger) == 0);
  CHECK(wait_for_value(server.database(), "SELECT COUNT(*) FROM conversations", 2) == 2);
  // Its thread is recorded just after the desk stored the conversation, with its inbox entry
  // removed in the same transaction.
  CHECK(wait_for_value(server.database(), "SELECT COUNT(*) FROM mail_inbox", 0) == 0);
  CHECK(count(server,
              "SELECT COUNT(*) FROM messages WHERE conversation_id = " + std::to_string(id)) == 4);
  CHECK(count(server,
              "SELECT COUNT(*) FROM mail_threads WHERE address = "
              "'mallory@example.net'") == 1);

  // The same message delivered twice is stored once.
  REQUIRE(pipe_mail(server.database(), "support", answer) == 0);
  CHECK(wait_for_value(server.database(), "SELECT COUNT(*) FROM mail_inbox", 0) == 0);
  CHECK(count(server,
              "SELECT COUNT(*) FROM messages WHERE conversation_id = " + std::to_string(id)) == 4);
}

TEST_CASE("auto-replies, loops and bounces are set aside, never answered", "[integration][mail]") {
  TestServer server;
  const auto admin = log_in(server.port(), "admin", "admin-demo-pass");
  const auto cookie = log_in(server.port(), "wei", "wei-demo-pass");
  REQUIRE(add_mailbox(server, admin, mailbox_body()).status == 201);
  auto agent = WsClient::staff(server.port(), server.origin(), cookie);
  agent->next_of_type("welcome");
  const std::string before = text(server, kAll);

  REQUIRE(pipe_mail(server.database(), "support", mail_fixture("auto_reply.eml")) == 0);
  CHECK(wait_for_value(server.database(), "SELECT COUNT(*) FROM mail_set_aside", 1) == 1);
  CHECK(text(server, "SELECT reason FROM mail_set_aside") ==
        "auto_reply: Auto-Submitted: auto-replied");
  REQUIRE(pipe_mail(server.database(), "support", mail_fixture("bounce.eml")) == 0);
  CHECK(wait_for_value(server.database(), "SELECT COUNT(*) FROM mail_set_aside", 2) == 2);
  CHECK(text(server, "SELECT reason FROM mail_bounces WHERE address = 'gone@example.org'") ==
        "bounced (5.1.1)");
  CHECK(text(server, kAll) == before);
  CHECK_FALSE(agent->quiet_for(300).has_value());

  // One sender's twenty-first message within the hour is a loop.
  for (int i = 1; i <= 21; ++i) {
    const std::string message =
        "From: robot@example.org\r\nTo: support@tea.example\r\nSubject: "
        "Ticket " +
        std::to_string(i) + "\r\nMessage-ID: <loop-" + std::to_string(i) +
        "@example.org>\r\n\r\nYour ticket was received.\r\n";
    REQUIRE(pipe_mail(server.database(), "support", message) == 0);
  }
  CHECK(wait_for_value(server.database(), "SELECT COUNT(*) FROM mail_inbox", 0) == 0);
  CHECK(count(server, "SELECT COUNT(*) FROM mail_threads WHERE address = 'robot@example.org'") ==
        20);
  CHECK(count(server, "SELECT COUNT(*) FROM mail_set_aside WHERE reason = 'loop'") == 1);
}

TEST_CASE("kefu mail receive refuses bad input and nothing changes", "[integration][mail]") {
  TestServer server;
  const auto admin = log_in(server.port(), "admin", "admin-demo-pass");
  REQUIRE(add_mailbox(server, admin, mailbox_body()).status == 201);
  const std::string before = text(server, kAll);

  CHECK(pipe_mail(server.database(), "support", mail_fixture("no_sender.eml")) == 65);
  CHECK(pipe_mail(server.database(), "support", mail_fixture("no_boundary.eml")) == 65);
  CHECK(pipe_mail(server.database(), "support", "") == 65);
  // 30 MB.
  std::string huge = "From: a@example.com\r\nSubject: big\r\n\r\n";
  huge += std::string(30u * 1024 * 1024, 'x');
  CHECK(pipe_mail(server.database(), "support", huge) == 65);
  // A message bomb: multiparts nested far deeper than any mail.
  std::string bomb = "From: a@example.com\r\nSubject: bomb\r\nMIME-Version: 1.0\r\n";
  for (int i = 0; i < 2000; ++i) {
    bomb += "Content-Type: multipart/mixed; boundary=\"b" + std::to_string(i) + "\"\r\n\r\n--b" +
            std::to_string(i) + "\r\n";
  }
  bomb += "Content-Type: text/plain\r\n\r\nboom\r\n";
  CHECK(pipe_mail(server.database(), "support", bomb) == 65);
  CHECK(pipe_mail(server.database(), "nosuchbox", mail_fixture("alternative.eml")) == 67);
  CHECK(text(server, kAll) == before);
  CHECK(count(server, "SELECT COUNT(*) FROM mail_set_aside") == 0);
}

TEST_CASE("an e-mail ticket waits for an agent however long, across a restart",
          "[integration][mail]") {
  TestServer server({"--abandon-grace", "1"});
  const auto admin = log_in(server.port(), "admin", "admin-demo-pass");
  REQUIRE(add_mailbox(server, admin, mailbox_body()).status == 201);
  REQUIRE(pipe_mail(server.database(), "support", mail_fixture("alternative.eml")) == 0);
  REQUIRE(wait_for_value(server.database(), "SELECT COUNT(*) FROM mail_threads", 1) == 1);
  const std::string ticket = "SELECT status FROM conversations WHERE channel = 'email'";
  // A chat whose customer left after the ticket came is abandoned after the ticket's grace would
  // have ended: once it is, the ticket has outlasted that grace.
  abandoned_chat(server);
  CHECK(text(server, ticket) == "queued");
  server.stop();
  server.start();
  abandoned_chat(server);
  CHECK(text(server, ticket) == "queued");
  CHECK(count(server,
              "SELECT COUNT(*) FROM events WHERE type = 'conversation_abandoned' AND "
              "conversation_id IN (SELECT id FROM conversations WHERE channel = 'email')") == 0);
  // An agent who comes online gets it.
  auto agent = WsClient::staff(server.port(), server.origin(),
                               log_in(server.port(), "wei", "wei-demo-pass"));
  CHECK(agent->next_of_type("conversation", 10000).at("conversation").at("status") == "assigned");
}
