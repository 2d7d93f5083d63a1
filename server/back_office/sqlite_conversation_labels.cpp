#include "server/back_office/sqlite_conversation_labels.hpp"

#include "server/store/sql/connection.hpp"
#include "server/store/sql/statement.hpp"

namespace kefu {

std::map<std::int64_t, ConversationLabel> SqliteConversationLabels::conversations(
    const std::vector<std::int64_t>& ids) {
  std::map<std::int64_t, ConversationLabel> out;
  sql::Statement select(db_,
                        "SELECT COALESCE(cu.display_name, ''), c.status FROM conversations c"
                        " LEFT JOIN customers cu ON cu.id = c.customer_id WHERE c.id = ?");
  for (std::int64_t id : ids) {
    if (out.contains(id)) continue;
    select.bind(1, id);
    if (select.step()) {
      out[id] = {select.column(0).text(), select.column(1).text()};
    }
    select.reset();
  }
  return out;
}

std::map<std::int64_t, std::string> SqliteConversationLabels::staff(
    const std::vector<std::int64_t>& ids) {
  std::map<std::int64_t, std::string> out;
  sql::Statement select(db_, "SELECT display_name FROM users WHERE id = ?");
  for (std::int64_t id : ids) {
    if (out.contains(id)) continue;
    select.bind(1, id);
    if (select.step()) out[id] = select.column(0).text();
    select.reset();
  }
  return out;
}

}  // namespace kefu
