#include "server/workspace/conversation_transcript.hpp"

#include <boost/json.hpp>
#include <string>

#include "server/store/sql/sqlite_connection.hpp"
#include "server/store/sql/statement.hpp"
#include "server/workspace/errors.hpp"

namespace kefu::workspace {
namespace {

namespace json = boost::json;

constexpr int kMaxPage = 500;

json::value nullable_int(const sql::Column& column) {
  if (column.is_null()) return nullptr;
  return column.int64();
}

json::object read_conversation(sql::Connection& db, std::int64_t id) {
  sql::Statement query(db,
                       "SELECT c.id, c.customer_id, c.channel, c.status, c.queue, c.subject, "
                       "c.agent_id, COALESCE(u.display_name, ''), c.created_at, c.resolved_at "
                       "FROM conversations c "
                       "LEFT JOIN users u ON u.id = COALESCE(c.agent_id, c.last_agent_id) "
                       "WHERE c.id = ?");
  query.bind(1, id);
  if (!query.step()) {
    throw ConversationNotFound("no conversation " + std::to_string(id));
  }
  return {{"id", query.column(0).int64()},
          {"customer_id", query.column(1).int64()},
          {"channel", query.column(2).text()},
          {"status", query.column(3).text()},
          {"queue", query.column(4).text()},
          {"subject", query.column(5).text()},
          {"agent_id", nullable_int(query.column(6))},
          {"agent_name", query.column(7).text()},
          {"created_at", query.column(8).int64()},
          {"resolved_at", nullable_int(query.column(9))}};
}

// The display name of the customer who holds `customer_id`'s data now (merges followed).
std::string customer_name(sql::Connection& db, std::int64_t customer_id) {
  sql::Statement query(db,
                       "WITH RECURSIVE chain(id, name, merged_into, hops) AS ("
                       " SELECT id, display_name, merged_into, 0 FROM customers WHERE id = ?"
                       " UNION ALL SELECT c.id, c.display_name, c.merged_into, chain.hops + 1"
                       " FROM customers c JOIN chain ON c.id = chain.merged_into"
                       " WHERE chain.hops < 64)"
                       " SELECT name FROM chain WHERE merged_into IS NULL LIMIT 1");
  query.bind(1, customer_id);
  return query.step() ? query.column(0).text() : std::string();
}

}  // namespace

boost::json::object read_transcript(sql::Connection& db, std::int64_t conversation_id,
                                    std::int64_t after_seq, int limit) {
  if (after_seq < 0) throw std::invalid_argument("after must be a seq >= 0");
  if (limit < 1 || limit > kMaxPage) {
    throw std::invalid_argument("limit must be 1.." + std::to_string(kMaxPage));
  }
  json::object conversation = read_conversation(db, conversation_id);
  const std::string customer = customer_name(db, conversation.at("customer_id").as_int64());
  sql::Statement query(db,
                       "SELECT m.seq, m.author_kind, m.author_id, m.body, m.created_at, "
                       "COALESCE(u.display_name, '') FROM messages m "
                       "LEFT JOIN users u ON m.author_kind = 'agent' AND u.id = m.author_id "
                       "WHERE m.conversation_id = ? AND m.seq > ? ORDER BY m.seq LIMIT ?");
  query.bind(1, conversation_id);
  query.bind(2, after_seq);
  query.bind(3, limit + 1);
  json::array messages;
  bool more = false;
  while (query.step()) {
    if (static_cast<int>(messages.size()) == limit) {
      more = true;
      break;
    }
    const std::string kind = query.column(1).text();
    messages.push_back({{"seq", query.column(0).int64()},
                        {"author_kind", kind},
                        {"author_id", query.column(2).int64()},
                        {"author_name", kind == "customer" ? customer : query.column(5).text()},
                        {"text", query.column(3).text()},
                        {"created_at", query.column(4).int64()}});
  }
  return {
      {"conversation", std::move(conversation)}, {"messages", std::move(messages)}, {"more", more}};
}

boost::json::object read_transcript(SQLite::Database& db, std::int64_t conversation_id,
                                    std::int64_t after_seq, int limit) {
  sql::SqliteConnection view(db);
  return read_transcript(view, conversation_id, after_seq, limit);
}

}  // namespace kefu::workspace
