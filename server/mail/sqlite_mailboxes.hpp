#pragma once

#include "server/mail/mailboxes.hpp"
#include "server/store/sql/connection.hpp"

namespace kefu::mail {

// Mailboxes in the `mailboxes` table (migration step 8), on the neutral SQL layer (either
// engine), on a connection the caller owns and keeps alive. Not thread-safe, as the connection.
class SqliteMailboxes : public Mailboxes {
 public:
  explicit SqliteMailboxes(sql::Connection& db) : db_(db) {}
  std::vector<Mailbox> list() override;
  std::optional<Mailbox> find(std::int64_t id) override;
  std::optional<Mailbox> find_by_name(const std::string& name) override;
  std::int64_t add(const Mailbox& mailbox) override;
  bool update(const Mailbox& mailbox) override;

 private:
  sql::Connection& db_;
};

}  // namespace kefu::mail
