#pragma once

#include <cstdint>
#include <string>

#include "server/mail/mail_records.hpp"
#include "server/mail/reply_composer.hpp"

namespace kefu::mail {

// One mail the shop starts (not a reply in a conversation): a care rule's message to a customer.
struct Notice {
  std::string to;       // the customer's address
  std::string subject;  // UTF-8, one line (control characters become spaces)
  std::string text;     // UTF-8
  std::string tag;      // in the Message-ID, e.g. "care.42" (letters, digits, dots)
  std::int64_t at = 0;  // ms since the epoch, the Date
};

// Writes a Notice as a MIME message with GMime 3: From the mailbox (its display name and
// address; replies go there and start a conversation), To the customer, the subject as given,
// a new Message-ID, and a multipart/alternative of the text and an HTML part made by escaping
// it (html_of_text). Every header value goes through GMime, which encodes non-ASCII (RFC 2047).
// Thread-safe.
class NoticeComposer {
 public:
  ComposedReply compose(const Mailbox& mailbox, const Notice& notice) const;
};

}  // namespace kefu::mail
