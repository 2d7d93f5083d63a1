#include "server/workspace/conversation_transcript.hpp"

#include <SQLiteCpp/Statement.h>

#include <boost/json.hpp>
#include <string>

#include "server/workspace/errors.hpp"

namespace kefu::workspace {
namespace {

namespace json = boost::json;

constexpr int kMaxPage = 500;

json::value nullable_int(const SQLite::Column& column) {
  if (column.isNull()) return nullptr;
  return column.getInt64();
}

json::object read_conversation(SQLite::Database& db, std::int64_t id) {
  SQLite::Statement query(db,
                          "SELECT c.id, c.customer_id, c.channel, c.status, c.queue, c.subject, "
                          "c.agent_id, COALESCE(u.display_name, ''), c.created_at, c.resolved_at "
                          "FROM conversations c "
                          "LEFT JOIN users u ON u.id = COALESCE(c.agent_id, c.last_agent_id) "
                          "WHERE c.id = ?");
  query.bind(1, id);
  if (!query.executeStep()) {
    throw ConversationNotFound("no conversation " + std::to_string(id));
  }
  return {{"id", query.getColumn(0).getInt64()},
          {"customer_id", query.getColumn(1).getInt64()},
          {"channel", query.getColumn(2).getString()},
          {"status", query.getColumn(3).getString()},
          {"queue", query.getColumn(4).getString()},
          {"subject", query.getColumn(5).getString()},
          {"agent_id", nullable_int(query.getColumn(6))},
          {"agent_name", query.getColumn(7).getString()},
          {"created_at", query.getColumn(8).getInt64()},
          {"resolved_at", nullable_int(query.getColumn(9))}};
}

// The display name of the customer who holds `customer_id`'s data now (merges followed).
std::string customer_name(SQLite::Database& db, std::int64_t customer_id) {
  SQLite::Statement query(db,
                          "WITH RECURSIVE chain(id, name, merged_into, hops) AS ("
                          " SELECT id, display_name, merged_into, 0 FROM customers WHERE id = ?"
                          " UNION ALL SELECT c.id, c.display_name, c.merged_into, chain.hops + 1"
                          " FROM customers c JOIN chain ON c.id = chain.merged_into"
                          " WHERE chain.hops < 64)"
                          " SELECT name FROM chain WHERE merged_into IS NULL LIMIT 1");
  query.bind(1, customer_id);
  return query.executeStep() ? query.getColumn(0).getString() : std::string();
}

}  // namespace

boost::json::object read_transcript(SQLite::Database& db, std::int64_t conversation_id,
                                    std::int64_t after_seq, int limit) {
  if (after_seq < 0) throw std::invalid_argument("after must be a seq >= 0");
  if (limit < 1 || limit > kMaxPage) {
    throw std::invalid_argument("limit must be 1.." + std::to_string(kMaxPage));
  }
  json::object conversation = read_conversation(db, conversation_id);
  const std::string customer = customer_name(db, conversation.at("customer_id").as_int64());
  SQLite::Statement query(db,
                          "SELECT m.seq, m.author_kind, m.author_id, m.body, m.created_at, "
                          "COALESCE(u.display_name, '') FROM messages m "
                          "LEFT JOIN users u ON m.author_kind = 'agent' AND u.id = m.author_id "
                          "WHERE m.conversation_id = ? AND m.seq > ? ORDER BY m.seq LIMIT ?");
  query.bind(1, conversation_id);
  query.bind(2, after_seq);
  query.bind(3, limit + 1);
  json::array messages;
  bool more = false;
  while (query.executeStep()) {
    if (static_cast<int>(messages.size()) == limit) {
      more = true;
      break;
    }
    const std::string kind = query.getColumn(1).getString();
    messages.push_back(
        {{"seq", query.getColumn(0).getInt64()},
         {"author_kind", kind},
         {"author_id", query.getColumn(2).getInt64()},
         {"author_name", kind == "customer" ? customer : query.getColumn(5).getString()},
         {"text", query.getColumn(3).getString()},
         {"created_at", query.getColumn(4).getInt64()}});
  }
  return {
      {"conversation", std::move(conversation)}, {"messages", std::move(messages)}, {"more", more}};
}

}  // namespace kefu::workspace
