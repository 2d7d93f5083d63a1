#pragma once

#include "server/metrics/figure_facts.hpp"
#include "server/store/sql/connection.hpp"

namespace kefu::metrics {

// FigureFacts over the kpi_ tables of a SQLite database (kpi_facts, kpi_open_conversations):
// all the SQL of the figures' drill-down. Reads only. Not thread-safe; `db` must outlive it.
class SqliteFigureFacts : public FigureFacts {
 public:
  explicit SqliteFigureFacts(sql::Connection& db) : db_(db) {}

  std::vector<Fact> completed(FactKind kind, std::int64_t from, std::int64_t to,
                              const FigureGroup& group) override;
  std::vector<Fact> open_at(std::int64_t to, const FigureGroup& group) override;
  std::vector<WaitingConversation> waiting() override;

 private:
  sql::Connection& db_;
};

}  // namespace kefu::metrics
