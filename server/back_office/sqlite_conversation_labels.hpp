#pragma once

#include "server/back_office/conversation_labels.hpp"

namespace SQLite {
class Database;
}

namespace kefu {

// ConversationLabels over the conversations, customers and users tables. Reads only; not
// thread-safe; `db` must outlive it.
class SqliteConversationLabels : public ConversationLabels {
 public:
  explicit SqliteConversationLabels(SQLite::Database& db) : db_(db) {}
  std::map<std::int64_t, ConversationLabel> conversations(
      const std::vector<std::int64_t>& ids) override;
  std::map<std::int64_t, std::string> staff(const std::vector<std::int64_t>& ids) override;

 private:
  SQLite::Database& db_;
};

}  // namespace kefu
