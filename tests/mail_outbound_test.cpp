#include <SQLiteCpp/Database.h>

#include <boost/json.hpp>
#include <catch2/catch.hpp>
#include <chrono>
#include <string>
#include <thread>

#include "tests/support/mail_servers.hpp"
#include "tests/support/test_client.hpp"
#include "tests/support/test_server.hpp"

// The e-mail channel's outbound side (issue 25): an agent's reply leaves by SMTP to a real
// aiosmtpd on loopback, threaded, with plain and HTML parts; retried; never sent twice.

using namespace kefu::testing;
namespace json = boost::json;

namespace {

std::int64_t count(const TestServer& server, const std::string& sql) {
  SQLite::Database db(server.database(), SQLite::OPEN_READONLY);
  db.setBusyTimeout(1000);
  return db.execAndGet(sql).getInt64();
}

std::string text_of(const TestServer& server, const std::string& sql) {
  SQLite::Database db(server.database(), SQLite::OPEN_READONLY);
  db.setBusyTimeout(1000);
  return db.execAndGet(sql).getString();
}

std::map<std::string, std::string> as(const TestServer& server, const std::string& cookie) {
  return {{"Cookie", "kefu_session=" + cookie}, {"Origin", server.origin()}};
}

// A mailbox sending through `smtp` with `security` (and a login when given).
void connect_mailbox(const TestServer& server, unsigned short smtp, const std::string& security,
                     const std::string& login = "", const std::string& password = "") {
  const auto admin = log_in(server.port(), "admin", "admin-demo-pass");
  json::object body{
      {"name", "support"},          {"address", "support@tea.example"},
      {"display_name", "Tea Shop"}, {"queue", "tickets"},
      {"security", security},       {"smtp_url", "smtp://127.0.0.1:" + std::to_string(smtp)}};
  if (!login.empty()) {
    body["login"] = login;
    body["password"] = password;
  }
  auto added = http_request(server.port(), "POST", "/api/admin/mailboxes", json::serialize(body),
                            as(server, admin));
  REQUIRE(added.status == 201);
}

// The agent's next mail_delivery frame in `state` (skipping earlier states).
json::value delivery_in(WsClient& agent, const std::string& state, int timeout_ms = 15000) {
  for (;;) {
    auto frame = agent.next_of_type("mail_delivery", timeout_ms);
    if (frame.at("state").as_string() == state) return frame;
  }
}

// A header's value (its name matched without regard to case, as RFC 5322 asks).
std::string header_value(const std::string& message, const std::string& name) {
  auto lower = [](std::string s) {
    for (auto& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return s;
  };
  const auto at = lower(message).find("\r\n" + lower(name) + ": ");
  if (at == std::string::npos) return {};
  const auto start = at + name.size() + 4;
  return message.substr(start, message.find("\r\n", start) - start);
}

// A mail arrives from Ann, the agent wei gets its ticket and replies with `text`.
std::int64_t ticket_answered(const TestServer& server, WsClient& agent, const std::string& text) {
  REQUIRE(pipe_mail(server.database(), "support", mail_fixture("alternative.eml")) == 0);
  const auto id = agent.next_of_type("conversation", 10000).at("conversation").at("id").as_int64();
  REQUIRE(wait_for_value(server.database(), "SELECT COUNT(*) FROM mail_threads", 1) == 1);
  agent.send_json(json::object{
      {"type", "message"}, {"client_id", "reply-1"}, {"conversation_id", id}, {"text", text}});
  agent.next_of_type("ack");
  return id;
}

}  // namespace

TEST_CASE("an agent's reply goes out by SMTP threaded under the customer's mail",
          "[integration][mail]") {
  SmtpSink smtp;
  TestServer server;
  connect_mailbox(server, smtp.port(), "none");
  const auto cookie = log_in(server.port(), "wei", "wei-demo-pass");
  auto agent = WsClient::staff(server.port(), server.origin(), cookie);
  agent->next_of_type("welcome");
  const auto id = ticket_answered(server, *agent, "Sorry, Ann <b>refund</b> & \"fee\" sent.\nWei");

  auto sent = smtp.messages(1);
  REQUIRE(sent.size() == 1);
  const std::string& m = sent[0];
  CHECK(smtp.recipients(1) == "ann@example.com");
  CHECK(header_value(m, "From") == "Tea Shop <support@tea.example>");
  CHECK(header_value(m, "To") == "ann@example.com");
  const std::string reply_to = header_value(m, "Reply-To");
  CHECK(reply_to.rfind("Tea Shop <support+kf-", 0) == 0);
  CHECK(header_value(m, "In-Reply-To") == "<alt-1@example.com>");
  CHECK(header_value(m, "References") == "<alt-1@example.com>");
  const std::string subject = header_value(m, "Subject");
  CHECK(subject.rfind("Re: Late parcel [kf-", 0) == 0);
  CHECK(m.find("multipart/alternative") != std::string::npos);
  CHECK(m.find("Content-Type: text/plain") != std::string::npos);
  CHECK(m.find("Content-Type: text/html") != std::string::npos);
  // The HTML part is the text escaped: the agent's words are never markup.
  CHECK(m.find("&lt;b&gt;refund&lt;/b&gt; &amp; &quot;fee&quot; sent.<br>") != std::string::npos);
  CHECK(m.find("<b>refund</b>") != std::string::npos);  // in the plain part, as typed
  const std::string message_id = header_value(m, "Message-ID");
  REQUIRE(message_id.size() > 2);

  // The agent sees it sent, and where it went.
  CHECK(delivery_in(*agent, "sent").at("conversation_id").as_int64() == id);
  auto how = http_request(server.port(), "GET", "/api/mail/conversations/" + std::to_string(id), "",
                          as(server, cookie));
  REQUIRE(how.status == 200);
  auto answer = json::parse(how.body);
  CHECK(answer.at("address") == "ann@example.com");
  CHECK(answer.at("replies").at(0).at("state") == "sent");
  // Another agent may not read it.
  const auto bob = log_in(server.port(), "bob", "bob-demo-pass");
  CHECK(http_request(server.port(), "GET", "/api/mail/conversations/" + std::to_string(id), "",
                     as(server, bob))
            .status == 404);

  // The customer answers the reply: it threads back into the same conversation.
  const std::string back = "From: ann@example.com\r\nTo: " + reply_to.substr(10) +
                           "\r\nSubject: " + subject +
                           "\r\nMessage-ID: <alt-9@example.com>\r\n"
                           "In-Reply-To: " +
                           message_id + "\r\n\r\nThanks, got it.\r\n";
  REQUIRE(pipe_mail(server.database(), "support", back) == 0);
  auto message = agent->next_of_type("message", 10000);
  CHECK(message.at("conversation_id").as_int64() == id);
  CHECK(message.at("text") == "Thanks, got it.");
  CHECK(count(server, "SELECT COUNT(*) FROM conversations") == 1);
  // Only the agent's words leave: the customer's answer is not mailed back.
  CHECK(smtp.messages(2, 1000).size() == 1);
}

TEST_CASE("replies go out over STARTTLS with a self-signed certificate and a login",
          "[integration][mail]") {
  SelfSignedCertificate certificate;
  SmtpSink smtp(SmtpSink::Options{&certificate, "shop:mail-pass-1", 0, 0});
  TestServer server({"--mail-ca-file", certificate.cert});
  connect_mailbox(server, smtp.port(), "starttls", "shop", "mail-pass-1");
  auto agent = WsClient::staff(server.port(), server.origin(),
                               log_in(server.port(), "wei", "wei-demo-pass"));
  agent->next_of_type("welcome");
  ticket_answered(server, *agent, "Over TLS.");
  auto sent = smtp.messages(1);
  REQUIRE(sent.size() == 1);
  CHECK(sent[0].find("Over TLS.") != std::string::npos);
  delivery_in(*agent, "sent");
}

TEST_CASE("a reply refused for a while is retried and the agent sees each state",
          "[integration][mail]") {
  SmtpSink smtp(SmtpSink::Options{nullptr, "", 1, 0});
  TestServer server({"--mail-retry-ms", "300"});
  connect_mailbox(server, smtp.port(), "none");
  auto agent = WsClient::staff(server.port(), server.origin(),
                               log_in(server.port(), "wei", "wei-demo-pass"));
  agent->next_of_type("welcome");
  ticket_answered(server, *agent, "Second time lucky.");
  auto deferred = agent->next_of_type("mail_delivery", 10000);
  while (deferred.at("error") == "") deferred = agent->next_of_type("mail_delivery", 10000);
  CHECK(deferred.at("state") == "queued");
  CHECK(std::string(deferred.at("error").as_string()).find("deferred") == 0);
  CHECK(delivery_in(*agent, "sent").at("attempts") == 2);
  CHECK(smtp.messages(1).size() == 1);
}

TEST_CASE("a line break in a subject cannot add a header to a reply", "[integration][mail]") {
  SmtpSink smtp;
  TestServer server;
  connect_mailbox(server, smtp.port(), "none");
  auto agent = WsClient::staff(server.port(), server.origin(),
                               log_in(server.port(), "wei", "wei-demo-pass"));
  agent->next_of_type("welcome");
  // "Hi\r\nBcc: evil@example.net" encoded (RFC 2047), so that it decodes with the line break.
  const std::string sneaky =
      "From: ann@example.com\r\nTo: support@tea.example\r\nSubject: "
      "=?utf-8?B?SGkNCkJjYzogZXZpbEBleGFtcGxlLm5ldA==?=\r\n\r\nHello\r\n";
  REQUIRE(pipe_mail(server.database(), "support", sneaky) == 0);
  const auto id = agent->next_of_type("conversation", 10000).at("conversation").at("id").as_int64();
  agent->send_json(json::object{
      {"type", "message"}, {"client_id", "r-1"}, {"conversation_id", id}, {"text", "Hello"}});
  auto sent = smtp.messages(1);
  REQUIRE(sent.size() == 1);
  CHECK(sent[0].find("\r\nBcc:") == std::string::npos);
  CHECK(smtp.recipients(1) == "ann@example.com");
  CHECK(header_value(sent[0], "Subject").find("Bcc: evil@example.net") != std::string::npos);
}

TEST_CASE("a reply the server stopped during is never sent twice", "[integration][mail]") {
  SmtpSink smtp(SmtpSink::Options{nullptr, "", 0, 3.0});
  TestServer server;
  connect_mailbox(server, smtp.port(), "none");
  auto agent = WsClient::staff(server.port(), server.origin(),
                               log_in(server.port(), "wei", "wei-demo-pass"));
  agent->next_of_type("welcome");
  const auto id = ticket_answered(server, *agent, "Once only.");
  // The SMTP server has the message but has not answered yet when the server dies.
  REQUIRE(smtp.messages(1).size() == 1);
  REQUIRE(count(server, "SELECT COUNT(*) FROM mail_outbox WHERE state = 'sending'") == 1);
  agent.reset();
  server.crash();
  server.start();
  CHECK(wait_for_text(server.database(), "SELECT state FROM mail_outbox", "uncertain") ==
        "uncertain");
  // Not sent again by itself (a copy would be in the sink at once; the count after the explicit
  // send-again below would show it too).
  CHECK(smtp.messages(2, 100).size() == 1);
  // The agent sees that it may not have arrived.
  const auto cookie = log_in(server.port(), "sam", "sam-demo-pass");
  auto how = http_request(server.port(), "GET", "/api/mail/conversations/" + std::to_string(id), "",
                          as(server, cookie));
  REQUIRE(how.status == 200);
  CHECK(json::parse(how.body).at("replies").at(0).at("state") == "uncertain");

  // Sending it again is an explicit decision of the conversation's staff, logged first.
  const std::string again =
      "/api/mail/conversations/" + std::to_string(id) + "/replies/" +
      std::to_string(json::parse(how.body).at("replies").at(0).at("seq").as_int64()) +
      "/send-again";
  const auto bob = log_in(server.port(), "bob", "bob-demo-pass");
  CHECK(http_request(server.port(), "POST", again, "", as(server, bob)).status == 404);
  CHECK(http_request(server.port(), "POST", again, "",
                     {{"Cookie", "kefu_session=" + cookie}, {"Origin", "http://evil.example"}})
            .status == 403);  // a cross-site write
  CHECK(http_request(server.port(), "POST",
                     "/api/mail/conversations/" + std::to_string(id) + "/replies/999/send-again",
                     "", as(server, cookie))
            .status == 404);
  CHECK(count(server, "SELECT COUNT(*) FROM events WHERE type = 'mail_sent_again'") == 0);
  CHECK(text_of(server, "SELECT state FROM mail_outbox") == "uncertain");
  CHECK(smtp.messages(2, 100).size() == 1);

  auto resent = http_request(server.port(), "POST", again, "", as(server, cookie));
  REQUIRE(resent.status == 200);
  CHECK(json::parse(resent.body).at("state") == "queued");
  CHECK(count(server,
              "SELECT COUNT(*) FROM events WHERE type = 'mail_sent_again' AND agent_id = (SELECT "
              "id FROM users WHERE login = 'sam')") == 1);
  CHECK(smtp.messages(2).size() == 2);  // the same message (same Message-ID) once more
  CHECK(wait_for_text(server.database(), "SELECT state FROM mail_outbox", "sent") == "sent");
  auto twice = http_request(server.port(), "POST", again, "", as(server, cookie));
  CHECK(twice.status == 409);
  CHECK(twice.body.find("\"not_uncertain\"") != std::string::npos);
  CHECK(count(server, "SELECT COUNT(*) FROM events WHERE type = 'mail_sent_again'") == 1);
  std::this_thread::sleep_for(std::chrono::seconds(1));
  CHECK(smtp.messages(3, 100).size() == 2);
}

TEST_CASE("the answer to a ticket from the widget's form reaches its address by mail",
          "[integration][mail]") {
  SmtpSink smtp;
  TestServer server;
  connect_mailbox(server, smtp.port(), "none");
  auto agent = WsClient::staff(server.port(), server.origin(),
                               log_in(server.port(), "wei", "wei-demo-pass"));
  agent->next_of_type("welcome");
  const std::string token = new_visitor(server.port());
  auto ticket = http_request(server.port(), "POST", "/api/tickets",
                             json::serialize(json::object{{"subject", "Dented tin"},
                                                          {"text", "My tin arrived dented."},
                                                          {"email", "Mei.Lin@Example.com"}}),
                             {{"Authorization", "Bearer " + token}, {"Origin", server.origin()}});
  REQUIRE(ticket.status == 201);
  const auto id = json::parse(ticket.body).at("conversation_id").as_int64();
  const auto opened = agent->next_of_type("conversation", 10000).at("conversation");
  CHECK(opened.at("id").as_int64() == id);
  CHECK(opened.at("channel") == "email");  // answered by mail: the e-mail channel
  REQUIRE(wait_for_value(server.database(), "SELECT COUNT(*) FROM mail_threads", 1) == 1);
  agent->send_json(json::object{{"type", "message"},
                                {"client_id", "form-1"},
                                {"conversation_id", id},
                                {"text", "We are sending a new tin."}});
  auto sent = smtp.messages(1);
  REQUIRE(sent.size() == 1);
  CHECK(smtp.recipients(1) == "Mei.Lin@Example.com");
  CHECK(header_value(sent[0], "Subject").rfind("Re: Dented tin [kf-", 0) == 0);
  CHECK(sent[0].find("We are sending a new tin.") != std::string::npos);
  CHECK(delivery_in(*agent, "sent").at("conversation_id").as_int64() == id);
}

TEST_CASE("a reply carries the files the agent attached, beside its text and HTML parts",
          "[integration][mail]") {
  SmtpSink smtp;
  TestServer server;
  connect_mailbox(server, smtp.port(), "none");
  const auto cookie = log_in(server.port(), "wei", "wei-demo-pass");
  auto agent = WsClient::staff(server.port(), server.origin(), cookie);
  agent->next_of_type("welcome");
  REQUIRE(pipe_mail(server.database(), "support", mail_fixture("alternative.eml")) == 0);
  const auto id = agent->next_of_type("conversation", 10000).at("conversation").at("id").as_int64();
  REQUIRE(wait_for_value(server.database(), "SELECT COUNT(*) FROM mail_threads", 1) == 1);
  auto headers = as(server, cookie);
  headers["Content-Type"] = "application/pdf";
  auto upload =
      http_request(server.port(), "POST",
                   "/api/conversations/" + std::to_string(id) + "/attachments?name=receipt.pdf",
                   "%PDF-1.4\n% the receipt\n", headers);
  REQUIRE(upload.status == 201);
  agent->send_json(json::object{{"type", "message"},
                                {"client_id", "with-file"},
                                {"conversation_id", id},
                                {"text", "Your receipt is attached."}});
  agent->next_of_type("ack");
  auto sent = smtp.messages(1);
  REQUIRE(sent.size() == 1);
  const std::string& m = sent[0];
  CHECK(header_value(m, "Content-Type").rfind("multipart/mixed", 0) == 0);
  CHECK(m.find("multipart/alternative") != std::string::npos);
  CHECK(m.find("Content-Type: text/plain") != std::string::npos);
  CHECK(m.find("Content-Type: text/html") != std::string::npos);
  CHECK(m.find("Content-Type: application/pdf") != std::string::npos);
  CHECK(m.find("Content-Disposition: attachment; filename=receipt.pdf") != std::string::npos);
  CHECK(m.find("Content-Transfer-Encoding: base64") != std::string::npos);
  CHECK(m.find("JVBERi0xLjQKJSB0aGUgcmVjZWlwdAo=") != std::string::npos);  // the bytes

  // The next reply carries only what was attached after the one before.
  agent->send_json(json::object{
      {"type", "message"}, {"client_id", "no-file"}, {"conversation_id", id}, {"text", "Bye."}});
  agent->next_of_type("ack");
  auto both = smtp.messages(2);
  REQUIRE(both.size() == 2);
  CHECK(both[1].find("multipart/mixed") == std::string::npos);
  CHECK(both[1].find("JVBERi0xLjQ") == std::string::npos);
}
