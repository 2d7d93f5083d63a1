#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <tuple>
#include <vector>

#include "server/domain/event.hpp"
#include "server/metrics/fact_deriver.hpp"
#include "server/metrics/kpi_totals.hpp"
#include "server/store/sql/connection.hpp"
#include "server/store/sql/transaction.hpp"

namespace kefu::metrics {

// Loads the deriver state a RollupWriter saved (kpi_open_conversations, kpi_agent_state) into
// `deriver`, and returns the id of the last event it covers (0 if none).
std::int64_t load_deriver_state(sql::Connection& db, FactDeriver& deriver);

// Folds the interaction log into the kpi_ tables incrementally: each event's facts go to
// kpi_facts and are added to the hourly and daily sums of kpi_rollup_hour / kpi_rollup_day, so
// that HistoryReport answers any range from a few thousand rollup rows instead of the raw events.
// kpi_progress records the last event folded in, in the same transaction, so catching up is
// exactly-once.
//
// The per-conversation and per-agent state the deriver needs between events is saved in
// kpi_open_conversations / kpi_agent_state in the same transaction, so a new writer on the same
// database (a restart) continues where the last one stopped.
//
// Several nodes on one PostgreSQL each run a writer on the same tables: each batch is claimed
// first (a transaction-scoped advisory lock held until the batch commits). A writer that finds
// kpi_progress moved by another node reloads the saved state and continues from there, so each
// event is folded in once, by whichever node reads it first; a node that dies mid-batch commits
// nothing and the next claim reads the batch again. (SQLite has one node and one writer.)
// The log is read in sql::EventLogReader's order, so no event committed late is skipped.
// Not thread-safe. `db` and `config` must outlive it.
class RollupWriter {
 public:
  // Creates the schema if needed and loads the saved progress and state.
  RollupWriter(sql::Connection& db, const MetricsConfig& config);

  // Reads events with id greater than the last folded one, in id order, at most `limit`, folds
  // them in and commits. Returns how many events were read. An event the deriver rejects as
  // malformed is counted in skipped() and passed over, so one bad row cannot stall the metrics.
  std::size_t catch_up(std::size_t limit = SIZE_MAX);

  // Drops every kpi_facts / kpi_rollup_* row and saved state and folds the whole log again;
  // needed after a change of configuration (teams, calendars, targets) that past facts used.
  void rebuild();

  std::int64_t last_event_id() const { return last_event_id_; }
  std::size_t skipped() const { return skipped_; }

 private:
  // PostgreSQL: begins the batch's transaction in `batch`, holding the rollups' lock, after
  // another node's progress if there is any. SQLite: nothing.
  void claim(std::optional<sql::Transaction>& batch);
  void buffer(const Fact& fact);
  void flush();
  void save_state();

  sql::Connection& db_;
  const MetricsConfig& config_;
  std::unique_ptr<FactDeriver> deriver_;
  std::int64_t last_event_id_ = 0;
  std::size_t skipped_ = 0;
  std::set<std::int64_t> touched_;  // conversations whose state changed since the last flush
  std::vector<Fact> facts_;         // facts waiting to be written (staffed ones cut at hour edges)
  using Sums = std::map<std::tuple<std::int64_t, std::string, std::string>, KpiTotals>;
  void write_sums(const char* table, const Sums& sums);
  Sums hour_sums_;
  Sums day_sums_;
};

}  // namespace kefu::metrics
