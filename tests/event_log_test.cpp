#include <atomic>
#include <boost/asio/io_context.hpp>
#include <boost/json.hpp>
#include <catch2/catch.hpp>
#include <chrono>
#include <future>
#include <string>
#include <thread>
#include <vector>

#include "server/back_office/back_office.hpp"
#include "server/back_office/schema_setup.hpp"
#include "server/back_office/sqlite_message_retention.hpp"
#include "server/domain/clock.hpp"
#include "server/integration/event_feed.hpp"
#include "server/metrics/fact.hpp"
#include "server/metrics/history_report.hpp"
#include "server/store/migrations.hpp"
#include "server/store/sql/event_log_reader.hpp"
#include "server/store/sql/sqlite_connection.hpp"
#include "server/store/sql/statement.hpp"
#include "server/webhooks/sqlite_webhook_store.hpp"
#include "server/webhooks/webhook_dispatcher.hpp"
#include "tests/support/sql_backend.hpp"

// The readers of the interaction log (sql::EventLogReader) and the parts that open their own
// connection by location (BackOffice, WebhookDispatcher), on SQLite and on PostgreSQL (label
// `postgresql`; the cases tagged [postgresql_only] run there alone: two transactions writing
// the log at once is what PostgreSQL allows and SQLite's single writer does not).

using namespace kefu;

namespace {

constexpr std::int64_t kT0 = 1'765'000'000'000;  // a time of day on 2025-12-06 (UTC)
constexpr std::int64_t kDay = 24ll * 3600 * 1000;

// A database with the whole schema on the engine under test, as `kefu migrate` leaves it.
class LogDatabase {
 public:
  LogDatabase() {
    auto first = backend_.open();
    if (auto* sqlite = sql::as_sqlite(*first)) {
      store::migrate(sqlite->database());
      prepare_schema(sqlite->database());
    }
  }
  const std::string& location() const { return backend_.location(); }
  std::unique_ptr<sql::Connection> open() const { return backend_.open(); }
  bool postgres() const { return backend_.postgres(); }

