#include <SQLiteCpp/Database.h>
#include <SQLiteCpp/Statement.h>

#include <algorithm>
#include <boost/json.hpp>
#include <catch2/catch.hpp>
#include <cctype>
#include <chrono>
#include <fstream>
#include <functional>
#include <iterator>
#include <map>
#include <string>
#include <thread>
#include <vector>

#include "tests/support/floor_helpers.hpp"
#include "tests/support/shop_signature.hpp"
#include "tests/support/test_client.hpp"
#include "tests/support/test_server.hpp"

// Erasure is complete and final (issue #18, docs/security/erasure.md): after DELETE
// /api/customers/{id} no column of any table, and no byte of the database file or its log,
// holds what the customer told us; their tokens are refused; their events stay.

using namespace kefu::testing;
namespace json = boost::json;
using Headers = std::map<std::string, std::string>;

namespace {

const std::string kSecret = "erasure-shop-secret";

// Strings the customer (or staff about them) typed, each found nowhere else.
const std::vector<std::string> kPersonal = {
    "Zephyrine",       "Quillfeather",  "zephyrine.q@erasure.test",
    "555 0199",        "4155550199",    "Evergreen Xylograph",
    "Springfieldia",   "TRK-Nebulon42", "Quokkaberry",
    "Flibbertigibbet", "Snorkelwax",    "Marzipanic",
    "Wobbleglyph",     "Gallimaufry",   "Kerfuffleberry"};

std::string lower(std::string text) {
  std::transform(text.begin(), text.end(), text.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return text;
}

std::int64_t number(const TestServer& server, const std::string& sql) {
  return count_rows(server, sql);
}

std::string dump(const TestServer& server, const std::string& sql) {
  SQLite::Database db(server.database(), SQLite::OPEN_READONLY);
  db.setBusyTimeout(5000);  // the server's checkpointer may hold the log a moment
  SQLite::Statement query(db, sql);
  std::string text;
  while (query.executeStep()) {
    for (int i = 0; i < query.getColumnCount(); ++i) text += query.getColumn(i).getString() + "|";
    text += "\n";
  }
  return text;
}

bool eventually(const std::function<bool()>& condition, int ms = 5000) {
  const auto end = std::chrono::steady_clock::now() + std::chrono::milliseconds(ms);
  while (std::chrono::steady_clock::now() < end) {
    if (condition()) return true;
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  return condition();
}

Headers staff(const TestServer& server, const std::string& login) {
  return {{"Cookie", "kefu_session=" + log_in(server.port(), login, login + "-demo-pass")},
          {"Origin", server.origin()}};
}

Headers bearer(const TestServer& server, const std::string& token) {
  return {{"Authorization", "Bearer " + token}, {"Origin", server.origin()}};
}

// Every (table, column, rowid-less count) of the database whose text holds `needle`, any case.
// Tables and columns come from sqlite_master and table_info; virtual tables are read through
// their shadow tables, which are ordinary tables of the list.
std::vector<std::string> columns_holding(const TestServer& server, const std::string& needle) {
  SQLite::Database db(server.database(), SQLite::OPEN_READONLY);
  db.setBusyTimeout(5000);  // the server's checkpointer may hold the log a moment
  std::vector<std::string> tables;
  SQLite::Statement list(db,
                         "SELECT name FROM sqlite_master WHERE type = 'table' AND "
                         "sql NOT LIKE 'CREATE VIRTUAL TABLE%'");
  while (list.executeStep()) tables.push_back(list.getColumn(0).getString());
  REQUIRE(tables.size() > 20);
  std::vector<std::string> found;
  for (const auto& table : tables) {
    SQLite::Statement info(db, "SELECT name FROM pragma_table_info(?)");
    info.bind(1, table);
    while (info.executeStep()) {
      const std::string column = info.getColumn(0).getString();
      SQLite::Statement hits(db, "SELECT COUNT(*) FROM \"" + table +
                                     "\" WHERE instr(lower(CAST(\"" + column +
                                     "\" AS TEXT)), ?) > 0");
      hits.bind(1, lower(needle));
      REQUIRE(hits.executeStep());
      if (hits.getColumn(0).getInt64() > 0) found.push_back(table + "." + column);
    }
  }
  return found;
}

std::string file_bytes(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

// What the customer's data adds to the database, made through the real endpoints.
struct Customer {
  std::int64_t id = 0;               // the shop's customer (the erasure's target)
  std::int64_t visitor = 0;          // the visitor's customer, merged into `id`
  std::int64_t chat = 0;             // a resolved, rated and reviewed chat
  std::int64_t ticket = 0;           // an open ticket
  std::string token;                 // the visitor token
  std::string order;                 // the shop's signed order webhook
  std::unique_ptr<WsClient> socket;  // the visitor's socket, still open
  std::unique_ptr<WsClient> agent;   // Alice's socket
};

Customer make_customer(TestServer& server) {
  Customer c;
  c.order = R"({"id":99001,"name":"#99001","email":"zephyrine.q@erasure.test",
    "phone":"+1 415 555 0199","created_at":"2026-11-20T10:00:00Z","total_price":"42.00",
    "currency":"USD","financial_status":"paid","fulfillment_status":"fulfilled",
    "customer":{"id":9901,"first_name":"Zephyrine","last_name":"Quillfeather",
                "email":"zephyrine.q@erasure.test"},
    "shipping_address":{"address1":"1 Evergreen Xylograph","city":"Springfieldia"},
    "fulfillments":[{"status":"success","tracking_number":"TRK-Nebulon42",
                     "tracking_url":"https://track.example/TRK-Nebulon42"}],
    "line_items":[{"title":"Oolong tea","quantity":2,"price":"21.00","sku":"OT-1"}]})";
  auto stored = http_request(server.port(), "POST", "/api/shop/orders", c.order,
                             {{"X-Shopify-Hmac-Sha256", shopify_signature(c.order, kSecret)}});
  REQUIRE(stored.status == 200);
  c.id = json::parse(stored.body).at("customer_id").as_int64();

  c.agent = WsClient::staff(server.port(), server.origin(),
                            log_in(server.port(), "alice", "alice-demo-pass"));
  c.agent->next_of_type("welcome");
  c.token = new_visitor(server.port());
  c.socket = WsClient::customer(server.port(), server.origin(), c.token);
  c.socket->next_of_type("welcome");
  c.socket->send(R"({"type":"message","client_id":"e-1","text":"Quokkaberry is my cat"})");
  c.chat = c.socket->next_of_type("ack").at("conversation_id").as_int64();
  c.agent->next_of_type("conversation");
  c.agent->send_json(json::object{{"type", "message"},
                                  {"client_id", "a-1"},
                                  {"conversation_id", c.chat},
                                  {"text", "Hello! It ships today."}});
  c.agent->next_of_type("ack");
  c.agent->send_json(
      json::object{{"type", "resolve"}, {"client_id", "r-1"}, {"conversation_id", c.chat}});
  c.agent->next_of_type("ack");
  c.socket->next_of_type("csat_request");
  c.socket->send_json(json::object{{"type", "rate"},
                                   {"client_id", "s-1"},
                                   {"conversation_id", c.chat},
                                   {"rating", 4},
                                   {"comment", "Marzipanic service"}});
  REQUIRE(c.socket->next_of_type("ack").at("conversation_id").as_int64() == c.chat);

  auto ticket = http_request(
      server.port(), "POST", "/api/tickets",
      R"({"subject":"Flibbertigibbet zip","text":"Snorkelwax broke","email":"zephyrine.q@erasure.test"})",
      bearer(server, c.token));
  REQUIRE(ticket.status == 201);
  c.ticket = json::parse(ticket.body).at("conversation_id").as_int64();
  REQUIRE(http_request(server.port(), "GET", "/api/kb/search?q=Kerfuffleberry", "",
                       bearer(server, c.token))
              .status == 200);

  // The visitor claims the shop customer's email; Alice accepts: the visitor merges into them.
  REQUIRE(http_request(server.port(), "POST", "/api/widget/claim",
                       R"({"kind":"email","value":"zephyrine.q@erasure.test"})",
                       bearer(server, c.token))
              .status == 200);
  REQUIRE(eventually([&] {
    return number(server, "SELECT COUNT(*) FROM merge_suggestions WHERE status = 'open'") == 1;
  }));
  c.visitor = number(server, "SELECT customer_id FROM merge_suggestions");
  const auto suggestion = number(server, "SELECT id FROM merge_suggestions");
  const auto alice = staff(server, "alice");
  REQUIRE(http_request(server.port(), "POST",
                       "/api/customers/" + std::to_string(c.visitor) + "/suggestions/" +
                           std::to_string(suggestion) + "/accept",
                       "", alice)
              .status == 200);
  REQUIRE(http_request(server.port(), "POST", "/api/customers/" + std::to_string(c.id) + "/notes",
                       R"({"text":"Wobbleglyph prefers mornings"})", alice)
              .status == 201);
  REQUIRE(http_request(server.port(), "POST", "/api/quality/reviews",
                       R"({"conversation_id":)" + std::to_string(c.chat) +
                           R"(,"marks":{"accuracy":90,"resolution":80,"tone":100,"process":70},)"
                           R"("comment":"Gallimaufry handled well"})",
                       staff(server, "sam"))
              .status == 201);
  return c;
}

// A mailbox to send from and an enabled care rule that, when an order is paid, mails the
// customer, leaves a widget message for their next visit and gives an agent a care task, each
// text with the customer's name (issue 23): what care keeps about them.
void start_care(TestServer& server) {
  const auto admin = staff(server, "admin");
  const json::object mailbox{{"name", "support"},          {"address", "support@tea.example"},
                             {"display_name", "Tea Shop"}, {"queue", "tickets"},
                             {"security", "none"},         {"smtp_url", "smtp://127.0.0.1:1"}};
  REQUIRE(
      http_request(server.port(), "POST", "/api/admin/mailboxes", json::serialize(mailbox), admin)
          .status == 201);
  const std::string rule = R"j({"name":"Thank you","enabled":true,"trigger":"order_paid",
    "caps":{"quiet_hours":false,"contact_cap":false},
    "actions":[{"type":"email_customer","subject":{"en":"For {customer}","zh-CN":"{customer}"},
                "text":{"en":"Dear {customer}, enjoy {items}.","zh-CN":"{customer}"}},
               {"type":"customer_message","text":{"en":"Hello {customer}","zh-CN":"{customer}"}},
               {"type":"care_task","text":{"en":"Call {customer}","zh-CN":"{customer}"}}]})j";
  REQUIRE(http_request(server.port(), "POST", "/api/admin/rules", rule, admin).status == 201);
}

