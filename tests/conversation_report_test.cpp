#include "server/back_office/conversation_report.hpp"

#include <SQLiteCpp/Database.h>
#include <SQLiteCpp/Statement.h>

#include <catch2/catch.hpp>
#include <optional>
#include <sstream>
#include <string>
#include <vector>

#include "server/metrics/schema.hpp"
#include "server/store/migrations.hpp"
#include "server/store/sql/sqlite_connection.hpp"

// The per-conversation CSV against a small log whose figures are worked out by hand below.

namespace {

constexpr std::int64_t kDay = 1'764'979'200'000;  // 2025-12-06T00:00:00Z

void event(SQLite::Database& db, std::int64_t conversation, std::int64_t at, const char* type,
           std::optional<std::int64_t> agent = std::nullopt) {
  SQLite::Statement s(db,
                      "INSERT INTO events(at, type, conversation_id, agent_id, channel, queue)"
                      " VALUES (?, ?, ?, ?, 'chat', 'general')");
  s.bind(1, kDay + at);
  s.bind(2, type);
  s.bind(3, conversation);
  if (agent) s.bind(4, *agent);
  s.exec();
}

std::vector<std::vector<std::string>> lines(const std::string& csv) {
  std::vector<std::vector<std::string>> out;
  std::size_t start = 0;
  while (start < csv.size()) {
    const std::size_t end = csv.find("\r\n", start);
    REQUIRE(end != std::string::npos);
    std::vector<std::string> fields;
    std::stringstream line(csv.substr(start, end - start));
    std::string field;
    while (std::getline(line, field, ',')) fields.push_back(field);
    if (!csv.substr(start, end - start).empty() && csv[end - 1] == ',') fields.push_back("");
    out.push_back(fields);
    start = end + 2;
  }
  return out;
}

// Conversation 1 (Ann, chat): opened 09:00:00, queued 09:00:00, Alice assigned 09:00:12,
// first reply 09:00:40, transferred to Bob who is assigned 09:05:00, resolved by Bob 09:15:00,
// closed 09:20:00; CSAT 5, quality score 87.5.
//   first response = 40 s; handle time = 09:15 - 09:05 = 600 s (Bob's assignment);
//   resolution time = 09:15 - 09:00 = 900 s; 1 transfer; 0 reopens.
// Conversation 2 (=cmd, chat): opened 10:00:00, abandoned 10:00:30: times empty.
// Conversation 3: opened the day before: outside the range.
void fixture(SQLite::Database& db) {
  kefu::store::migrate(db);
  kefu::metrics::create_schema(db);
  db.exec(
      "INSERT INTO users(id, login, display_name, role, password_hash, created_at) VALUES"
      " (1, 'alice', 'Alice Chen', 'agent', 'x', 0), (2, 'bob', 'Bob Li', 'agent', 'x', 0)");
  db.exec(
      "INSERT INTO customers(id, display_name, created_at) VALUES (1, 'Ann, \"the\" buyer', 0),"
      " (2, '=cmd', 0)");
  SQLite::Statement c(db,
                      "INSERT INTO conversations(id, customer_id, channel, status, queue,"
                      " agent_id, last_agent_id, created_at, queued_at, updated_at)"
                      " VALUES (?, ?, 'chat', ?, 'general', ?, ?, ?, ?, ?)");
  auto conversation = [&](int id, int customer, const char* status, std::optional<int> agent,
                          std::int64_t at) {
    c.reset();
    c.clearBindings();
    c.bind(1, id);
    c.bind(2, customer);
    c.bind(3, status);
    if (agent) c.bind(4, *agent);
    if (agent) c.bind(5, *agent);
    c.bind(6, kDay + at);
    c.bind(7, kDay + at);
    c.bind(8, kDay + at);
    c.exec();
  };
  const std::int64_t h = 3'600'000, m = 60'000, s = 1'000;
  conversation(1, 1, "closed", 2, 9 * h);
  conversation(2, 2, "abandoned", std::nullopt, 10 * h);
  conversation(3, 1, "closed", 1, -h);
  event(db, 1, 9 * h, "conversation_opened");
  event(db, 1, 9 * h, "conversation_queued");
  event(db, 1, 9 * h + 12 * s, "conversation_assigned", 1);
  event(db, 1, 9 * h + 40 * s, "message_sent", 1);
  event(db, 1, 9 * h + 4 * m, "conversation_transferred", 1);
  event(db, 1, 9 * h + 5 * m, "conversation_assigned", 2);
  event(db, 1, 9 * h + 6 * m, "message_sent", 2);
  event(db, 1, 9 * h + 15 * m, "conversation_resolved", 2);
  event(db, 1, 9 * h + 20 * m, "conversation_closed");
  event(db, 2, 10 * h, "conversation_opened");
  event(db, 2, 10 * h, "conversation_queued");
  event(db, 2, 10 * h + 30 * s, "conversation_abandoned");
  event(db, 3, -h, "conversation_opened");
  db.exec(
      "INSERT INTO kpi_surveys(conversation_id, agent_id, at, rating, comment)"
      " VALUES (1, 2, 0, 5, '')");
  db.exec(
      "INSERT INTO kpi_quality_scores(conversation_id, agent_id, at, score, breakdown)"
      " VALUES (1, 2, 0, 87.5, '[]')");
}

}  // namespace

