#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "server/mail/mail_records.hpp"

namespace kefu::mail {

// A file that goes with a reply (an attachment the agent added to the conversation).
struct ReplyFile {
  std::string name;          // shown to the customer (already cleaned: clean_attachment_name)
  std::string content_type;  // sniffed when it was uploaded
  std::string bytes;
};

// One agent reply to write as mail.
struct Reply {
  std::string text;                     // the agent's words (UTF-8)
  std::vector<std::string> thread_ids;  // the thread's Message-IDs, oldest first
  std::int64_t conversation_id = 0;
  std::int64_t seq = 0;
  std::int64_t at = 0;  // ms since the epoch, the Date
  std::vector<ReplyFile> files;
};

// A composed reply: its Message-ID (without angle brackets) and the RFC 5322 bytes (CRLF).
struct ComposedReply {
  std::string message_id;
  std::string raw;
};

// Writes an agent's reply as a MIME message with GMime 3: From the mailbox (its display name
// and address), Reply-To the mailbox's address with the conversation's token as sub-address,
// To the customer, Subject "Re: <first subject> [kf-token]", a new Message-ID, In-Reply-To the
// thread's newest Message-ID and References its last ones, a multipart/alternative of the text
// and an HTML part made by escaping the text (line breaks as <br>) — inside a multipart/mixed
// with one base64 part per file (Content-Disposition: attachment, its name RFC 2231-encoded by
// GMime) when the reply carries files. Every header value goes
// through GMime, which encodes non-ASCII (RFC 2047); control characters (CR, LF...) in the
// subject and names are replaced by spaces first, so no text can add a header. Thread-safe.
class ReplyComposer {
 public:
  ComposedReply compose(const Mailbox& mailbox, const MailThread& thread, const Reply& reply) const;
};

// `text` escaped for HTML (& < > " '), line breaks as <br>.
std::string html_of_text(const std::string& text);

// `text` with every control character (CR and LF included) replaced by a space: one header line.
std::string one_line(const std::string& text);

}  // namespace kefu::mail