 private:
  testing::SqlBackend backend_;
};

std::int64_t append(sql::Connection& db, std::int64_t at, const std::string& type,
                    std::int64_t conversation) {
  sql::Statement s(db,
                   "INSERT INTO events(at, type, conversation_id, customer_id, channel, queue, "
                   "data) VALUES (?, ?, ?, ?, 'chat', 'general', '{}') RETURNING id");
  s.bind(1, at).bind(2, type).bind(3, conversation).bind(4, conversation + 100);
  return *s.insert_returning_id();
}

// A conversation opened and resolved a minute later: one `resolved` in the KPIs.
void open_and_resolve(sql::Connection& db, std::int64_t conversation, std::int64_t at) {
  append(db, at, "conversation_opened", conversation);
  append(db, at + 60'000, "conversation_resolved", conversation);
}

// The ids after `cursor`, `limit` at a time until none is left, moving the cursor.
std::vector<std::int64_t> read_all(sql::Connection& db, std::int64_t& cursor, int limit) {
  std::vector<std::int64_t> ids;
  for (;;) {
    sql::Statement s(db, sql::events_after_query(db, "id"));
    s.bind(1, cursor).bind(2, limit);
    int read = 0;
    while (s.step()) {
      cursor = s.column(0).int64();
      ids.push_back(cursor);
      ++read;
    }
    if (read < limit) return ids;
  }
}

std::int64_t resolved_between(sql::Connection& db, std::int64_t from, std::int64_t to) {
  const metrics::MetricsConfig config;
  return metrics::HistoryReport(db, config).run(from, to).total.get(metrics::KpiTotals::resolved);
}

}  // namespace

TEST_CASE("the log is read after a cursor in log order, each event once, in any batch size") {
  LogDatabase log;
  auto db = log.open();
  std::vector<std::int64_t> written;
  for (int i = 0; i < 7; ++i) written.push_back(append(*db, kT0 + i, "conversation_opened", i));
  for (int limit : {1, 2, 3, 7, 100}) {
    std::int64_t cursor = 0;
    CHECK(read_all(*db, cursor, limit) == written);
    CHECK(cursor == written.back());
    CHECK(read_all(*db, cursor, limit).empty());
  }
  std::int64_t from_third = written[2];
  CHECK(read_all(*db, from_third, 2) ==
        std::vector<std::int64_t>(written.begin() + 3, written.end()));
  // A cursor that names no event stands at the event before it.
  std::int64_t beyond = written.back() + 1000;
  CHECK(read_all(*db, beyond, 10).empty());
}

TEST_CASE("an event whose transaction commits after a later event is read once, not skipped",
          "[postgresql_only]") {
  LogDatabase log;
  REQUIRE(log.postgres());
  auto early = log.open();   // takes the lower id, commits last
  auto late = log.open();    // takes the higher id, commits first
  auto reader = log.open();  // follows the log as the rollups, webhooks and feed do
  webhooks::SqliteWebhookStore webhook_store(*reader);

  early->begin(true);
  const std::int64_t first = append(*early, kT0, "conversation_opened", 1);
  const std::int64_t second = append(*late, kT0 + 1, "conversation_opened", 2);
  REQUIRE(first < second);

  // While the first is uncommitted, nothing is read: not even the committed second, whose
  // transaction is younger than one still running (reading it would move the cursor past the
  // first for good, as reading by id did).
  std::int64_t cursor = 0;
  CHECK(read_all(*reader, cursor, 10).empty());
  CHECK(cursor == 0);
  CHECK(webhook_store.events_after(0, 10).empty());
  CHECK(integration::read_event_page(*reader, 0, 10).at("events").as_array().empty());

  early->exec("COMMIT");
  CHECK(read_all(*reader, cursor, 10) == std::vector<std::int64_t>{first, second});
  CHECK(read_all(*reader, cursor, 10).empty());
  const auto records = webhook_store.events_after(0, 10);
  REQUIRE(records.size() == 2);
  CHECK(records[0].id == first);
  CHECK(records[1].id == second);
  const auto page = integration::read_event_page(*reader, 0, 1);
  REQUIRE(page.at("events").as_array().size() == 1);
  CHECK(page.at("next_after").as_int64() == first);
  const auto rest = integration::read_event_page(*reader, first, 10);
  REQUIRE(rest.at("events").as_array().size() == 1);
  CHECK(rest.at("events").as_array()[0].at("id").as_int64() == second);
}

TEST_CASE("events are read by writing transaction: a younger transaction's lower id comes after",
          "[postgresql_only]") {
  LogDatabase log;
  REQUIRE(log.postgres());
  auto older = log.open();
  auto younger = log.open();
  auto reader = log.open();
  older->begin(true);
  // The older transaction takes its transaction id with a first write, then appends last.
  older->exec("INSERT INTO meta(key, value) VALUES ('log-test', 'x')");
  const std::int64_t lower = append(*younger, kT0, "conversation_opened", 1);
  const std::int64_t higher = append(*older, kT0 + 1, "conversation_opened", 2);
  REQUIRE(lower < higher);
  std::int64_t cursor = 0;
  CHECK(read_all(*reader, cursor, 10).empty());  // the younger one waits for the older
  older->exec("COMMIT");
  CHECK(read_all(*reader, cursor, 1) == std::vector<std::int64_t>{higher, lower});
  CHECK(read_all(*reader, cursor, 1).empty());
  std::int64_t again = 0;
  CHECK(read_all(*reader, again, 10) == std::vector<std::int64_t>{higher, lower});
}

TEST_CASE("the back office opens its connection by location and follows the log") {
  LogDatabase log;
  auto writer = log.open();
  open_and_resolve(*writer, 1, kT0);
  BackOffice office(log.location());
  CHECK(office.sql().engine() == (log.postgres() ? sql::Engine::postgresql : sql::Engine::sqlite));
  office.start(kT0 + kDay / 2);
  open_and_resolve(*writer, 2, kT0 + 1000);
  CHECK(office.follow() == 2);
  CHECK(office.follow() == 0);
  CHECK(resolved_between(*writer, kT0 - kDay, kT0 + kDay) == 2);
  const auto report = office.report_json(kT0 - kDay, kT0 + kDay);
  CHECK(report.at("total").at("counts").at("resolved").as_int64() == 2);
  // The knowledge base on either engine: on PostgreSQL its search index is built in memory.
  CHECK(office.kb_search("refund").at("articles").as_array().empty());  // none yet
  if (log.postgres()) {
    CHECK_THROWS_AS(office.database(), std::logic_error);
  } else {
    CHECK(office.database().getHandle() != nullptr);
  }
}

TEST_CASE("the KPI rollups and the live feed count an event committed late exactly once",
          "[postgresql_only]") {
  LogDatabase log;
  REQUIRE(log.postgres());
  BackOffice office(log.location());
  office.start(kT0);
  auto early = log.open();
  auto late = log.open();
  early->begin(true);
  open_and_resolve(*early, 1, kT0);
  open_and_resolve(*late, 2, kT0 + 1000);
  CHECK(office.follow() == 0);
  CHECK(resolved_between(*late, kT0 - kDay, kT0 + kDay) == 0);
  early->exec("COMMIT");
  CHECK(office.follow() == 4);
  CHECK(office.follow() == 0);
  CHECK(resolved_between(*late, kT0 - kDay, kT0 + kDay) == 2);
  sql::Statement progress(*late, "SELECT last_event_id FROM kpi_progress");
  REQUIRE(progress.step());
  CHECK(progress.column(0).int64() == 4);  // the last read: the late transaction's last event
}

TEST_CASE("message retention runs on the back office's connection on either engine") {
  LogDatabase log;
  BackOffice office(log.location());
  SqliteMessageRetention retention(office.sql());
  CHECK_FALSE(retention.message_days());
  retention.set_message_days(30, 7, kT0);
  CHECK(retention.message_days() == 30);
  {
    auto db = log.open();
    sql::Statement audit(*db, "SELECT COUNT(*) FROM events WHERE type = 'retention_updated'");
    REQUIRE(audit.step());
    CHECK(audit.column(0).int64() == 1);
  }
  const auto sweep = retention.remove_before(kT0, 7, kT0);
  CHECK(sweep.messages == 0);
  CHECK(sweep.attachments == 0);
  retention.set_message_days(std::nullopt, 7, kT0 + 1);
  CHECK_FALSE(retention.message_days());
}

TEST_CASE(
    "the webhook dispatcher works on the io_context on SQLite, on its own thread on PostgreSQL") {
  LogDatabase log;
  boost::asio::io_context io;
  SystemClock clock;
  webhooks::WebhookDispatcher dispatcher(io, log.location(), {}, clock, nullptr);
  std::promise<std::thread::id> ran;
  dispatcher.post([&ran](webhooks::WebhookStore& store) {
    store.subscriptions();  // a query on the dispatcher's connection
    ran.set_value(std::this_thread::get_id());
  });
  io.run();  // SQLite: runs the work here; PostgreSQL: nothing to do on the io_context
  auto done = ran.get_future();
  REQUIRE(done.wait_for(std::chrono::seconds(10)) == std::future_status::ready);
  CHECK((done.get() == std::this_thread::get_id()) == !log.postgres());
}

TEST_CASE("two back offices on one PostgreSQL fold each event into the rollups once",
          "[postgresql_only]") {
  LogDatabase log;
  REQUIRE(log.postgres());
  BackOffice node_a(log.location());
  BackOffice node_b(log.location());
  node_a.start(kT0);
  node_b.start(kT0);
  auto writer = log.open();
  // Taking turns: each node continues from what the other folded.
  open_and_resolve(*writer, 1, kT0);
  CHECK(node_a.follow() == 2);
  open_and_resolve(*writer, 2, kT0 + 1000);
  CHECK(node_b.follow() == 4);  // its live figures read the whole log; its rollups only #2
  CHECK(node_a.follow() == 2);
  CHECK(resolved_between(*writer, kT0 - kDay, kT0 + kDay) == 2);
  // At the same time, while conversations are written, with a transaction committed late.
  constexpr int kConversations = 60;
  std::atomic<bool> writing{true};
  auto follow = [&writing](BackOffice& node) {
    while (writing) node.follow();
    node.follow();
  };
  std::thread a(follow, std::ref(node_a));
  std::thread b(follow, std::ref(node_b));
  auto early = log.open();
  early->begin(true);
  open_and_resolve(*early, 3, kT0 + 2000);
  for (int c = 4; c <= kConversations; ++c) open_and_resolve(*writer, c, kT0 + c * 1000);
  early->exec("COMMIT");
  std::this_thread::sleep_for(std::chrono::milliseconds(200));
  writing = false;
  a.join();
  b.join();
  node_a.follow();
  node_b.follow();
  CHECK(resolved_between(*writer, kT0 - kDay, kT0 + kDay) == kConversations);
  sql::Statement facts(*writer, "SELECT COUNT(*) FROM kpi_facts WHERE kind = ?");
  facts.bind(1, static_cast<int>(metrics::FactKind::resolution));
  REQUIRE(facts.step());
  CHECK(facts.column(0).int64() == kConversations);
  sql::Statement progress(*writer, "SELECT last_event_id FROM kpi_progress");
  REQUIRE(progress.step());
  sql::Statement last(*writer, "SELECT MAX(id) FROM events");
  REQUIRE(last.step());
  CHECK(progress.column(0).int64() == last.column(0).int64());
}
