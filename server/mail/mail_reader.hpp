#pragma once

#include <cstddef>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace kefu::mail {

// A message Kefu will not file, with a typed reason: "too_large", "malformed", "no_sender",
// "too_many_parts".
struct MailRefused : std::runtime_error {
  MailRefused(std::string code_, const std::string& what)
      : std::runtime_error(what), code(std::move(code_)) {}
  std::string code;
};

// A delivery failure report (RFC 3464): whose address failed and which message it was.
struct DeliveryFailure {
  std::string recipient;            // Final-Recipient's address
  std::string status;               // e.g. "5.1.1"
  std::string original_message_id;  // of the message that bounced, if the report names it
};

// A file attached to a received message (or a message forwarded inside it), its bytes decoded
// from their transfer encoding.
struct MailAttachment {
  std::string name;           // as the sender called it ("attachment" when unnamed)
  std::string declared_type;  // the Content-Type the sender declared, e.g. "image/png"
  std::string bytes;
};

// What Kefu reads from one received message: everything in UTF-8, headers decoded (RFC 2047),
// bodies decoded from their transfer encoding and character set.
struct InboundMail {
  std::string message_id;               // without angle brackets; empty if none
  std::vector<std::string> references;  // In-Reply-To, then References newest first
  std::string from_address;
  std::string from_name;
  std::vector<std::string> recipients;  // To, Cc and Delivered-To addresses
  std::string subject;
  std::string text;  // the plain text, or the HTML part turned into text
  std::vector<MailAttachment> attachments;
  // Sent by a program (an out-of-office notice, a list): why, e.g. "Auto-Submitted: auto-replied".
  std::string automatic;
  std::optional<DeliveryFailure> failure;  // a bounce
};

// Reads RFC 5322 messages with GMime 3. Character sets GB2312, GBK and GB18030 are read as
// GB18030 (their superset), Big5 as Big5-HKSCS, anything else through iconv; bytes that do not
// decode become U+FFFD. HTML is turned into text (html_text.hpp), never kept as HTML.
// Stateless and thread-safe.
class MailReader {
 public:
  static constexpr std::size_t kMaxBytes = 25u * 1024 * 1024;  // a 30 MB message is refused
  static constexpr int kMaxParts = 200;                        // MIME parts in one message
  static constexpr std::size_t kMaxTextBytes = 64 * 1024;      // of text kept per message

  // The message read from `raw`. Throws MailRefused: too_large above kMaxBytes; malformed when
  // GMime finds no message, a multipart without a boundary, parts nested beyond its limit, or
  // parts without headers or content (a message bomb); too_many_parts above kMaxParts;
  // no_sender without a From mailbox.
  InboundMail read(std::string_view raw) const;
};

// Makes sure GMime is initialised (once per process).
void use_gmime();

}  // namespace kefu::mail
