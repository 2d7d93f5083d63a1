#pragma once

#include <SQLiteCpp/Database.h>

#include "server/back_office/message_retention.hpp"

namespace kefu {

// MessageRetention on the server's SQLite database: the setting is meta's
// 'message_retention_days'; the sweep blanks `messages.body` and deletes `attachments` rows, and
// the audit events go to `events`. Uses the connection it is given (the back office's, which
// zeroes what it deletes: secure_delete), on one thread.
class SqliteMessageRetention final : public MessageRetention {
 public:
  explicit SqliteMessageRetention(SQLite::Database& db) : db_(db) {}

  std::optional<int> message_days() override;
  void set_message_days(std::optional<int> days, std::int64_t by, std::int64_t now) override;
  RetentionSweep remove_before(std::int64_t cutoff, std::int64_t by, std::int64_t now) override;

 private:
  void audit(const std::string& type, std::int64_t by, std::int64_t now, const std::string& data);

  SQLite::Database& db_;
};

}  // namespace kefu
