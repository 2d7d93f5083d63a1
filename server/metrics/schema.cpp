#include "server/metrics/schema.hpp"

#include <SQLiteCpp/Database.h>
#include <SQLiteCpp/Statement.h>

#include <string>

#include "server/metrics/kpi_totals.hpp"
#include "server/store/sql/sqlite_connection.hpp"

namespace kefu::metrics {

void create_schema(sql::Connection& db) {
  if (auto* sqlite = sql::as_sqlite(db)) create_schema(sqlite->database());
}

void create_schema(SQLite::Database& db) {
  // Two rollups with the same columns: per UTC hour and per UTC day (`period` = floor(at / span)).
  for (const char* table : {"kpi_rollup_hour", "kpi_rollup_day"}) {
    std::string rollup = "CREATE TABLE IF NOT EXISTS " + std::string(table) +
                         " (period INTEGER NOT NULL, dimension TEXT NOT NULL, key TEXT NOT NULL,";
    for (auto name : KpiTotals::counter_names()) {
      rollup += " " + std::string(name) + " INTEGER NOT NULL DEFAULT 0,";
    }
    rollup += " PRIMARY KEY (period, dimension, key)) WITHOUT ROWID";
    db.exec(rollup);
  }
  db.exec(
      "CREATE TABLE IF NOT EXISTS kpi_facts ("
      " id INTEGER PRIMARY KEY,"
      " kind INTEGER NOT NULL,"
      " at INTEGER NOT NULL,"
      " end_at INTEGER NOT NULL,"
      " conversation_id INTEGER NOT NULL,"
      " agent_id INTEGER NOT NULL,"
      " queue TEXT NOT NULL,"
      " team TEXT NOT NULL,"
      " channel TEXT NOT NULL,"
      " value INTEGER NOT NULL,"
      " business_ms INTEGER NOT NULL,"
      " flags INTEGER NOT NULL)");
  db.exec("CREATE INDEX IF NOT EXISTS kpi_facts_at ON kpi_facts(at)");
  db.exec(
      "CREATE TABLE IF NOT EXISTS kpi_progress ("
      " id INTEGER PRIMARY KEY CHECK (id = 1),"
      " last_event_id INTEGER NOT NULL)");
  // What the rollup writer remembers between events, saved with each batch so that a restart
  // continues where it stopped (FactDeriver's ConversationState and AgentState).
  db.exec(
      "CREATE TABLE IF NOT EXISTS kpi_open_conversations ("
      " conversation_id INTEGER PRIMARY KEY,"
      " queue TEXT NOT NULL, channel TEXT NOT NULL, agent INTEGER NOT NULL,"
      " last_agent INTEGER NOT NULL, contact_start INTEGER NOT NULL,"
      " queued_since INTEGER NOT NULL, queued_offered INTEGER NOT NULL,"
      " assigned_at INTEGER NOT NULL, unanswered_since INTEGER NOT NULL,"
      " awaiting_first_response INTEGER NOT NULL, open INTEGER NOT NULL,"
      " resolved_ever INTEGER NOT NULL, reopened_ever INTEGER NOT NULL,"
      " transferred_ever INTEGER NOT NULL, priority TEXT NOT NULL DEFAULT '')");
  // A database from before the conversation's priority was kept gets the column here (the
  // table is the metrics module's own, created above rather than by the store's migrations).
  SQLite::Statement has_priority(db,
                                 "SELECT COUNT(*) FROM pragma_table_info('kpi_open_conversations')"
                                 " WHERE name = 'priority'");
  if (has_priority.executeStep() && has_priority.getColumn(0).getInt() == 0) {
    db.exec("ALTER TABLE kpi_open_conversations ADD COLUMN priority TEXT NOT NULL DEFAULT ''");
  }
  db.exec(
      "CREATE TABLE IF NOT EXISTS kpi_agent_state ("
      " agent_id INTEGER PRIMARY KEY, status TEXT NOT NULL,"
      " open_conversations INTEGER NOT NULL, since INTEGER NOT NULL)");
  db.exec(
      "CREATE TABLE IF NOT EXISTS kpi_quality_scores ("
      " conversation_id INTEGER PRIMARY KEY,"
      " agent_id INTEGER NOT NULL,"
      " at INTEGER NOT NULL,"
      " score REAL NOT NULL,"
      " breakdown TEXT NOT NULL)");
  db.exec("CREATE INDEX IF NOT EXISTS kpi_quality_scores_agent ON kpi_quality_scores(agent_id)");
  db.exec(
      "CREATE TABLE IF NOT EXISTS kpi_reviews ("
      " id INTEGER PRIMARY KEY,"
      " conversation_id INTEGER NOT NULL,"
      " agent_id INTEGER NOT NULL,"
      " reviewer_id INTEGER NOT NULL,"
      " at INTEGER NOT NULL,"
      " score REAL NOT NULL,"
      " marks TEXT NOT NULL,"  // JSON object: category -> 0..100
      " comment TEXT NOT NULL)");
  db.exec("CREATE INDEX IF NOT EXISTS kpi_reviews_agent ON kpi_reviews(agent_id)");
  db.exec(
      "CREATE TABLE IF NOT EXISTS kpi_surveys ("
      " conversation_id INTEGER PRIMARY KEY,"
      " agent_id INTEGER NOT NULL,"
      " at INTEGER NOT NULL,"
      " rating INTEGER NOT NULL CHECK (rating BETWEEN 1 AND 5),"
      " comment TEXT NOT NULL)");
  // The client_id of the `rate` command that stored a survey, so a retried command is
  // acknowledged again instead of refused (added after the table first shipped).
  bool has_client_id = false;
  {
    SQLite::Statement columns(db, "PRAGMA table_info(kpi_surveys)");
    while (columns.executeStep()) {
      has_client_id = has_client_id || columns.getColumn(1).getString() == "client_id";
    }
  }
  if (!has_client_id) {
    db.exec("ALTER TABLE kpi_surveys ADD COLUMN client_id TEXT NOT NULL DEFAULT ''");
  }
  db.exec(
      "CREATE TABLE IF NOT EXISTS kpi_quality_settings ("
      " id INTEGER PRIMARY KEY CHECK (id = 1),"
      " settings TEXT NOT NULL)");  // QualitySettings::to_json
}

}  // namespace kefu::metrics
