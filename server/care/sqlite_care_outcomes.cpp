#include "server/care/sqlite_care_outcomes.hpp"

#include "server/store/sql/statement.hpp"

namespace kefu::care {

RuleOutcome SqliteCareOutcomes::measure(std::int64_t rule_id, std::int64_t window_ms,
                                        std::int64_t since) {
  // The survey's rating inside the event's JSON data, as each engine reads JSON.
  const std::string rating = db_.engine() == sql::Engine::postgresql
                                 ? "CAST(CAST(e.data AS jsonb) ->> 'rating' AS BIGINT)"
                                 : "json_extract(e.data, '$.rating')";
  // One row per job: its group, its customer, and what followed within the window: a reply,
  // a new order, the first rating.
  sql::Statement s(
      db_,
      "SELECT CASE WHEN j.status = 'done' THEN 1 ELSE 0 END, j.customer_id, "
      " CASE WHEN EXISTS (SELECT 1 FROM events e WHERE e.type = 'message_received' AND "
      "  e.customer_id = j.customer_id AND e.at > j.finished_at AND e.at <= j.finished_at + ?2) "
      "  THEN 1 ELSE 0 END, "
      " CASE WHEN EXISTS (SELECT 1 FROM orders o WHERE o.customer_id = j.customer_id AND "
      "  o.created_at > j.finished_at AND o.created_at <= j.finished_at + ?2) THEN 1 ELSE 0 END, "
      " (SELECT " +
          rating +
          " FROM events e WHERE e.type = 'survey_submitted' "
          "  AND e.customer_id = j.customer_id AND e.at > j.finished_at AND "
          "  e.at <= j.finished_at + ?2 ORDER BY e.id LIMIT 1) "
          "FROM care_jobs j WHERE j.rule_id = ?1 AND j.finished_at >= ?3 AND "
          "(j.status = 'done' OR (j.status = 'skipped' AND j.reason = 'holdout')) "
          "ORDER BY j.customer_id");
  s.bind(1, rule_id).bind(2, window_ms).bind(3, since);
  RuleOutcome out;
  std::int64_t last_reached = -1, last_holdout = -1;
  while (s.step()) {
    const bool done = s.column(0).int64() != 0;
    GroupOutcome& g = done ? out.reached : out.holdout;
    std::int64_t& last = done ? last_reached : last_holdout;
    const std::int64_t customer = s.column(1).int64();
    ++g.jobs;
    if (customer != last) ++g.customers;
    last = customer;
    g.replied += s.column(2).int32();
    g.repurchased += s.column(3).int32();
    if (!s.column(4).is_null()) {
      ++g.rated;
      if (s.column(4).int64() >= 4) ++g.satisfied;
    }
  }
  return out;
}

}  // namespace kefu::care
