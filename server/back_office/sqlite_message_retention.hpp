#pragma once

#include "server/back_office/message_retention.hpp"
#include "server/store/sql/connection.hpp"

namespace kefu {

// MessageRetention on the server's database, either engine (server/store/sql): the setting is
// meta's 'message_retention_days'; the sweep blanks `messages.body` and deletes `attachments`
// rows, and the audit events go to `events`. Uses the connection it is given (the back
// office's, which on SQLite zeroes what it deletes: secure_delete), on one thread.
class SqliteMessageRetention final : public MessageRetention {
 public:
  explicit SqliteMessageRetention(sql::Connection& db) : db_(db) {}

  std::optional<int> message_days() override;
  void set_message_days(std::optional<int> days, std::int64_t by, std::int64_t now) override;
  RetentionSweep remove_before(std::int64_t cutoff, std::int64_t by, std::int64_t now) override;

 private:
  void audit(const std::string& type, std::int64_t by, std::int64_t now, const std::string& data);

  sql::Connection& db_;
};

}  // namespace kefu
