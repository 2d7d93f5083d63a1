#include "server/workspace/sqlite_canned_replies.hpp"

#include "server/store/sql/statement.hpp"

namespace kefu::workspace {
namespace {

constexpr const char* kColumns =
    "SELECT id, owner_id, team, locale, shortcut, title, body, created_at, updated_at "
    "FROM canned_replies";

CannedReply read_reply(const sql::Statement& row) {
  CannedReply r;
  r.id = row.column(0).int64();
  r.owner_id = row.column(1).optional_int64();
  r.team = row.column(2).text();
  r.locale = row.column(3).text();
  r.shortcut = row.column(4).text();
  r.title = row.column(5).text();
  r.body = row.column(6).text();
  r.created_at = row.column(7).int64();
  r.updated_at = row.column(8).int64();
  return r;
}

}  // namespace

std::vector<CannedReply> SqliteCannedReplies::visible_to(std::int64_t staff_id,
                                                         const std::vector<std::string>& teams,
                                                         bool all_shared,
                                                         const std::string& locale) {
  std::string sql =
      std::string(kColumns) + " WHERE (owner_id = ? OR (owner_id IS NULL AND (? = 1 OR team = ''";
  for (std::size_t i = 0; i < teams.size(); ++i) sql += " OR team = ?";
  sql += "))) AND (? = '' OR locale = ?) ORDER BY shortcut, locale, id";
  sql::Statement query(db_, sql);
  int at = 1;
  query.bind(at++, staff_id);
  query.bind(at++, all_shared ? 1 : 0);
  for (const auto& team : teams) query.bind(at++, team);
  query.bind(at++, locale);
  query.bind(at++, locale);
  std::vector<CannedReply> replies;
  while (query.step()) replies.push_back(read_reply(query));
  return replies;
}

std::optional<CannedReply> SqliteCannedReplies::find(std::int64_t id) {
  sql::Statement query(db_, std::string(kColumns) + " WHERE id = ?");
  query.bind(1, id);
  if (!query.step()) return std::nullopt;
  return read_reply(query);
}

void SqliteCannedReplies::check_shortcut_free(const CannedReply& reply) {
  // The same scope as the unique index canned_replies_by_shortcut (a shared reply's owner is 0).
  sql::Statement query(db_,
                       "SELECT 1 FROM canned_replies WHERE COALESCE(owner_id, 0) = ? AND "
                       "team = ? AND locale = ? AND shortcut = ? AND id <> ?");
  query.bind(1, reply.owner_id.value_or(0));
  query.bind(2, reply.team);
  query.bind(3, reply.locale);
  query.bind(4, reply.shortcut);
  query.bind(5, reply.id);
  if (query.step()) throw ShortcutTaken("/" + reply.shortcut + " is taken");
}

CannedReply SqliteCannedReplies::add(CannedReply reply, std::int64_t now) {
  reply.id = 0;
  check_shortcut_free(reply);
  sql::Statement insert(db_,
                        "INSERT INTO canned_replies(owner_id, team, locale, shortcut, title, "
                        "body, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?) "
                        "RETURNING id");
  insert.bind(1, reply.owner_id);
  insert.bind(2, reply.team);
  insert.bind(3, reply.locale);
  insert.bind(4, reply.shortcut);
  insert.bind(5, reply.title);
  insert.bind(6, reply.body);
  insert.bind(7, now);
  insert.bind(8, now);
  reply.id = insert.insert_returning_id().value();
  reply.created_at = reply.updated_at = now;
  return reply;
}

CannedReply SqliteCannedReplies::update(const CannedReply& reply, std::int64_t now) {
  check_shortcut_free(reply);
  sql::Statement change(db_,
                        "UPDATE canned_replies SET team = ?, locale = ?, shortcut = ?, "
                        "title = ?, body = ?, updated_at = ? WHERE id = ?");
  change.bind(1, reply.team);
  change.bind(2, reply.locale);
  change.bind(3, reply.shortcut);
  change.bind(4, reply.title);
  change.bind(5, reply.body);
  change.bind(6, now);
  change.bind(7, reply.id);
  change.exec();
  return *find(reply.id);
}

void SqliteCannedReplies::remove(std::int64_t id) {
  sql::Statement erase(db_, "DELETE FROM canned_replies WHERE id = ?");
  erase.bind(1, id);
  erase.exec();
}

std::optional<ConversationFacts> SqliteCannedReplies::facts_of(std::int64_t conversation_id) {
  sql::Statement query(
      db_,
      "SELECT c.agent_id, COALESCE(holder.display_name, cu.display_name, ''), "
      "COALESCE(holder.id, cu.id), "
      "CASE WHEN cu.erased_at IS NOT NULL OR holder.erased_at IS NOT NULL THEN 1 ELSE 0 END "
      "FROM conversations c JOIN customers cu ON cu.id = c.customer_id "
      "LEFT JOIN customers holder ON holder.id = cu.merged_into WHERE c.id = ?");
  query.bind(1, conversation_id);
  if (!query.step()) return std::nullopt;
  ConversationFacts facts;
  facts.conversation_id = conversation_id;
  facts.agent_id = query.column(0).optional_int64();
  const bool erased = query.column(3).int64() != 0;
  if (!erased) facts.customer_name = query.column(1).text();
  const std::int64_t customer = query.column(2).int64();
  query.reset();
  if (erased) return facts;
  sql::Statement order(db_,
                       "SELECT name FROM orders WHERE customer_id = ? OR customer_id IN "
                       "(SELECT id FROM customers WHERE merged_into = ?) "
                       "ORDER BY created_at DESC, id DESC LIMIT 1");
  order.bind(1, customer);
  order.bind(2, customer);
  if (order.step()) facts.last_order_number = order.column(0).text();
  return facts;
}

}  // namespace kefu::workspace
