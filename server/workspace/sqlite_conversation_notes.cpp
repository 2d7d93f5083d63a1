#include "server/workspace/sqlite_conversation_notes.hpp"

#include <boost/json.hpp>

#include "server/store/sql/statement.hpp"

namespace kefu::workspace {
namespace {

namespace json = boost::json;

}  // namespace

std::optional<ConversationStaff> SqliteConversationNotes::staff_of(std::int64_t conversation_id) {
  sql::Statement query(db_,
                       "SELECT status, agent_id, last_agent_id FROM conversations WHERE id = ?");
  query.bind(1, conversation_id);
  if (!query.step()) return std::nullopt;
  return ConversationStaff{conversation_id, query.column(0).text(),
                           query.column(1).optional_int64(), query.column(2).optional_int64()};
}

StoredNote SqliteConversationNotes::add(const NewNote& note) {
  sql::Statement earlier(db_,
                         "SELECT id FROM conversation_notes WHERE author_id = ? AND client_id = ?");
  earlier.bind(1, note.author_id);
  earlier.bind(2, note.client_id);
  if (earlier.step()) return StoredNote{read(earlier.column(0).int64()), true};
  earlier.reset();
  for (std::int64_t user : note.mentions) {
    sql::Statement staff(db_,
                         "SELECT 1 FROM users WHERE id = ? AND deactivated_at IS NULL "
                         "AND password_state <> 'invited'");
    staff.bind(1, user);
    if (!staff.step()) {
      throw UnknownColleague("no active colleague " + std::to_string(user));
    }
  }
  sql::Statement insert(db_,
                        "INSERT INTO conversation_notes(conversation_id, author_id, client_id, "
                        "body, created_at) VALUES (?, ?, ?, ?, ?) RETURNING id");
  insert.bind(1, note.conversation_id);
  insert.bind(2, note.author_id);
  insert.bind(3, note.client_id);
  insert.bind(4, note.text);
  insert.bind(5, note.at);
  const std::int64_t id = insert.insert_returning_id().value();
  for (std::int64_t user : note.mentions) {
    sql::Statement mention(db_,
                           "INSERT INTO note_mentions(note_id, user_id, conversation_id) "
                           "VALUES (?, ?, ?) ON CONFLICT DO NOTHING");
    mention.bind(1, id);
    mention.bind(2, user);
    mention.bind(3, note.conversation_id);
    mention.exec();
  }
  return StoredNote{read(id), false};
}

json::object SqliteConversationNotes::read(std::int64_t id) {
  sql::Statement query(db_,
                       "SELECT n.conversation_id, n.author_id, COALESCE(u.display_name, ''), "
                       "n.body, n.created_at, n.client_id FROM conversation_notes n "
                       "LEFT JOIN users u ON u.id = n.author_id WHERE n.id = ?");
  query.bind(1, id);
  if (!query.step()) throw std::logic_error("note " + std::to_string(id) + " is gone");
  json::object note{
      {"id", id},
      {"conversation_id", query.column(0).int64()},
      {"author", json::object{{"id", query.column(1).int64()}, {"name", query.column(2).text()}}},
      {"text", query.column(3).text()},
      {"at", query.column(4).int64()},
      {"client_id", query.column(5).text()}};
  sql::Statement mentioned(db_,
                           "SELECT m.user_id, COALESCE(u.display_name, '') FROM note_mentions m "
                           "LEFT JOIN users u ON u.id = m.user_id WHERE m.note_id = ? "
                           "ORDER BY m.user_id");
  mentioned.bind(1, id);
  json::array mentions;
  while (mentioned.step()) {
    mentions.push_back(
        json::object{{"id", mentioned.column(0).int64()}, {"name", mentioned.column(1).text()}});
  }
  note["mentions"] = std::move(mentions);
  return note;
}

std::vector<json::object> SqliteConversationNotes::list(std::int64_t conversation_id) {
  sql::Statement query(db_,
                       "SELECT id FROM conversation_notes WHERE conversation_id = ? ORDER BY id");
  query.bind(1, conversation_id);
  std::vector<std::int64_t> ids;
  while (query.step()) ids.push_back(query.column(0).int64());
  std::vector<json::object> notes;
  for (std::int64_t id : ids) notes.push_back(read(id));
  return notes;
}

bool SqliteConversationNotes::takes_part(std::int64_t conversation_id, std::int64_t staff_id) {
  sql::Statement query(db_,
                       "SELECT 1 FROM conversation_notes WHERE conversation_id = ? AND "
                       "author_id = ? UNION ALL SELECT 1 FROM note_mentions WHERE "
                       "conversation_id = ? AND user_id = ? LIMIT 1");
  query.bind(1, conversation_id);
  query.bind(2, staff_id);
  query.bind(3, conversation_id);
  query.bind(4, staff_id);
  return query.step();
}

}  // namespace kefu::workspace
