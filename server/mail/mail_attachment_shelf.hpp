#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace kefu::mail {

// An attachment of a received mail that the conversation does not show (its type is not
// accepted or it is too large): its bytes are kept in the attachment folder under `file_key`
// all the same, so nothing the customer sent is lost (an admin can hand it over).
struct ShelvedAttachment {
  std::int64_t id = 0;
  std::int64_t conversation_id = 0;
  std::int64_t customer_id = 0;
  std::string name;
  std::string declared_type;  // what the sender declared
  std::int64_t size = 0;
  std::string file_key;
  std::string reason;  // "too_large" or "type_not_accepted"
  std::int64_t at = 0;
};

// Where set-aside attachments are recorded. Each call is atomic. Not thread-safe.
class MailAttachmentShelf {
 public:
  virtual ~MailAttachmentShelf() = default;
  // Records it; returns its id.
  virtual std::int64_t keep(const ShelvedAttachment& attachment) = 0;
  // The conversation's, oldest first.
  virtual std::vector<ShelvedAttachment> of_conversation(std::int64_t conversation_id) = 0;
  // Forgets those of these customers (an erasure); returns their file keys, to delete once the
  // erasure committed.
  virtual std::vector<std::string> forget_customers(const std::vector<std::int64_t>& customers) = 0;
};

}  // namespace kefu::mail
