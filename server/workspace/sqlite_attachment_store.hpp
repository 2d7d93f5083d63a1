#pragma once

#include <SQLiteCpp/Database.h>

#include "server/workspace/attachments.hpp"

namespace kefu::workspace {

// AttachmentStore over the table of migration step 7 (attachments). Uses the connection it is
// given, on one thread.
class SqliteAttachmentStore final : public AttachmentStore {
 public:
  explicit SqliteAttachmentStore(SQLite::Database& db) : db_(db) {}

  AttachmentRecord add(AttachmentRecord record) override;
  std::optional<AttachmentRecord> find(std::int64_t id) override;
  std::optional<std::int64_t> customer_of(std::int64_t conversation_id) override;
  std::vector<AttachmentRecord> of_conversation(std::int64_t conversation_id) override;
  std::vector<std::string> forget_customers(const std::vector<std::int64_t>& customers) override;

 private:
  SQLite::Database& db_;
};

}  // namespace kefu::workspace
