// A care rule's e-mail to the customer (issue 23, action email_customer) with a fake clock: in the
// customer's language, under the same opt-out, quiet hours and caps as a widget message, skipped
// with a reason without an address or a mailbox; on the real mail outbox, queued in the job's
// own transaction, once. Delivery by SMTP across a restart: care_email_rest_test.cpp.
#include <boost/json.hpp>
#include <catch2/catch.hpp>
#include <stdexcept>

#include "server/care/outbox_care_mailer.hpp"
#include "server/care/rule_json.hpp"
#include "server/care/sqlite_care_preferences.hpp"
#include "server/mail/mail_outbox_factory.hpp"
#include "tests/care_test_support.hpp"

using namespace kefu::care;
using namespace kefu::care::testing;

namespace {

// Keeps what the engine queues; `mailbox` says whether the shop has one to send from.
class RecordingMailer final : public CareMailer {
 public:
  bool ready() override { return mailbox; }
  std::string queue(const CareMail& mail) override {
    sent.push_back(mail);
    return "care-" + std::to_string(mail.job_id) + "@tea.example";
  }
  void forget(std::int64_t job_id) override { forgotten.push_back(job_id); }
  std::vector<std::int64_t> forgotten;
  bool mailbox = true;
  std::vector<CareMail> sent;
};

// Mails the customer at once when an order is delivered (a contact: quiet hours and caps on).
Rule email_rule() {
  Rule r;
  r.name = "Thank by mail";
  r.trigger = "order_delivered";
  Action a;
  a.type = "email_customer";
  a.subject = {{"en", "Thank you for {order}"}, {"zh-CN", "感谢您购买{order}"}};
  a.text = {{"en", "Dear {customer}, how is your {items}?"}, {"zh-CN", "{customer}您好"}};
  r.actions = {a};
  return r;
}

void prefer(CareWorld& w, std::int64_t customer, const std::string& columns,
            const std::string& values) {
  w.exec("INSERT INTO care_preferences(customer_id, " + columns + ", updated_at) VALUES (" +
         std::to_string(customer) + ", " + values + ", 0)");
}

}  // namespace

TEST_CASE("a care e-mail goes to the customer's address in their language, once per job") {
  CareWorld w;
  RecordingMailer mailer;
  w.engine.set_mailer(&mailer);
  w.rule(email_rule());
  const auto ann = w.order("3001", "ann", "paid", "fulfilled", true);
  const auto bo = w.order("3002", "bo", "paid", "fulfilled", true);
  prefer(w, bo, "locale", "'zh-CN'");
  w.tick();
  REQUIRE(mailer.sent.size() == 2);
  const auto& to_ann = mailer.sent[0].customer_id == ann ? mailer.sent[0] : mailer.sent[1];
  const auto& to_bo = mailer.sent[0].customer_id == bo ? mailer.sent[0] : mailer.sent[1];
  CHECK(to_ann.address == "ann@example.com");
  CHECK(to_ann.subject == "Thank you for #3001");
  CHECK(to_ann.text == "Dear Ann Lee, how is your Longjing tea x 2?");
  CHECK(to_bo.address == "bo@example.com");
  CHECK(to_bo.subject == "感谢您购买#3002");
  CHECK(to_ann.at == kStart);
  // Recorded as a contact done, with the mail's Message-ID in the log (not the address).
  CHECK(w.count("SELECT COUNT(*) FROM care_jobs WHERE status = 'done' AND contact = 1") == 2);
  CHECK(w.count("SELECT COUNT(*) FROM events WHERE type = 'care_action' AND data LIKE "
                "'%\"mail_message_id\":\"care-%'") == 2);
  CHECK(w.count("SELECT COUNT(*) FROM events WHERE data LIKE '%example.com%'") == 0);
  // The order delivered again: the rule reached this order already.
  w.order("3001", "ann", "paid", "fulfilled", true);
  w.pass(2 * kDay);
  CHECK(mailer.sent.size() == 2);
}

TEST_CASE("a customer without an address or a shop without a mailbox is skipped with the reason") {
  CareWorld w;
  RecordingMailer mailer;
  w.engine.set_mailer(&mailer);
  w.rule(email_rule());
  const auto ann = w.order("3101", "ann", "paid", "fulfilled", true);
  w.exec("DELETE FROM customer_identities WHERE kind = 'email' AND customer_id = " +
         std::to_string(ann));
  w.tick();
  CHECK(w.text("SELECT status || ':' || reason FROM care_jobs") == "skipped:no_email_address");
  CHECK(w.count("SELECT COUNT(*) FROM care_jobs WHERE contact = 1") == 0);
  mailer.mailbox = false;
  w.order("3102", "bo", "paid", "fulfilled", true);
  w.tick();
  CHECK(w.text("SELECT status || ':' || reason FROM care_jobs ORDER BY id DESC") ==
        "skipped:no_mailbox");
  CHECK(mailer.sent.empty());
  // No mailer at all (a care engine given none): the same reason.
  w.engine.set_mailer(nullptr);
  w.order("3103", "cy", "paid", "fulfilled", true);
  w.tick();
  CHECK(w.text("SELECT reason FROM care_jobs ORDER BY id DESC") == "no_mailbox");
}