TEST_CASE("the per-conversation CSV has the figures worked out by hand", "[reports]") {
  SQLite::Database db(":memory:", SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE);
  fixture(db);
  kefu::sql::SqliteConnection conn(db);
  const std::string csv = kefu::ConversationReport(conn).csv(kDay, kDay + 86'400'000);
  CHECK(csv.find("\"Ann, \"\"the\"\" buyer\"") != std::string::npos);
  auto rows = lines(csv);
  REQUIRE(rows.size() == 3);  // header, conversations 1 and 2 (3 is outside the range)
  const auto& head = rows[0];
  REQUIRE(head.size() == 20);
  CHECK(head[0] == "conversation_id");
  CHECK(head[13] == "first_response_s");
  auto column = [&](const std::vector<std::string>& row, const std::string& name) {
    for (std::size_t i = 0; i < head.size(); ++i) {
      if (head[i] == name) return i < row.size() ? row[i] : std::string("<missing>");
    }
    FAIL("no column " << name);
    return std::string();
  };
  // Row 1 is split at the comma inside the quoted name: read its fields from the end.
  const auto& first = rows[1];
  REQUIRE(first.size() == 21);
  std::vector<std::string> one = {first[0], "Ann"};
  one.insert(one.end(), first.begin() + 3, first.end());
  CHECK(column(one, "channel") == "chat");
  CHECK(column(one, "queue") == "general");
  CHECK(column(one, "agent") == "Bob Li");
  CHECK(column(one, "opened_at") == "2025-12-06T09:00:00.000Z");
  CHECK(column(one, "assigned_at") == "2025-12-06T09:00:12.000Z");
  CHECK(column(one, "first_response_at") == "2025-12-06T09:00:40.000Z");
  CHECK(column(one, "resolved_at") == "2025-12-06T09:15:00.000Z");
  CHECK(column(one, "closed_at") == "2025-12-06T09:20:00.000Z");
  CHECK(column(one, "abandoned_at").empty());
  CHECK(column(one, "first_response_s") == "40.000");
  CHECK(column(one, "handle_time_s") == "600.000");
  CHECK(column(one, "resolution_time_s") == "900.000");
  CHECK(column(one, "transfers") == "1");
  CHECK(column(one, "reopens") == "0");
  CHECK(column(one, "csat") == "5");
  CHECK(column(one, "quality_score") == "87.5");
  const auto& two = rows[2];
  CHECK(column(two, "customer") == "'=cmd");
  CHECK(column(two, "agent").empty());
  CHECK(column(two, "abandoned_at") == "2025-12-06T10:00:30.000Z");
  CHECK(column(two, "first_response_s").empty());
  CHECK(column(two, "handle_time_s").empty());
  CHECK(column(two, "csat").empty());
}
