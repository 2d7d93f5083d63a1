#pragma once

#include <SQLiteCpp/Database.h>

#include "server/mail/mail_inbox.hpp"

namespace kefu::mail {

// MailInbox in the `mail_inbox`, `mail_imap_taken` and `mail_set_aside` tables (migration step
// 5), on a connection the caller owns. Not thread-safe, as the connection.
class SqliteMailInbox : public MailInbox {
 public:
  explicit SqliteMailInbox(SQLite::Database& db) : db_(db) {}
  std::int64_t add(std::int64_t mailbox_id, const std::string& raw, std::int64_t now) override;
  void begin_imap_fetch(std::int64_t mailbox_id, std::int64_t uid_validity, std::int64_t uid,
                        std::int64_t now) override;
  std::vector<std::int64_t> pending_imap(std::int64_t mailbox_id,
                                         std::int64_t uid_validity) override;
  bool add_from_imap(std::int64_t mailbox_id, std::int64_t uid_validity, std::int64_t uid,
                     const std::string& raw, std::int64_t now) override;
  bool taken_from_imap(std::int64_t mailbox_id, std::int64_t uid_validity,
                       std::int64_t uid) override;
  std::optional<InboxEntry> oldest() override;
  void set_aside(std::int64_t entry_id, std::int64_t mailbox_id, const std::string& reason,
                 const std::string& sender, const std::string& subject, std::int64_t now) override;
  std::int64_t waiting() override;

 private:
  std::int64_t insert(std::int64_t mailbox_id, const std::string& raw, const char* source,
                      std::int64_t now);

  SQLite::Database& db_;
};

}  // namespace kefu::mail
