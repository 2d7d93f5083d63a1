#include "server/back_office/sqlite_conversation_labels.hpp"

#include <SQLiteCpp/Database.h>
#include <SQLiteCpp/Statement.h>

namespace kefu {

std::map<std::int64_t, ConversationLabel> SqliteConversationLabels::conversations(
    const std::vector<std::int64_t>& ids) {
  std::map<std::int64_t, ConversationLabel> out;
  SQLite::Statement select(db_,
                           "SELECT COALESCE(cu.display_name, ''), c.status FROM conversations c"
                           " LEFT JOIN customers cu ON cu.id = c.customer_id WHERE c.id = ?");
  for (std::int64_t id : ids) {
    if (out.contains(id)) continue;
    select.bind(1, id);
    if (select.executeStep()) {
      out[id] = {select.getColumn(0).getString(), select.getColumn(1).getString()};
    }
    select.reset();
  }
  return out;
}

std::map<std::int64_t, std::string> SqliteConversationLabels::staff(
    const std::vector<std::int64_t>& ids) {
  std::map<std::int64_t, std::string> out;
  SQLite::Statement select(db_, "SELECT display_name FROM users WHERE id = ?");
  for (std::int64_t id : ids) {
    if (out.contains(id)) continue;
    select.bind(1, id);
    if (select.executeStep()) out[id] = select.getColumn(0).getString();
    select.reset();
  }
  return out;
}

}  // namespace kefu
