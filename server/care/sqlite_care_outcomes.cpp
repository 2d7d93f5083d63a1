#include "server/care/sqlite_care_outcomes.hpp"

#include <SQLiteCpp/Statement.h>

namespace kefu::care {

RuleOutcome SqliteCareOutcomes::measure(std::int64_t rule_id, std::int64_t window_ms,
                                        std::int64_t since) {
  // One row per job: its group, its customer, and what followed within the window: a reply,
  // a new order, the first rating.
  SQLite::Statement s(
      db_,
      "SELECT j.status = 'done', j.customer_id, "
      " EXISTS (SELECT 1 FROM events e WHERE e.type = 'message_received' AND "
      "  e.customer_id = j.customer_id AND e.at > j.finished_at AND e.at <= j.finished_at + ?2), "
      " EXISTS (SELECT 1 FROM orders o WHERE o.customer_id = j.customer_id AND "
      "  o.created_at > j.finished_at AND o.created_at <= j.finished_at + ?2), "
      " (SELECT json_extract(e.data, '$.rating') FROM events e WHERE e.type = 'survey_submitted' "
      "  AND e.customer_id = j.customer_id AND e.at > j.finished_at AND "
      "  e.at <= j.finished_at + ?2 ORDER BY e.id LIMIT 1) "
      "FROM care_jobs j WHERE j.rule_id = ?1 AND j.finished_at >= ?3 AND "
      "(j.status = 'done' OR (j.status = 'skipped' AND j.reason = 'holdout')) "
      "ORDER BY j.customer_id");
  s.bind(1, rule_id);
  s.bind(2, window_ms);
  s.bind(3, since);
  RuleOutcome out;
  std::int64_t last_reached = -1, last_holdout = -1;
  while (s.executeStep()) {
    const bool done = s.getColumn(0).getInt() != 0;
    GroupOutcome& g = done ? out.reached : out.holdout;
    std::int64_t& last = done ? last_reached : last_holdout;
    const std::int64_t customer = s.getColumn(1).getInt64();
    ++g.jobs;
    if (customer != last) ++g.customers;
    last = customer;
    g.replied += s.getColumn(2).getInt();
    g.repurchased += s.getColumn(3).getInt();
    if (!s.getColumn(4).isNull()) {
      ++g.rated;
      if (s.getColumn(4).getInt() >= 4) ++g.satisfied;
    }
  }
  return out;
}

}  // namespace kefu::care
