#pragma once

#include "server/back_office/conversation_labels.hpp"
#include "server/store/sql/connection.hpp"

namespace kefu {

// ConversationLabels over the conversations, customers and users tables. Reads only; not
// thread-safe; `db` must outlive it.
class SqliteConversationLabels : public ConversationLabels {
 public:
  explicit SqliteConversationLabels(sql::Connection& db) : db_(db) {}
  std::map<std::int64_t, ConversationLabel> conversations(
      const std::vector<std::int64_t>& ids) override;
  std::map<std::int64_t, std::string> staff(const std::vector<std::int64_t>& ids) override;

 private:
  sql::Connection& db_;
};

}  // namespace kefu
