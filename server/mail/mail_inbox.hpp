#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "server/mail/mail_records.hpp"

namespace kefu::mail {

// Received messages waiting to be filed, durable from the moment they are taken (from a pipe or
// an IMAP folder) until they are filed or set aside. A message is kept once per mailbox: by its
// Message-ID (`message_id`, without angle brackets; "" when it has none or is unreadable, and
// then by nothing) and, fetched by IMAP, by its UID. Several nodes may share the inbox (one
// PostgreSQL): each entry is filed by the one worker that claimed it (take_next) while its
// lease lasts. Each call is atomic. Not thread-safe (one connection; each worker has its own).
class MailInbox {
 public:
  // How long a worker's claim on an entry lasts: beyond one filing (the desk's wait included).
  static constexpr std::int64_t kLeaseMs = 300'000;

  virtual ~MailInbox() = default;
  // Keeps a message piped in (`kefu mail receive`); returns its entry id, or nullopt when the
  // mailbox received this Message-ID before (nothing changes).
  virtual std::optional<std::int64_t> add(std::int64_t mailbox_id, const std::string& raw,
                                          const std::string& message_id, std::int64_t now) = 0;
  // Notes that this IMAP message is about to be fetched (a fetch sets \Seen on the server): if
  // Kefu stops before keeping it, pending_imap names it again. Noting it twice changes nothing.
  virtual void begin_imap_fetch(std::int64_t mailbox_id, std::int64_t uid_validity,
                                std::int64_t uid, std::int64_t now) = 0;
  // UIDs noted by begin_imap_fetch and not kept yet, ascending.
  virtual std::vector<std::int64_t> pending_imap(std::int64_t mailbox_id,
                                                 std::int64_t uid_validity) = 0;
  // Keeps a message fetched by IMAP unless the same (mailbox, UIDVALIDITY, UID) was kept
  // before, in which case nothing changes and false is returned. The UID is noted as kept; the
  // message becomes an entry unless the mailbox received its Message-ID before (false then).
  virtual bool add_from_imap(std::int64_t mailbox_id, std::int64_t uid_validity, std::int64_t uid,
                             const std::string& raw, const std::string& message_id,
                             std::int64_t now) = 0;
  // True when this IMAP message was kept before.
  virtual bool taken_from_imap(std::int64_t mailbox_id, std::int64_t uid_validity,
                               std::int64_t uid) = 0;
  // Claims the entry waiting longest that no other worker holds (unclaimed, its lease over, or
  // claimed by `worker` itself) for `worker` until now + lease_ms, and returns it. Atomic across
  // connections: two workers never hold the same entry. nullopt when there is none.
  virtual std::optional<InboxEntry> take_next(std::int64_t now, const std::string& worker,
                                              std::int64_t lease_ms) = 0;
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
