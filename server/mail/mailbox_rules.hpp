#pragma once

#include <stdexcept>
#include <string>
#include <vector>

#include "server/mail/mail_records.hpp"

namespace kefu::mail {

// A mailbox setting an admin may not save: `code` names the field ("invalid_name",
// "invalid_address", "invalid_display_name", "unknown_queue", "invalid_security",
// "invalid_smtp_url", "invalid_imap_url", "invalid_imap_folder", "invalid_login").
struct MailboxInvalid : std::invalid_argument {
  MailboxInvalid(std::string code_, const std::string& what)
      : std::invalid_argument(what), code(std::move(code_)) {}
  std::string code;
};

// Checks a mailbox before it is stored. name: 1-64 of a-z 0-9 . _ - (it is typed on the command
// line); address: an e-mail address in ASCII without spaces, quotes or angle brackets; display
// name: at most 100 bytes, no control characters; queue: one of `queues`; security: starttls,
// tls or none; smtp_url: smtp:// (starttls, none) or smtps:// (tls) with a host and nothing but
// an optional port (Boost.URL); imap_url: empty, or imap:// / imaps:// likewise; imap_folder:
// 1-100 bytes without control characters; login: at most 256 bytes without control characters.
// Throws MailboxInvalid.
void check_mailbox(const Mailbox& mailbox, const std::vector<std::string>& queues);

}  // namespace kefu::mail