TEST_CASE("a care e-mail keeps opt-out, quiet hours and the contact cap as a widget message does") {
  CareWorld w;
  RecordingMailer mailer;
  w.engine.set_mailer(&mailer);
  w.rule(email_rule());
  // Opted out: never mailed.
  const auto ann = w.order("3201", "ann", "paid", "fulfilled", false);
  prefer(w, ann, "opted_out", "1");
  w.order("3201", "ann", "paid", "fulfilled", true);
  w.tick();
  CHECK(w.text("SELECT reason FROM care_jobs") == "opted_out");
  // Delivered at 22:00 in Shanghai: mailed at 08:00 there, not in the night.
  const auto bo = w.order("3202", "bo", "paid", "fulfilled", false);
  prefer(w, bo, "time_zone", "'Asia/Shanghai'");
  w.clock.now = kStart + 4 * kHour;  // 14:00 UTC, 22:00 in Shanghai
  w.order("3202", "bo", "paid", "fulfilled", true);
  w.tick();
  CHECK(mailer.sent.empty());
  w.pass(10 * kHour);  // 00:00 UTC = 08:00 in Shanghai
  REQUIRE(mailer.sent.size() == 1);
  CHECK(mailer.sent[0].at == kStart + 14 * kHour);
  // A second delivery for Bo two days later: within the contact cap (7 days), skipped.
  w.clock.now += 2 * kDay;
  w.order("3203", "bo", "paid", "fulfilled", true);
  w.tick();
  CHECK(mailer.sent.size() == 1);
  CHECK(w.text("SELECT reason FROM care_jobs ORDER BY id DESC") == "contact_cap");
}

TEST_CASE("the e-mail action's JSON is read, written back and refused when bad") {
  const auto rule = rule_from_json(rule_to_json(email_rule()));
  REQUIRE(rule.actions.size() == 1);
  CHECK(rule.actions[0].subject.at("zh-CN") == "感谢您购买{order}");
  CHECK(rule.contacts_customer());
  auto refused = [](const std::string& actions) {
    auto body =
        boost::json::parse(R"({"name":"m","trigger":"order_paid","actions":)" + actions + "}")
            .as_object();
    try {
      rule_from_json(body);
    } catch (const RuleInputError& e) {
      return e.code;
    }
    return std::string("accepted");
  };
  const std::string ok = R"({"type":"email_customer","subject":{"en":"Hi"},"text":{"en":"Yo"}})";
  CHECK(refused("[" + ok + "]") == "accepted");
  CHECK(refused(R"([{"type":"email_customer","text":{"en":"Yo"}}])") == "invalid_action");
  CHECK(refused(R"([{"type":"email_customer","subject":{"en":"Hi"}}])") == "invalid_action");
  CHECK(refused(R"([{"type":"email_customer","subject":{"fr":"Salut"},"text":{"en":"Yo"}}])") ==
        "invalid_action");
  CHECK(refused(R"([{"type":"email_customer","subject":{"en":")" + std::string(201, 'x') +
                R"("},"text":{"en":"Yo"}}])") == "invalid_action");
  CHECK(refused(R"([{"type":"email_customer","subject":{"en":"Hi"},"text":{"en":"Yo"},"cc":1}])") ==
        "unknown_field");
  CHECK(refused("[" + ok + "," + ok + "]") == "invalid_action");
}

