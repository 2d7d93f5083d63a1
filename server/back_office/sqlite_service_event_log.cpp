#include "server/back_office/sqlite_service_event_log.hpp"

#include <boost/json.hpp>

#include "server/store/sql/connection.hpp"
#include "server/store/sql/statement.hpp"

namespace kefu {

std::vector<AwaitingFirstResponse> SqliteServiceEventLog::awaiting_first_response() {
  sql::Statement select(db_,
                        "SELECT conversation_id, queue, channel, contact_start, priority"
                        " FROM kpi_open_conversations WHERE open = 1"
                        " AND awaiting_first_response = 1 AND contact_start >= 0"
                        " ORDER BY contact_start, conversation_id");
  std::vector<AwaitingFirstResponse> out;
  while (select.step()) {
    out.push_back({select.column(0).int64(), select.column(1).text(), select.column(2).text(),
                   select.column(3).int64(), select.column(4).text()});
  }
  return out;
}

bool SqliteServiceEventLog::record_sla_breach(const AwaitingFirstResponse& conversation,
                                              std::int64_t target_ms, std::int64_t breach_at,
                                              std::int64_t at) {
  // The customer and agent come from the conversation's row; the log decides "once".
  sql::Statement insert(
      db_,
      "INSERT INTO events(at, type, conversation_id, customer_id, agent_id, channel, queue, data)"
      " SELECT ?1, 'sla_breached', ?2, c.customer_id, c.agent_id, ?3, ?4, ?5"
      " FROM conversations c WHERE c.id = ?2 AND NOT EXISTS (SELECT 1 FROM events"
      " WHERE conversation_id = ?2 AND type = 'sla_breached')");
  insert.bind(1, at);
  insert.bind(2, conversation.conversation_id);
  insert.bind(3, conversation.channel);
  insert.bind(4, conversation.queue);
  insert.bind(5, boost::json::serialize(boost::json::object{{"since", conversation.since},
                                                            {"target_ms", target_ms},
                                                            {"breach_at", breach_at},
                                                            {"priority", conversation.priority}}));
  return insert.exec() > 0;
}

bool SqliteServiceEventLog::record_erasure(std::int64_t customer_id,
                                           const std::vector<std::int64_t>& family,
                                           std::int64_t at) {
  boost::json::array ids;
  for (std::int64_t id : family) ids.push_back(id);
  sql::Statement insert(
      db_,
      "INSERT INTO events(at, type, customer_id, data) SELECT ?1, 'customer_erased', ?2, ?3"
      " WHERE NOT EXISTS (SELECT 1 FROM events WHERE type = 'customer_erased'"
      " AND customer_id = ?2)");
  insert.bind(1, at);
  insert.bind(2, customer_id);
  insert.bind(3, boost::json::serialize(boost::json::object{{"customer_ids", std::move(ids)}}));
  return insert.exec() > 0;
}

}  // namespace kefu
