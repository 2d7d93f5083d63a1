#pragma once

#include <SQLiteCpp/Database.h>

#include "server/mail/mailboxes.hpp"

namespace kefu::mail {

// Mailboxes in the `mailboxes` table (migration step 5), on a connection the caller owns and
// keeps alive. Not thread-safe, as the connection.
class SqliteMailboxes : public Mailboxes {
 public:
  explicit SqliteMailboxes(SQLite::Database& db) : db_(db) {}
  std::vector<Mailbox> list() override;
  std::optional<Mailbox> find(std::int64_t id) override;
  std::optional<Mailbox> find_by_name(const std::string& name) override;
  std::int64_t add(const Mailbox& mailbox) override;
  bool update(const Mailbox& mailbox) override;

 private:
  SQLite::Database& db_;
};

}  // namespace kefu::mail
