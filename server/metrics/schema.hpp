#pragma once

namespace SQLite {
class Database;
}

namespace kefu::sql {
class Connection;
}

namespace kefu::metrics {

// Creates the metrics tables if they do not exist (all named kpi_*): kpi_facts (every derived
// fact, for the partial hours at the edges of a report), kpi_rollup_hour and kpi_rollup_day
// (sums per UTC hour and per UTC day for each queue, team, channel, agent and the total),
// kpi_progress (last event folded in),
// kpi_open_conversations and kpi_agent_state (the rollup writer's state between events),
// kpi_quality_scores, kpi_reviews and kpi_surveys. Idempotent; call it at migration time. Throws
// SQLite::Exception on a database error.
void create_schema(SQLite::Database& db);

// The same on a neutral connection: on SQLite as above; on PostgreSQL nothing, as its kpi_
// tables are a migration step (server/store/postgres/postgres_migrations.cpp).
void create_schema(sql::Connection& db);

}  // namespace kefu::metrics
