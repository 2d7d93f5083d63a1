#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "server/mail/mail_records.hpp"

namespace kefu::mail {

// Received messages waiting to be filed, durable from the moment they are taken (from a pipe or
// an IMAP folder) until they are filed or set aside. Each call is atomic. Not thread-safe.
class MailInbox {
 public:
  virtual ~MailInbox() = default;
  // Keeps a message piped in (`kefu mail receive`); returns its entry id.
  virtual std::int64_t add(std::int64_t mailbox_id, const std::string& raw, std::int64_t now) = 0;
  // Notes that this IMAP message is about to be fetched (a fetch sets \Seen on the server): if
  // Kefu stops before keeping it, pending_imap names it again. Noting it twice changes nothing.
  virtual void begin_imap_fetch(std::int64_t mailbox_id, std::int64_t uid_validity,
                                std::int64_t uid, std::int64_t now) = 0;
  // UIDs noted by begin_imap_fetch and not kept yet, ascending.
  virtual std::vector<std::int64_t> pending_imap(std::int64_t mailbox_id,
                                                 std::int64_t uid_validity) = 0;
  // Keeps a message fetched by IMAP unless the same (mailbox, UIDVALIDITY, UID) was kept
  // before, in which case nothing changes and false is returned.
  virtual bool add_from_imap(std::int64_t mailbox_id, std::int64_t uid_validity, std::int64_t uid,
                             const std::string& raw, std::int64_t now) = 0;
  // True when this IMAP message was kept before.
  virtual bool taken_from_imap(std::int64_t mailbox_id, std::int64_t uid_validity,
                               std::int64_t uid) = 0;
  // The entry waiting longest, if any.
  virtual std::optional<InboxEntry> oldest() = 0;
  // Files nothing from the entry and keeps why (an auto-reply, a loop, a bounce, unreadable):
  // the entry leaves the inbox and a line naming the reason stays for the admin, with the
  // message whole (nothing received is lost).
  virtual void set_aside(std::int64_t entry_id, std::int64_t mailbox_id, const std::string& reason,
                         const std::string& sender, const std::string& subject,
                         std::int64_t now) = 0;
  // How many entries wait.
  virtual std::int64_t waiting() = 0;
};

}  // namespace kefu::mail