// Counts of everything a refused visitor could have written.
std::string written(const TestServer& server) {
  return dump(server,
              "SELECT (SELECT COUNT(*) FROM messages), (SELECT COUNT(*) FROM conversations),"
              " (SELECT COUNT(*) FROM customers WHERE erased_at IS NOT NULL),"
              " (SELECT COUNT(*) FROM customer_identities), (SELECT COUNT(*) FROM kpi_surveys),"
              " (SELECT COUNT(*) FROM merge_suggestions),"
              " (SELECT COUNT(*) FROM events WHERE customer_id IN (SELECT id FROM customers"
              "  WHERE erased_at IS NOT NULL))");
}

}  // namespace

TEST_CASE("an erased customer leaves no trace in any table, file or log, and its events stay",
          "[integration][security][erasure]") {
  TestServer server({"--shop-secret", kSecret});
  start_care(server);
  Customer c = make_customer(server);
  // Care reached the customer: their e-mail (queued: no SMTP server answers), their widget
  // message, their care task, and their care preferences (a staff member set their zone).
  REQUIRE(http_request(server.port(), "PUT",
                       "/api/care/customers/" + std::to_string(c.id) + "/preferences",
                       R"({"time_zone":"Pacific/Chatham","locale":"en",)"
                       R"("marketing_consent":true,"opted_out":false})",
                       staff(server, "admin"))
              .status == 200);
  const std::string care_rows =
      "SELECT (SELECT COUNT(*) FROM mail_outbox WHERE conversation_id = 0) || ':' || "
      "(SELECT COUNT(*) FROM care_messages) || ':' || (SELECT COUNT(*) FROM care_tasks) || ':' "
      "|| (SELECT COUNT(*) FROM care_preferences)";
  REQUIRE(eventually([&] { return dump(server, care_rows) == "1:1:1:1|\n"; }, 10000));
  auto holding = columns_holding(server, "Quillfeather");
  for (const auto& column : columns_holding(server, "zephyrine.q@erasure.test"))
    holding.push_back(column);
  for (const char* column :
       {"mail_outbox.recipient", "mail_outbox.raw", "care_messages.text", "care_tasks.text"}) {
    INFO(column);
    CHECK(std::find(holding.begin(), holding.end(), column) != holding.end());
  }
  // Each string is stored somewhere before the erasure (except the KB query, never stored),
  // so that the scan below can fail.
  for (const auto& personal : kPersonal) {
    INFO(personal);
    if (personal == "Kerfuffleberry") continue;
    CHECK_FALSE(columns_holding(server, personal).empty());
  }
  {
    const std::string bytes =
        lower(file_bytes(server.database()) + file_bytes(server.database() + "-wal"));
    for (const auto& personal : kPersonal) {
      INFO(personal);
      if (personal != "Kerfuffleberry") CHECK(bytes.find(lower(personal)) != std::string::npos);
    }
  }
  REQUIRE(eventually([&] {
    return number(server,
                  "SELECT COUNT(*) FROM kpi_progress WHERE last_event_id = "
                  "(SELECT MAX(id) FROM events)") == 1;
  }));
  const std::int64_t last_event = number(server, "SELECT MAX(id) FROM events");
  const std::string events_before =
      dump(server, "SELECT * FROM events WHERE id <= " + std::to_string(last_event));
  const std::string kpis_before =
      dump(server, "SELECT COUNT(*), SUM(rating) FROM kpi_surveys") +
      dump(server, "SELECT * FROM kpi_rollup_day ORDER BY period, dimension, key");

  // An agent may not erase; the admin's erasure answers 204.
  const std::string target = "/api/customers/" + std::to_string(c.id);
  CHECK(http_request(server.port(), "DELETE", target, "", staff(server, "alice")).status == 403);
  CHECK(number(server, "SELECT COUNT(*) FROM customers WHERE erased_at IS NOT NULL") == 0);
  REQUIRE(http_request(server.port(), "DELETE", target, "", staff(server, "admin")).status == 204);

  // The socket open at erasure time is closed by the server (1008, session ended).
  CHECK(c.socket->closed_with() == 1008);

  // The old token is refused everywhere, and nothing new is written.
  const std::string after_erasure = written(server);
  const std::string customers_before_renewal_plus_one =
      std::to_string(number(server, "SELECT COUNT(*) FROM customers") + 1) + "|\n";
  try {
    WsClient::customer(server.port(), server.origin(), c.token);
    FAIL("the erased visitor's token still opens a socket");
  } catch (const UpgradeRefused& refused) {
    CHECK(refused.status == 401);
  }
  auto claim = http_request(server.port(), "POST", "/api/widget/claim",
                            R"({"kind":"email","value":"zephyrine.q@erasure.test"})",
                            bearer(server, c.token));
  CHECK(claim.status == 401);
  auto ticket =
      http_request(server.port(), "POST", "/api/tickets",
                   R"({"subject":"Flibbertigibbet again","text":"Snorkelwax","email":""})",
                   bearer(server, c.token));
  CHECK(ticket.status == 401);
  CHECK(http_request(server.port(), "GET", "/api/kb/search?q=Kerfuffleberry", "",
                     bearer(server, c.token))
            .status == 401);
  // Presenting the old token for a visitor session gets a new visitor, never the old one.
  auto renewed = http_request(server.port(), "POST", "/api/widget/visitor",
                              R"({"token":")" + c.token + "\"}", {{"Origin", server.origin()}});
  REQUIRE(renewed.status == 200);
  CHECK(std::string(json::parse(renewed.body).at("token").as_string()) != c.token);
  REQUIRE(http_request(server.port(), "GET", "/healthz").status == 200);
  CHECK(written(server) == after_erasure);
  // The renewal made one new customer and its visitor: the only visitor row left.
  CHECK(dump(server, "SELECT COUNT(*) FROM customers") == customers_before_renewal_plus_one);
  CHECK(number(server, "SELECT COUNT(*) FROM visitors") == 1);

  // Events and the KPIs they make are exactly as before.
  CHECK(dump(server, "SELECT * FROM events WHERE id <= " + std::to_string(last_event)) ==
        events_before);
  CHECK(dump(server, "SELECT COUNT(*), SUM(rating) FROM kpi_surveys") +
            dump(server, "SELECT * FROM kpi_rollup_day ORDER BY period, dimension, key") ==
        kpis_before);

  // The agent's socket is still open and served.
  c.agent->send_json(json::object{{"type", "status"}, {"client_id", "st-1"}, {"status", "away"}});
  CHECK(c.agent->next_of_type("agent_status").at("status").as_string() == "away");

  // The shop sends the erased customer's order again: it stays anonymous.
  REQUIRE(http_request(server.port(), "POST", "/api/shop/orders", c.order,
                       {{"X-Shopify-Hmac-Sha256", shopify_signature(c.order, kSecret)}})
              .status == 200);

  // Nothing personal anywhere: every column of every table, then the raw bytes of the file
  // and its log after a checkpoint.
  {
    SQLite::Database db(server.database(), SQLite::OPEN_READWRITE, 10000);
    db.exec("PRAGMA wal_checkpoint(TRUNCATE)");
  }
  const std::string bytes =
      lower(file_bytes(server.database()) + file_bytes(server.database() + "-wal"));
  REQUIRE(bytes.size() > 4096);
  for (const auto& personal : kPersonal) {
    INFO(personal);
    CHECK(columns_holding(server, personal) == std::vector<std::string>{});
    CHECK(bytes.find(lower(personal)) == std::string::npos);
  }
  CHECK(number(server, "SELECT COUNT(*) FROM customers WHERE erased_at IS NOT NULL") == 2);
  // Care keeps nothing of theirs: no e-mail in the outbox, no widget message, no preferences,
  // and their care task (skipped) without its text; their jobs keep only ids and reasons.
  CHECK(dump(server, care_rows) == "0:0:1:0|\n");
  CHECK(dump(server, "SELECT text || '|' || outcome || '|' || status FROM care_tasks") ==
        "||skipped|\n");
}
