#pragma once

#include <SQLiteCpp/Database.h>

#include <memory>

#include "server/store/sql/connection.hpp"
#include "server/store/sql/sqlite_connection.hpp"
#include "server/workspace/attachments.hpp"

namespace kefu::workspace {

// AttachmentStore on the neutral SQL layer, either engine (the table of migration step 7:
// attachments). Uses the connection it is given, on one thread.
class SqliteAttachmentStore final : public AttachmentStore {
 public:
  explicit SqliteAttachmentStore(sql::Connection& db) : db_(db) {}
  // For a caller still on SQLiteCpp (the mail service until it is ported): a view of `db`,
  // which must outlive this object.
  explicit SqliteAttachmentStore(SQLite::Database& db)
      : view_(std::make_unique<sql::SqliteConnection>(db)), db_(*view_) {}

  AttachmentRecord add(AttachmentRecord record) override;
  std::optional<AttachmentRecord> find(std::int64_t id) override;
  std::optional<std::int64_t> customer_of(std::int64_t conversation_id) override;
  std::vector<AttachmentRecord> of_conversation(std::int64_t conversation_id) override;
  std::vector<std::string> forget_customers(const std::vector<std::int64_t>& customers) override;

 private:
  std::unique_ptr<sql::SqliteConnection> view_;  // set by the SQLiteCpp constructor only
  sql::Connection& db_;
};

}  // namespace kefu::workspace
