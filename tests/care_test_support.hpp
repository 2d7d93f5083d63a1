#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "server/care/care_engine.hpp"
#include "server/care/sqlite_care_facts.hpp"
#include "server/care/sqlite_care_feed.hpp"
#include "server/care/sqlite_care_jobs.hpp"
#include "server/care/sqlite_care_messages.hpp"
#include "server/care/sqlite_care_outlet.hpp"
#include "server/care/sqlite_care_tasks.hpp"
#include "server/care/sqlite_rule_book.hpp"
#include "server/customers/customer_directory.hpp"
#include "server/customers/order_book.hpp"
#include "server/customers/schema.hpp"
#include "server/store/sql/sqlite_connection.hpp"
#include "server/store/sql/statement.hpp"
#include "tests/support/sql_backend.hpp"

namespace kefu::care::testing {

// 2026-11-02T10:00:00Z, a Monday morning (daytime in UTC, the tests' default zone).
inline constexpr std::int64_t kStart = 1793613600000;
inline constexpr std::int64_t kMinute = 60'000;
inline constexpr std::int64_t kHour = 60 * kMinute;
inline constexpr std::int64_t kDay = 24 * kHour;

// A clock the test moves by hand.
class FakeClock final : public Clock {
 public:
  std::int64_t now = kStart;
  std::int64_t now_ms() const override { return now; }
};

inline CareSettings test_settings() {
  CareSettings s;
  s.default_time_zone = "UTC";
  s.default_locale = "en";
  return s;
}

// A database migrated as the server migrates it, with the customers' tables, on the engine the
// test run names (SQLite, or PostgreSQL under KEFU_TEST_STORE=postgresql), and the engine over
// its stores: what every engine test starts from. The desk's part of actions is recorded in
// `resolved`, `notices`, `queued_to`, `offered` and `prioritised`.
struct CareWorld {
  explicit CareWorld(CareSettings settings = test_settings())
      : db(open(base)),
        outlet(db, DeskHooks{[this](std::int64_t c, std::int64_t) { resolved.push_back(c); },
                             [this](const std::string& t, std::int64_t, std::int64_t) {
                               notices.push_back(t);
                             },
                             [this](std::int64_t c, const std::string& q, std::int64_t) {
                               queued_to.emplace_back(c, q);
                             },
                             [this](std::int64_t c) { offered.push_back(c); },
                             [this](std::int64_t c, const std::string& p, std::int64_t) {
                               prioritised.emplace_back(c, p);
                             }}),
        engine(rules, jobs, tasks, messages, facts, outlet, clock, std::move(settings)) {
    feed.read_new(1);  // the feed starts here: what the test does next is news
  }

  // The customers' tables beside the store's (SQLite: the module makes them at a start), and
  // no fsync per turn (a test's database dies with it).
  static sql::Connection& open(kefu::testing::MigratedDatabase& base) {
    if (auto* sqlite = sql::as_sqlite(base.connection())) {
      customers::create_schema(sqlite->database());
      sqlite->exec("PRAGMA synchronous = OFF");
    }
    return base.connection();
  }

  // Stores a rule (enabled) and returns its id.
  std::int64_t rule(Rule r) {
    r.enabled = true;
    return rules.add(r, clock.now);
  }

  // The shop's order `id` for the shop customer `shop_customer`, in the given state, created
  // `created_at` (default: now). Returns our customer id.
  std::int64_t order(const std::string& id, const std::string& shop_customer,
                     const std::string& financial, const std::string& fulfillment, bool delivered,
                     std::int64_t total_cents = 9600,
                     std::optional<std::int64_t> created_at = std::nullopt) {
    customers::ShopOrder o;
    o.id = id;
    o.name = "#" + id;
    o.email = shop_customer + "@example.com";
    o.customer = customers::ShopCustomer{shop_customer, "Ann", "Lee", "", ""};
    o.line_items = {customers::LineItem{"Longjing tea", 2, total_cents / 2, "LJ-1"}};
    o.total_cents = total_cents;
    o.currency = "CNY";
    o.financial_status = financial;
    o.fulfillment_status = fulfillment;
    if (delivered) o.fulfillments = {customers::Fulfillment{"delivered", "", "", ""}};
    o.created_at = created_at.value_or(clock.now);
    return order_book.upsert(o, clock.now).customer_id;
  }

