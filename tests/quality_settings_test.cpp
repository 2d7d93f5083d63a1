#include "server/metrics/quality_settings.hpp"

#include <SQLiteCpp/Database.h>

#include <boost/json.hpp>
#include <catch2/catch.hpp>

#include "server/store/sql/sqlite_connection.hpp"

using kefu::metrics::QualitySettings;
namespace json = boost::json;

TEST_CASE("quality settings round-trip through JSON and the database", "[quality]") {
  SQLite::Database sqlite(":memory:", SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE);
  kefu::sql::SqliteConnection db(sqlite);
  CHECK(kefu::metrics::load_quality_settings(db).weights.csat == 15);  // defaults
  auto s = QualitySettings::from_json(json::parse(
      R"({"weights":{"csat":30,"greeting":0},"scorecard":[{"name":"empathy","weight":2},
          {"name":"accuracy","weight":1}],"reply_target_ms":{"chat":30000}})"));
  CHECK(s.weights.csat == 30);
  CHECK(s.weights.greeting == 0);
  CHECK(s.weights.closing == 5);  // untouched members keep their default
  REQUIRE(s.scorecard.size() == 2);
  CHECK(s.reply_target("chat") == 30000);
  CHECK(s.reply_target("ticket") == 30000);  // unknown channel: the chat target
  CHECK(s.first_response_target("ticket") == 4 * 3'600'000);
  kefu::metrics::save_quality_settings(db, s);
  const auto loaded = kefu::metrics::load_quality_settings(db);
  CHECK(loaded.to_json() == s.to_json());
}

TEST_CASE("bad quality settings are refused with the reason", "[quality]") {
  const char* bad[] = {
      R"([])",
      R"({"weights":{"csat":-1}})",
      R"({"weights":{"speed":5}})",
      R"({"weights":{"csat":"high"}})",
      R"({"weights":{"replies_within_target":0,"first_response_within_target":0,
          "resolved_without_reopen":0,"kb_answer_used":0,"csat":0,"greeting":0,"closing":0}})",
      R"({"scorecard":[]})",
      R"({"scorecard":[{"name":"tone","weight":1},{"name":"tone","weight":2}]})",
      R"({"scorecard":[{"name":"","weight":1}]})",
      R"({"scorecard":[{"name":"tone"}]})",
      R"({"reply_target_ms":{"chat":0}})",
      R"({"reply_target_ms":{"chat":1.5}})",
      R"({"colour":"blue"})",
  };
  for (const char* text : bad) {
    INFO(text);
    CHECK_THROWS_AS(QualitySettings::from_json(json::parse(text)), std::invalid_argument);
  }
}