TEST_CASE("a care e-mail is queued in the mail outbox in the job's own transaction, once") {
  CareWorld w;
  OutboxCareMailer mailer(w.facts, kefu::mail::make_mail_outbox(w.db));
  w.engine.set_mailer(&mailer);
  w.exec(
      "INSERT INTO mailboxes(name, address, display_name, queue, smtp_url, security, "
      "created_at, updated_at) VALUES ('support', 'support@tea.example', 'Tea Shop', "
      "'tickets', 'smtp://127.0.0.1:1', 'none', 0, 0)");
  w.rule(email_rule());
  w.order("3301", "ann", "paid", "fulfilled", true);
  w.outlet.atomically([&] {
    for (const CareEvent& e : w.feed.read_new(1000)) w.engine.on_event(e);
  });
  // A turn that fails after the mail was queued (a crash before COMMIT) keeps nothing of it.
  CHECK_THROWS_AS(w.outlet.atomically([&] {
    REQUIRE(w.engine.run_due() == 1);
    throw std::runtime_error("the power went");
  }),
                  std::runtime_error);
  CHECK(w.count("SELECT COUNT(*) FROM mail_outbox") == 0);
  CHECK(w.count("SELECT COUNT(*) FROM care_jobs WHERE status = 'pending'") == 1);
  CHECK(w.engine.run_due() == 1);
  CHECK(w.engine.run_due() == 0);
  REQUIRE(w.count("SELECT COUNT(*) FROM mail_outbox") == 1);
  CHECK(w.text("SELECT state || ' ' || recipient || ' ' || conversation_id FROM mail_outbox") ==
        "queued ann@example.com 0");
  CHECK(w.count("SELECT seq FROM mail_outbox") == w.count("SELECT id FROM care_jobs"));
  // (The message's bytes: a BLOB on SQLite, bytea on PostgreSQL.)
  const std::string raw = w.text(w.db.engine() == kefu::sql::Engine::postgresql
                                     ? "SELECT convert_from(raw, 'UTF8') FROM mail_outbox"
                                     : "SELECT raw FROM mail_outbox");
  CHECK(raw.find("Subject: Thank you for #3301") != std::string::npos);
  CHECK(raw.find("From: Tea Shop <support@tea.example>") != std::string::npos);
  CHECK(w.text("SELECT message_id FROM mail_outbox") ==
        w.text("SELECT message_id FROM mail_message_ids"));
}

TEST_CASE(
    "erasure removes the customer's care e-mails from the outbox, queued or sent, and "
    "nothing else") {
  CareWorld w;
  auto outbox = kefu::mail::make_mail_outbox(w.db);
  OutboxCareMailer mailer(w.facts, kefu::mail::make_mail_outbox(w.db));
  w.engine.set_mailer(&mailer);
  w.exec(
      "INSERT INTO mailboxes(name, address, display_name, queue, smtp_url, security, "
      "created_at, updated_at) VALUES ('support', 'support@tea.example', 'Tea Shop', "
      "'tickets', 'smtp://127.0.0.1:1', 'none', 0, 0)");
  Rule r = email_rule();
  r.caps.contact_cap = false;
  w.rule(r);
  // Ann gets two mails (the first sent, the second still queued), Bo one.
  const auto ann = w.order("3401", "ann", "paid", "fulfilled", true);
  w.tick();
  REQUIRE(w.count("SELECT COUNT(*) FROM mail_outbox") == 1);
  outbox->mark_sent(w.integer("SELECT id FROM mail_outbox"), w.clock.now);
  w.clock.now += kHour;
  w.order("3402", "ann", "paid", "fulfilled", true);
  const auto bo = w.order("3403", "bo", "paid", "fulfilled", true);
  w.tick();
  REQUIRE(w.joined("SELECT state || ' ' || recipient FROM mail_outbox ORDER BY id") ==
          "sent ann@example.com,queued ann@example.com,queued bo@example.com");
  const std::string bos_mail = w.joined(
      "SELECT id || recipient || state || message_id || seq FROM mail_outbox WHERE "
      "recipient = 'bo@example.com'");
  const std::string jobs = w.joined("SELECT id || status || reason FROM care_jobs ORDER BY id");
  w.exec("INSERT INTO care_preferences(customer_id, time_zone, updated_at) VALUES (" +
         std::to_string(ann) + ", 'Asia/Shanghai', 0), (" + std::to_string(bo) +
         ", 'Europe/Paris', 0)");
  SqliteCarePreferences preferences(w.db);

  // The erasure as CareOffice::erase_customers makes it, twice (a second is harmless).
  for (int round = 0; round < 2; ++round) {
    w.outlet.atomically([&] {
      w.engine.on_event(CareEvent{"customer_erased", ann, std::nullopt, std::nullopt, w.clock.now});
      preferences.erase(ann);
    });
  }
  CHECK(w.count("SELECT COUNT(*) FROM mail_outbox WHERE recipient = 'ann@example.com'") == 0);
  CHECK(w.count("SELECT COUNT(*) FROM mail_outbox") == 1);
  // Bo's mail, every job and Bo's preferences are as they were.
  CHECK(w.joined("SELECT id || recipient || state || message_id || seq FROM mail_outbox") ==
        bos_mail);
  CHECK(w.joined("SELECT id || status || reason FROM care_jobs ORDER BY id") == jobs);
  CHECK(w.joined("SELECT customer_id FROM care_preferences") == std::to_string(bo));
  CHECK(preferences.find(ann).time_zone.empty());
  CHECK(preferences.find(bo).time_zone == "Europe/Paris");
}