  // Appends a message to the conversation as the desk would: the message and its log event
  // (message_received from the customer, message_sent from an agent).
  void message(std::int64_t conversation, std::int64_t customer, const std::string& author) {
    sql::Statement s(db,
                     "INSERT INTO messages(conversation_id, seq, author_kind, author_id, "
                     "client_id, body, created_at) VALUES (?1, (SELECT COALESCE(MAX(seq), 0) "
                     "+ 1 FROM messages WHERE conversation_id = ?1), ?2, 1, ?3, 'text', ?4)");
    s.bind(1, conversation)
        .bind(2, author)
        .bind(3, "m" + std::to_string(++messages_written))
        .bind(4, clock.now);
    s.exec();
    log_event(author == "customer" ? "message_received" : "message_sent", customer, conversation);
  }

  // Appends an interaction-log event as the desk would.
  void log_event(const std::string& type, std::int64_t customer, std::int64_t conversation) {
    sql::Statement s(db,
                     "INSERT INTO events(at, type, conversation_id, customer_id, data) "
                     "VALUES (?, ?, ?, ?, '{}')");
    s.bind(1, clock.now).bind(2, type).bind(3, conversation).bind(4, customer);
    s.exec();
  }

  void conversation(std::int64_t id, std::int64_t customer, const std::string& status,
                    const std::string& channel = "chat") {
    sql::Statement s(db,
                     "INSERT INTO conversations(id, customer_id, channel, status, queue, "
                     "created_at, queued_at, updated_at) VALUES (?, ?, ?, ?, 'general', 1, 1, 1) "
                     "ON CONFLICT(id) DO UPDATE SET customer_id = excluded.customer_id, "
                     "channel = excluded.channel, status = excluded.status");
    s.bind(1, id).bind(2, customer).bind(3, channel).bind(4, status);
    s.exec();
  }

  // One turn of the server's care loop, at the clock's time.
  void tick() {
    outlet.atomically([&] {
      for (const CareEvent& e : feed.read_new(1000)) engine.on_event(e);
    });
    engine.run_due();
  }

  // Moves the clock by `ms` in steps of an hour, ticking at each.
  void pass(std::int64_t ms) {
    const std::int64_t end = clock.now + ms;
    while (clock.now < end) {
      clock.now = std::min(end, clock.now + kHour);
      tick();
    }
  }

  int count(const std::string& query) { return static_cast<int>(integer(query)); }
  std::int64_t integer(const std::string& query) { return base.integer(query); }
  std::string text(const std::string& query) {
    sql::Statement s(db, query);
    return s.step() ? s.column(0).text() : "";
  }
  // The first column of every row of `query`, joined by commas.
  std::string joined(const std::string& query) {
    sql::Statement s(db, query);
    std::string out;
    while (s.step()) out += (out.empty() ? "" : ",") + s.column(0).text();
    return out;
  }
  void exec(const std::string& script) { db.exec(script); }

  FakeClock clock;
  kefu::testing::MigratedDatabase base;
  sql::Connection& db;
  int messages_written = 0;
  SqliteRuleBook rules{db};
  SqliteCareJobs jobs{db};
  SqliteCareTasks tasks{db};
  SqliteCareFacts facts{db};
  SqliteCareFeed feed{db};
  std::vector<std::int64_t> resolved;
  std::vector<std::string> notices;
  std::vector<std::pair<std::int64_t, std::string>> queued_to;
  std::vector<std::pair<std::int64_t, std::string>>
      prioritised;  // set_priority: (conversation, priority)
  std::vector<std::int64_t> offered;
  SqliteCareMessages messages{db};
  SqliteCareOutlet outlet;
  CareEngine engine;
  customers::CustomerDirectory directory{db};
  customers::OrderBook order_book{directory};
};

// A rule reacting to `trigger` after `delay_minutes` with a care task for anyone.
inline Rule task_rule(const std::string& trigger, std::int64_t delay_minutes,
                      std::vector<std::string> cancel_on = {}) {
  Rule r;
  r.name = trigger + " care";
  r.trigger = trigger;
  r.delay_minutes = delay_minutes;
  Action a;
  a.type = "care_task";
  a.text = {{"en", "Call {customer} about {order}: {items}, {total}"}, {"zh-CN", "致电{customer}"}};
  r.actions = {a};
  r.cancel_on = std::move(cancel_on);
  return r;
}

// A rule reacting to `trigger` at once by tagging the customer `tag` (not a contact).
inline Rule tag_rule(const std::string& trigger, const std::string& tag) {
  Rule r;
  r.name = "tag on " + trigger;
  r.trigger = trigger;
  Action a;
  a.type = "add_tag";
  a.tag = tag;
  r.actions = {a};
  return r;
}

}  // namespace kefu::care::testing
