#include "server/workspace/sqlite_canned_replies.hpp"

#include <SQLiteCpp/Statement.h>

namespace kefu::workspace {
namespace {

constexpr const char* kColumns =
    "SELECT id, owner_id, team, locale, shortcut, title, body, created_at, updated_at "
    "FROM canned_replies";

CannedReply read_reply(SQLite::Statement& row) {
  CannedReply r;
  r.id = row.getColumn(0).getInt64();
  if (!row.getColumn(1).isNull()) r.owner_id = row.getColumn(1).getInt64();
  r.team = row.getColumn(2).getString();
  r.locale = row.getColumn(3).getString();
  r.shortcut = row.getColumn(4).getString();
  r.title = row.getColumn(5).getString();
  r.body = row.getColumn(6).getString();
  r.created_at = row.getColumn(7).getInt64();
  r.updated_at = row.getColumn(8).getInt64();
  return r;
}

void bind_owner(SQLite::Statement& s, int at, const std::optional<std::int64_t>& owner) {
  if (owner) {
    s.bind(at, *owner);
  } else {
    s.bind(at);
  }
}

}  // namespace

std::vector<CannedReply> SqliteCannedReplies::visible_to(std::int64_t staff_id,
                                                         const std::vector<std::string>& teams,
                                                         bool all_shared,
                                                         const std::string& locale) {
  std::string sql = std::string(kColumns) + " WHERE (owner_id = ? OR (owner_id IS NULL AND (? ";
  sql += " OR team = ''";
  for (std::size_t i = 0; i < teams.size(); ++i) sql += " OR team = ?";
  sql += "))) AND (? = '' OR locale = ?) ORDER BY shortcut, locale, id";
  SQLite::Statement query(db_, sql);
  int at = 1;
  query.bind(at++, staff_id);
  query.bind(at++, all_shared ? 1 : 0);
  for (const auto& team : teams) query.bind(at++, team);
  query.bind(at++, locale);
  query.bind(at++, locale);
  std::vector<CannedReply> replies;
  while (query.executeStep()) replies.push_back(read_reply(query));
  return replies;
}

std::optional<CannedReply> SqliteCannedReplies::find(std::int64_t id) {
  SQLite::Statement query(db_, std::string(kColumns) + " WHERE id = ?");
  query.bind(1, id);
  if (!query.executeStep()) return std::nullopt;
  return read_reply(query);
}

void SqliteCannedReplies::check_shortcut_free(const CannedReply& reply) {
  SQLite::Statement query(db_,
                          "SELECT 1 FROM canned_replies WHERE owner_id IS ? AND team = ? AND "
                          "locale = ? AND shortcut = ? AND id <> ?");
  bind_owner(query, 1, reply.owner_id);
  query.bind(2, reply.team);
  query.bind(3, reply.locale);
  query.bind(4, reply.shortcut);
  query.bind(5, reply.id);
  if (query.executeStep()) throw ShortcutTaken("/" + reply.shortcut + " is taken");
}

CannedReply SqliteCannedReplies::add(CannedReply reply, std::int64_t now) {
  reply.id = 0;
  check_shortcut_free(reply);
  SQLite::Statement insert(db_,
                           "INSERT INTO canned_replies(owner_id, team, locale, shortcut, title, "
                           "body, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)");
  bind_owner(insert, 1, reply.owner_id);
  insert.bind(2, reply.team);
  insert.bind(3, reply.locale);
  insert.bind(4, reply.shortcut);
  insert.bind(5, reply.title);
  insert.bind(6, reply.body);
  insert.bind(7, now);
  insert.bind(8, now);
  insert.exec();
  reply.id = db_.getLastInsertRowid();
  reply.created_at = reply.updated_at = now;
  return reply;
}

CannedReply SqliteCannedReplies::update(const CannedReply& reply, std::int64_t now) {
  check_shortcut_free(reply);
  SQLite::Statement change(db_,
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
  SQLite::Statement erase(db_, "DELETE FROM canned_replies WHERE id = ?");
  erase.bind(1, id);
  erase.exec();
}

std::optional<ConversationFacts> SqliteCannedReplies::facts_of(std::int64_t conversation_id) {
  SQLite::Statement query(
      db_,
      "SELECT c.agent_id, COALESCE(holder.display_name, cu.display_name, ''), "
      "COALESCE(holder.id, cu.id), cu.erased_at IS NOT NULL OR holder.erased_at IS NOT NULL "
      "FROM conversations c JOIN customers cu ON cu.id = c.customer_id "
      "LEFT JOIN customers holder ON holder.id = cu.merged_into WHERE c.id = ?");
  query.bind(1, conversation_id);
  if (!query.executeStep()) return std::nullopt;
  ConversationFacts facts;
  facts.conversation_id = conversation_id;
  if (!query.getColumn(0).isNull()) facts.agent_id = query.getColumn(0).getInt64();
  const bool erased = query.getColumn(3).getInt() != 0;
  if (!erased) facts.customer_name = query.getColumn(1).getString();
  const std::int64_t customer = query.getColumn(2).getInt64();
  query.reset();
  if (erased) return facts;
  SQLite::Statement order(db_,
                          "SELECT name FROM orders WHERE customer_id = ? OR customer_id IN "
                          "(SELECT id FROM customers WHERE merged_into = ?) "
                          "ORDER BY created_at DESC, id DESC LIMIT 1");
  order.bind(1, customer);
  order.bind(2, customer);
  if (order.executeStep()) facts.last_order_number = order.getColumn(0).getString();
  return facts;
}

}  // namespace kefu::workspace
