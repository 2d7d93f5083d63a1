#pragma once

#include "server/mail/mail_inbox.hpp"
#include "server/store/sql/connection.hpp"

namespace kefu::mail {

// MailInbox in the `mail_inbox`, `mail_imap_taken`, `mail_received` and `mail_set_aside` tables
// (migration steps 8 and 17), on the neutral SQL layer (either engine), on a connection the
// caller owns. A claim is one guarded UPDATE (PostgreSQL: on the row FOR UPDATE SKIP LOCKED, so
// that workers claiming at once take different entries). Not thread-safe, as the connection.
class SqliteMailInbox : public MailInbox {
 public:
  explicit SqliteMailInbox(sql::Connection& db) : db_(db) {}
  std::optional<std::int64_t> add(std::int64_t mailbox_id, const std::string& raw,
                                  const std::string& message_id, std::int64_t now) override;
  void begin_imap_fetch(std::int64_t mailbox_id, std::int64_t uid_validity, std::int64_t uid,
                        std::int64_t now) override;
  std::vector<std::int64_t> pending_imap(std::int64_t mailbox_id,
                                         std::int64_t uid_validity) override;
  bool add_from_imap(std::int64_t mailbox_id, std::int64_t uid_validity, std::int64_t uid,
                     const std::string& raw, const std::string& message_id,
                     std::int64_t now) override;
  bool taken_from_imap(std::int64_t mailbox_id, std::int64_t uid_validity,
                       std::int64_t uid) override;
  std::optional<InboxEntry> take_next(std::int64_t now, const std::string& worker,
                                      std::int64_t lease_ms) override;
  void set_aside(std::int64_t entry_id, std::int64_t mailbox_id, const std::string& reason,
                 const std::string& sender, const std::string& subject, std::int64_t now) override;
  std::int64_t waiting() override;

 private:
  // Notes that the mailbox received `message_id`; false when it had before ("" is never noted).
  bool note_received(std::int64_t mailbox_id, const std::string& message_id, std::int64_t now);
  std::int64_t insert(std::int64_t mailbox_id, const std::string& raw, const char* source,
                      std::int64_t now);

  sql::Connection& db_;
};

}  // namespace kefu::mail
