#pragma once

#include <cstdint>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include "server/mail/mail_records.hpp"

namespace kefu::mail {

// Another mailbox already has this name.
struct MailboxNameTaken : std::runtime_error {
  using std::runtime_error::runtime_error;
};

// The shop's mailboxes as the admin connected them. Implementations hold the storage; each call
// is atomic. Not thread-safe: one thread or strand per instance.
class Mailboxes {
 public:
  virtual ~Mailboxes() = default;
  // Every mailbox, by name.
  virtual std::vector<Mailbox> list() = 0;
  virtual std::optional<Mailbox> find(std::int64_t id) = 0;
  virtual std::optional<Mailbox> find_by_name(const std::string& name) = 0;
  // Stores a new mailbox (its id is ignored) and returns its id. Throws MailboxNameTaken.
  virtual std::int64_t add(const Mailbox& mailbox) = 0;
  // Replaces every field but id and created_at. Returns false when there is no such mailbox.
  // Throws MailboxNameTaken.
  virtual bool update(const Mailbox& mailbox) = 0;
};

}  // namespace kefu::mail
