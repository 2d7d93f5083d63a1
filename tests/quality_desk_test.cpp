#include "server/back_office/quality_desk.hpp"

#include <boost/json.hpp>
#include <catch2/catch.hpp>
#include <string>

#include "server/store/sql/statement.hpp"
#include "tests/support/sql_backend.hpp"

// The automatic score at resolution, worked out by hand from a logged conversation, and its
// rescoring when the customer rates and when the conversation reopens (docs/metrics.md).

namespace {

namespace json = boost::json;
using kefu::sql::Statement;
using kefu::testing::MigratedDatabase;

// Appends an event of conversation 1; returns its id.
std::int64_t event(MigratedDatabase& db, std::int64_t at, const std::string& type,
                   std::optional<std::int64_t> agent = std::nullopt,
                   const std::string& data = "{}") {
  Statement s(db,
              "INSERT INTO events(at, type, conversation_id, customer_id, agent_id, channel,"
              " queue, data) VALUES (?, ?, 1, 1, ?, 'chat', 'general', ?) RETURNING id");
  s.bind(1, at);
  s.bind(2, type);
  s.bind(3, agent);
  s.bind(4, data);
  return s.insert_returning_id().value();
}

// A message as the store's writer stores it: its event first, then the row that names it.
void message(MigratedDatabase& db, std::int64_t seq, std::int64_t at, const std::string& kind,
             const std::string& body, int length) {
  const bool agent = kind == "agent";
  const std::int64_t event_id =
      event(db, at, agent ? "message_sent" : "message_received",
            agent ? std::optional<std::int64_t>(1) : std::nullopt,
            R"({"seq":)" + std::to_string(seq) + R"(,"length":)" + std::to_string(length) + "}");
  Statement s(db,
              "INSERT INTO messages(conversation_id, seq, author_kind, author_id, client_id,"
              " body, created_at, event_id) VALUES (1, ?, ?, 1, ?, ?, ?, ?)");
  s.bind(1, seq);
  s.bind(2, kind);
  s.bind(3, "c" + std::to_string(seq));
  s.bind(4, body);
  s.bind(5, at);
  s.bind(6, event_id);
  s.exec();
}

// A chat: opened at 0, Alice assigned at 1 s, first reply at 30 s (within the 60 s target),
// a second customer message at 40 s answered at 140 s (100 s: late), resolved at 150 s.
void resolved_chat(MigratedDatabase& db) {
  db.exec(
      "INSERT INTO users(id, login, display_name, role, password_hash, created_at)"
      " VALUES (1, 'alice', 'Alice Chen', 'agent', 'x', 0)");
  db.exec("INSERT INTO customers(id, display_name, created_at) VALUES (1, 'Ann', 0), (2, 'Bo', 0)");
  db.exec(
      "INSERT INTO conversations(id, customer_id, channel, status, queue, agent_id,"
      " last_agent_id, created_at, queued_at, updated_at, resolved_at)"
      " VALUES (1, 1, 'chat', 'resolved', 'general', 1, 1, 0, 0, 150000, 150000)");
  event(db, 0, "conversation_opened");
  message(db, 1, 0, "customer", "Where is my tea?", 16);
  event(db, 0, "conversation_queued", std::nullopt, R"({"reason":"new"})");
  event(db, 1'000, "conversation_assigned", 1, R"({"reason":"least_load","wait_ms":1000})");
  message(db, 2, 30'000, "agent", "您好，我来帮您查一下。", 11);
  message(db, 3, 40'000, "customer", "Thanks, and the pot?", 20);
  message(db, 4, 140'000, "agent", "Both ship today. 祝您生活愉快！", 24);
  event(db, 150'000, "conversation_resolved", 1);
}

double earned(const kefu::metrics::QualityScore& score, const std::string& name) {
  for (const auto& item : score.items) {
    if (item.name == name) return item.earned ? *item.earned : -1;
  }
  FAIL("no item " << name);
  return -2;
}

}  // namespace

TEST_CASE("a resolved conversation is scored from its logged facts", "[quality]") {
  MigratedDatabase db;
  resolved_chat(db);
  kefu::QualityDesk desk(db, [](std::string_view) { return false; });
  auto score = desk.score_conversation(1, 200'000);
  REQUIRE(score);
  CHECK(score->agent_id == 1);
  CHECK(earned(*score, "replies_within_target") == 0.5);  // 30 s yes, 100 s no
  CHECK(earned(*score, "first_response_within_target") == 1);
  CHECK(earned(*score, "resolved_without_reopen") == 1);
  CHECK(earned(*score, "kb_answer_used") == -1);  // no confident answer: left out
  CHECK(earned(*score, "csat") == -1);            // not rated yet: left out
  CHECK(earned(*score, "greeting") == 1);         // 您好
  CHECK(earned(*score, "closing") == 1);          // 祝您
  // (25×0.5 + 20 + 20 + 5 + 5) / (25 + 20 + 20 + 5 + 5) = 62.5 / 75
  CHECK(score->score == Approx(100.0 * 62.5 / 75));
  CHECK(db.real("SELECT score FROM kpi_quality_scores WHERE conversation_id = 1") ==
        Approx(100.0 * 62.5 / 75));
  CHECK(db.integer("SELECT at FROM kpi_quality_scores") == 150'000);

  // A rating of 2 earns (2 − 1) / 4 of the CSAT weight: (62.5 + 15×0.25) / 90.
  auto receipt = desk.submit_survey(1, 1, 2, "slow second answer", "s-1", 210'000);
  CHECK_FALSE(receipt.repeated);
  CHECK(db.real("SELECT score FROM kpi_quality_scores") == Approx(100.0 * 66.25 / 90));
  CHECK(db.integer(
            "SELECT COUNT(*) FROM events WHERE type = 'survey_submitted' AND agent_id = 1") == 1);

  // A reopen takes the "resolved without reopen" 20 away: (66.25 − 20) / 90.
  event(db, 300'000, "conversation_reopened");
  score = desk.score_conversation(1, 300'000);
  CHECK(earned(*score, "resolved_without_reopen") == 0);
  CHECK(score->score == Approx(100.0 * 46.25 / 90));
}

TEST_CASE("a confident KB answer the agent ignored costs the KB item", "[quality]") {
  MigratedDatabase db;
  resolved_chat(db);
  kefu::QualityDesk desk(db, [](std::string_view text) { return text == "Where is my tea?"; });
  auto score = desk.score_conversation(1, 200'000);
  CHECK(earned(*score, "kb_answer_used") == 0);
  CHECK(score->score == Approx(100.0 * 62.5 / 85));
  event(db, 20'000, "kb_article_used", 1, R"({"article_id":7})");
  CHECK(earned(*desk.score_conversation(1, 200'000), "kb_answer_used") == 1);
}

TEST_CASE("weights come from the settings, refused settings change nothing", "[quality]") {
  MigratedDatabase db;
  resolved_chat(db);
  kefu::QualityDesk desk(db, [](std::string_view) { return false; });
  CHECK_THROWS_AS(desk.replace_settings(json::parse(R"({"weights":{"greeting":-1}})")),
                  kefu::QualityRefused);
  CHECK(desk.settings().weights.greeting == 5);
  // Only the reply items count: 0.5 of replies (weight 1), first response 1 (weight 1).
  desk.replace_settings(json::parse(
      R"({"weights":{"replies_within_target":1,"first_response_within_target":1,
          "resolved_without_reopen":0,"kb_answer_used":0,"csat":0,"greeting":0,"closing":0}})"));
  CHECK(desk.score_conversation(1, 200'000)->score == Approx(75));
  // A stricter reply target: the 30 s reply is late too.
  desk.replace_settings(json::parse(R"({"reply_target_ms":{"chat":10000}})"));
  CHECK(earned(*desk.score_conversation(1, 200'000), "replies_within_target") == 0);
  // Kept in the database for the next start.
  kefu::QualityDesk again(db, [](std::string_view) { return false; });
  CHECK(again.settings().reply_target("chat") == 10000);
}

TEST_CASE("a survey for another customer's or an open conversation stores nothing", "[quality]") {
  MigratedDatabase db;
  resolved_chat(db);
  kefu::QualityDesk desk(db, [](std::string_view) { return false; });
  auto code_of = [&](std::int64_t customer, int rating, const std::string& comment) {
    try {
      desk.submit_survey(customer, 1, rating, comment, "s", 1);
    } catch (const kefu::QualityRefused& refused) {
      return refused.code();
    }
    return std::string("stored");
  };
  CHECK(code_of(2, 5, "") == "not_found");
  CHECK(code_of(1, 0, "") == "bad_field");
  CHECK(code_of(1, 5, std::string(501, 'x')) == "too_long");
  CHECK(code_of(1, 5, "\xff") == "bad_field");
  db.exec("UPDATE conversations SET status = 'assigned'");
  CHECK(code_of(1, 5, "") == "conflict");
  CHECK(db.integer("SELECT COUNT(*) FROM kpi_surveys") == 0);
  CHECK(db.integer("SELECT COUNT(*) FROM events WHERE type = 'survey_submitted'") == 0);
  CHECK_FALSE(desk.survey_due(1));
  db.exec("UPDATE conversations SET status = 'closed'");
  CHECK(desk.survey_due(1));
  CHECK(code_of(1, 5, "") == "stored");
  CHECK_FALSE(desk.survey_due(1));
  CHECK_FALSE(desk.pending_survey_of(1, 150'000 + 1000, 7LL * 86'400'000));
}
