
#include <boost/json.hpp>
#include <catch2/catch.hpp>
#include <chrono>
#include <thread>

#include "tests/support/floor_helpers.hpp"
#include "tests/support/mail_servers.hpp"
#include "tests/support/shop_signature.hpp"
#include "tests/support/test_client.hpp"
#include "tests/support/test_server.hpp"

// A care rule's e-mail (issue 23, email_customer) through the real `kefu serve` and a real SMTP
// server (aiosmtpd on loopback): the rule is refused when its mail is incomplete, the mail
// leaves once through the e-mail channel's outbox, and restarts (one while it waits for a retry)
// never send it again.

using namespace kefu::testing;
namespace json = boost::json;

namespace {

const std::string kSecret = "care-mail-secret";

std::string rows(const TestServer& server, const std::string& sql) {
  return stored_text(server, sql);
}

bool eventually(const TestServer& server, const std::string& sql, const std::string& expected) {
  for (int i = 0; i < 150; ++i) {
    if (rows(server, sql) == expected) return true;
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  return false;
}

std::map<std::string, std::string> as(const TestServer& server, const std::string& cookie) {
  return {{"Cookie", "kefu_session=" + cookie}, {"Origin", server.origin()}};
}

// A rule that mails the customer as soon as an order is delivered, at any hour.
json::object mail_rule() {
  return json::parse(R"j({"name":"Thank by mail","enabled":true,"trigger":"order_delivered",
    "caps":{"quiet_hours":false,"contact_cap":false},
    "actions":[{"type":"email_customer","subject":{"en":"Thank you for {order}"},
                "text":{"en":"Dear {customer}, enjoy your {items}."}}]})j")
      .as_object();
}

void send_order(const TestServer& server, const std::string& id) {
  json::object order{
      {"id", std::stoll(id)},
      {"name", "#" + id},
      {"email", "mei" + id + "@example.com"},
      {"created_at", "2026-11-20T10:00:00Z"},
      {"total_price", "96.00"},
      {"currency", "CNY"},
      {"financial_status", "paid"},
      {"fulfillment_status", "fulfilled"},
      {"customer", {{"id", 78000 + std::stoll(id)}, {"first_name", "Mei"}, {"last_name", "Lin"}}},
      {"line_items", json::array{{{"title", "Longjing tea"}, {"quantity", 2}, {"price", "48.00"}}}},
      {"fulfillments", json::array{{{"status", "delivered"}}}}};
  const std::string body = json::serialize(order);
  const auto r = http_request(server.port(), "POST", "/api/shop/orders", body,
                              {{"X-Shopify-Hmac-Sha256", shopify_signature(body, kSecret)},
                               {"Content-Type", "application/json"}});
  REQUIRE(r.status == 200);
}

std::string header_value(const std::string& message, const std::string& name) {
  const auto at = message.find("\r\n" + name + ": ");
  if (at == std::string::npos) return {};
  const auto start = at + name.size() + 4;
  return message.substr(start, message.find("\r\n", start) - start);
}

}  // namespace

TEST_CASE("a care rule's e-mail leaves by SMTP once, even across restarts",
          "[integration][care][mail]") {
  SmtpSink smtp(SmtpSink::Options{nullptr, "", 1, 0});  // the first attempt is answered 451
  TestServer server({"--shop-secret", kSecret, "--mail-retry-ms", "2000"});
  const auto admin = log_in(server.port(), "admin", "admin-demo-pass");
  const json::object mailbox{{"name", "support"},
                             {"address", "support@tea.example"},
                             {"display_name", "Tea Shop"},
                             {"queue", "tickets"},
                             {"security", "none"},
                             {"smtp_url", "smtp://127.0.0.1:" + std::to_string(smtp.port())}};
  REQUIRE(http_request(server.port(), "POST", "/api/admin/mailboxes", json::serialize(mailbox),
                       as(server, admin))
              .status == 201);

  // An e-mail action without its subject, or two of them, is refused; nothing is stored.
  const std::string before = rows(server, "SELECT COUNT(*) || ':' || MAX(id) FROM care_rules");
  auto refused = [&](json::object rule) {
    const auto r = http_request(server.port(), "POST", "/api/admin/rules", json::serialize(rule),
                                as(server, admin));
    CHECK(r.status == 400);
    CHECK(json::parse(r.body).at("error").as_string() == "invalid_action");
    CHECK(rows(server, "SELECT COUNT(*) || ':' || MAX(id) FROM care_rules") == before);
  };
  auto no_subject = mail_rule();
  no_subject["actions"].as_array()[0].as_object().erase("subject");
  refused(no_subject);
  auto twice = mail_rule();
  twice["actions"].as_array().push_back(twice["actions"].as_array()[0]);
  refused(twice);

  REQUIRE(http_request(server.port(), "POST", "/api/admin/rules", json::serialize(mail_rule()),
                       as(server, admin))
              .status == 201);
  send_order(server, "6101");
  // Queued with the job done, refused once by the SMTP server, waiting for its retry ...
  REQUIRE(eventually(server, "SELECT COUNT(*) FROM care_jobs WHERE status = 'done'", "1"));
  REQUIRE(eventually(server, "SELECT state || attempts FROM mail_outbox", "queued1"));
  // ... when the server restarts.
  server.stop();
  server.start();
  const auto sent = smtp.messages(1, 20000);
  REQUIRE(sent.size() == 1);
  CHECK(smtp.recipients(1) == "mei6101@example.com");
  CHECK(header_value(sent[0], "To") == "mei6101@example.com");
  CHECK(header_value(sent[0], "From") == "Tea Shop <support@tea.example>");
  CHECK(header_value(sent[0], "Subject") == "Thank you for #6101");
  CHECK(sent[0].find("Dear Mei Lin, enjoy your Longjing tea x 2.") != std::string::npos);
  REQUIRE(eventually(server, "SELECT state FROM mail_outbox", "sent"));

  // Sent: another restart and the same order again send nothing more.
  server.stop();
  server.start();
  send_order(server, "6101");
  // Another customer's order, sent after it, is read and mailed after it: once that mail is in,
  // a second mail for #6101 would have been queued, and sent, before it.
  send_order(server, "6102");
  const auto later = smtp.messages(2, 20000);
  REQUIRE(later.size() >= 2);
  REQUIRE(eventually(server, "SELECT COUNT(*) FROM mail_outbox WHERE state = 'sent'", "2"));
  CHECK(smtp.messages(3, 0).size() == 2);
  CHECK(smtp.recipients(2) == "mei6102@example.com");
  CHECK(rows(server, "SELECT COUNT(*) FROM mail_outbox") == "2");
  CHECK(rows(server, "SELECT COUNT(*) FROM care_jobs") == "2");
  CHECK(rows(server, "SELECT COUNT(*) FROM events WHERE type = 'care_action'") == "2");
}
