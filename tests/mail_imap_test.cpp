#include <SQLiteCpp/Database.h>

#include <boost/json.hpp>
#include <catch2/catch.hpp>
#include <chrono>
#include <string>
#include <thread>

#include "tests/support/mail_servers.hpp"
#include "tests/support/test_client.hpp"
#include "tests/support/test_server.hpp"

// Inbound mail by IMAP (issue 25) against a real Dovecot on loopback: messages put into the
// shop's INBOX become tickets, are marked \Seen, and none is filed twice across restarts.

using namespace kefu::testing;
namespace json = boost::json;

namespace {

std::int64_t count(const TestServer& server, const std::string& sql) {
  SQLite::Database db(server.database(), SQLite::OPEN_READONLY);
  db.setBusyTimeout(1000);
  return db.execAndGet(sql).getInt64();
}

}  // namespace

TEST_CASE("mail put into the IMAP folder becomes tickets, none twice across restarts",
          "[integration][mail]") {
  ImapServer imap("shop", "imap-pass-7");
  TestServer server({"--mail-poll-ms", "200"});
  const auto admin = log_in(server.port(), "admin", "admin-demo-pass");
  json::object body{{"name", "support"},
                    {"address", "support@tea.example"},
                    {"queue", "tickets"},
                    {"security", "none"},
                    {"smtp_url", "smtp://127.0.0.1:9"},
                    {"imap_url", "imap://127.0.0.1:" + std::to_string(imap.port())},
                    {"login", "shop"},
                    {"password", "imap-pass-7"}};
  REQUIRE(http_request(server.port(), "POST", "/api/admin/mailboxes", json::serialize(body),
                       {{"Cookie", "kefu_session=" + admin}, {"Origin", server.origin()}})
              .status == 201);
  auto agent = WsClient::staff(server.port(), server.origin(),
                               log_in(server.port(), "wei", "wei-demo-pass"));
  agent->next_of_type("welcome");

  imap.deliver(mail_fixture("big5_qp.eml"));
  imap.deliver(mail_fixture("gb18030_base64.eml"));
  auto first = agent->next_of_type("conversation", 10000).at("conversation");
  auto second = agent->next_of_type("conversation", 10000).at("conversation");
  CHECK(first.at("subject") == "退貨申請");
  CHECK(second.at("subject") == "印刷错误");
  CHECK(wait_for_value(server.database(), "SELECT COUNT(*) FROM mail_inbox", 0) == 0);
  // Kefu marked them \Seen in the folder.
  for (int i = 0; i < 50 && imap.client("unseen").find_first_of("0123456789") != std::string::npos;
       ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  CHECK(imap.client("unseen").find_first_of("0123456789") == std::string::npos);
  CHECK(count(server, "SELECT COUNT(*) FROM mail_imap_taken WHERE kept = 1") == 2);

  // A restart polls the folder again: nothing is filed twice; a new message is.
  agent.reset();
  server.stop();
  server.start();
  // The new message is filed by the same poll as any old one filed twice, or a later one.
  imap.deliver(mail_fixture("gbk_base64.eml"));
  CHECK(wait_for_value(server.database(), "SELECT COUNT(*) FROM mail_imap_taken WHERE kept = 1",
                       3) == 3);
  CHECK(wait_for_value(server.database(), "SELECT COUNT(*) FROM mail_inbox", 0) == 0);
  CHECK(count(server, "SELECT COUNT(*) FROM conversations") == 3);
  CHECK(count(server, "SELECT COUNT(*) FROM messages") == 3);
  CHECK(imap.client("count").find('3') == 0);
}

TEST_CASE("an IMAP server refusing the login files nothing and keeps the mail for later",
          "[integration][mail]") {
  ImapServer imap("shop", "imap-pass-7");
  TestServer server({"--mail-poll-ms", "200"});
  const auto admin = log_in(server.port(), "admin", "admin-demo-pass");
  json::object body{{"name", "support"},
                    {"address", "support@tea.example"},
                    {"queue", "tickets"},
                    {"security", "none"},
                    {"smtp_url", "smtp://127.0.0.1:9"},
                    {"imap_url", "imap://127.0.0.1:" + std::to_string(imap.port())},
                    {"login", "shop"},
                    {"password", "wrong-password"}};
  REQUIRE(http_request(server.port(), "POST", "/api/admin/mailboxes", json::serialize(body),
                       {{"Cookie", "kefu_session=" + admin}, {"Origin", server.origin()}})
              .status == 201);
  imap.deliver(mail_fixture("big5_qp.eml"));
  // A poll refused once the mail was there (Dovecot answers each refusal seconds later, more
  // with each one).
  REQUIRE(imap.wait_for_refused_logins(imap.refused_logins() + 1, 30000));
  CHECK(count(server, "SELECT COUNT(*) FROM conversations") == 0);
  CHECK(count(server, "SELECT COUNT(*) FROM mail_imap_taken") == 0);
  CHECK(imap.client("unseen").find('1') != std::string::npos);
}

TEST_CASE("a customer's mail, the agent's reply and the customer's answer make one thread",
          "[integration][mail]") {
  ImapServer imap("shop", "imap-pass-7");
  SmtpSink smtp;
  TestServer server({"--mail-poll-ms", "200"});
  const auto admin = log_in(server.port(), "admin", "admin-demo-pass");
  json::object body{{"name", "support"},
                    {"address", "support@tea.example"},
                    {"display_name", "Tea Shop"},
                    {"queue", "tickets"},
                    {"security", "none"},
                    {"smtp_url", "smtp://127.0.0.1:" + std::to_string(smtp.port())},
                    {"imap_url", "imap://127.0.0.1:" + std::to_string(imap.port())},
                    {"login", "shop"},
                    {"password", "imap-pass-7"}};
  REQUIRE(http_request(server.port(), "POST", "/api/admin/mailboxes", json::serialize(body),
                       {{"Cookie", "kefu_session=" + admin}, {"Origin", server.origin()}})
              .status == 201);
  auto agent = WsClient::staff(server.port(), server.origin(),
                               log_in(server.port(), "wei", "wei-demo-pass"));
  agent->next_of_type("welcome");

  // Big5 mail in; the agent answers.
  imap.deliver(mail_fixture("big5_qp.eml"));
  const auto id = agent->next_of_type("conversation", 10000).at("conversation").at("id").as_int64();
  REQUIRE(wait_for_value(server.database(), "SELECT COUNT(*) FROM mail_threads", 1) == 1);
  agent->send_json(json::object{{"type", "message"},
                                {"client_id", "a-1"},
                                {"conversation_id", id},
                                {"text", "您好，我们会寄一罐新的。"}});
  auto sent = smtp.messages(1);
  REQUIRE(sent.size() == 1);
  const auto at = sent[0].find("Message-Id: <");
  REQUIRE(at != std::string::npos);
  const std::string reply_id =
      sent[0].substr(at + 12, sent[0].find('>', at) - at - 11);  // with the angle brackets
  CHECK(sent[0].find("In-Reply-To: <big5-1@example.tw>") != std::string::npos);

  // The customer's answer threads back; an out-of-office reply to Kefu's mail does not, and
  // nothing answers it.
  imap.deliver(
      "From: Chen Wei <chen.wei@example.tw>\r\nTo: support@tea.example\r\nSubject: "
      "Re: ok\r\nMessage-ID: <big5-2@example.tw>\r\nIn-Reply-To: " +
      reply_id + "\r\n\r\nThank you!\r\n");
  auto answer = agent->next_of_type("message", 10000);
  CHECK(answer.at("conversation_id").as_int64() == id);
  CHECK(answer.at("text") == "Thank you!");
  imap.deliver(
      "From: chen.wei@example.tw\r\nTo: support@tea.example\r\nSubject: Away\r\n"
      "Auto-Submitted: auto-replied\r\nIn-Reply-To: " +
      reply_id + "\r\n\r\nI am on holiday.\r\n");
  CHECK(wait_for_value(server.database(), "SELECT COUNT(*) FROM mail_set_aside", 1) == 1);
  CHECK(count(server,
              "SELECT COUNT(*) FROM messages WHERE conversation_id = " + std::to_string(id)) == 3);
  CHECK(count(server, "SELECT COUNT(*) FROM conversations") == 1);
  CHECK(smtp.messages(2, 1000).size() == 1);
}

TEST_CASE(
    "malformed mail and a message bomb in the IMAP folder are set aside whole, the rest filed",
    "[integration][mail]") {
  ImapServer imap("shop", "imap-pass-7");
  TestServer server({"--mail-poll-ms", "200"});
  const auto admin = log_in(server.port(), "admin", "admin-demo-pass");
  json::object body{{"name", "support"},
                    {"address", "support@tea.example"},
                    {"queue", "tickets"},
                    {"security", "none"},
                    {"smtp_url", "smtp://127.0.0.1:9"},
                    {"imap_url", "imap://127.0.0.1:" + std::to_string(imap.port())},
                    {"login", "shop"},
                    {"password", "imap-pass-7"}};
  REQUIRE(http_request(server.port(), "POST", "/api/admin/mailboxes", json::serialize(body),
                       {{"Cookie", "kefu_session=" + admin}, {"Origin", server.origin()}})
              .status == 201);
  std::string bomb = "From: a@example.com\r\nSubject: bomb\r\nMIME-Version: 1.0\r\n";
  for (int i = 0; i < 2000; ++i) {
    bomb += "Content-Type: multipart/mixed; boundary=\"b" + std::to_string(i) + "\"\r\n\r\n--b" +
            std::to_string(i) + "\r\n";
  }
  bomb += "Content-Type: text/plain\r\n\r\nboom\r\n";
  imap.deliver(mail_fixture("no_boundary.eml"));
  imap.deliver(bomb);
  imap.deliver(mail_fixture("big5_qp.eml"));

  // The readable one is filed behind them; the other two are refused, nothing of them filed.
  CHECK(wait_for_value(server.database(), "SELECT COUNT(*) FROM conversations", 1) == 1);
  CHECK(wait_for_value(server.database(), "SELECT COUNT(*) FROM mail_set_aside", 2) == 2);
  CHECK(count(server,
              "SELECT COUNT(*) FROM mail_set_aside WHERE reason = 'unreadable: malformed'") == 2);
  CHECK(count(server, "SELECT COUNT(*) FROM messages") == 1);
  // The readable one leaves the inbox with its filing recorded, just after its conversation.
  CHECK(wait_for_value(server.database(), "SELECT COUNT(*) FROM mail_inbox", 0) == 0);
  // Nothing is lost: each is kept whole beside its reason, and stays in the shop's folder.
  CHECK(count(server,
              "SELECT COUNT(*) FROM mail_set_aside WHERE instr(CAST(raw AS TEXT), "
              "'Subject: bomb') > 0 AND length(raw) >= " +
                  std::to_string(bomb.size()) + "") == 1);
  CHECK(count(server, "SELECT COUNT(*) FROM mail_set_aside WHERE raw IS NULL OR length(raw) = 0") ==
        0);
  CHECK(imap.client("count").find('3') == 0);
}
