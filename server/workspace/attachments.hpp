#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace kefu::workspace {

// A file a customer or a staff member attached to a conversation. The bytes are kept outside
// the database (AttachmentFolder) under `file_key`, a random name.
struct AttachmentRecord {
  std::int64_t id = 0;
  std::int64_t conversation_id = 0;
  std::string uploader_kind;  // "customer" or "agent" (any staff member)
  std::int64_t uploader_id = 0;
  std::string name;          // as the uploader called it (shown, never used as a path)
  std::string content_type;  // sniffed from the bytes: image/png, image/jpeg, ... application/pdf
  std::int64_t size = 0;
  std::string file_key;
  std::int64_t created_at = 0;
};

// The attachments' metadata. Implementations hold all the SQL.
class AttachmentStore {
 public:
  virtual ~AttachmentStore() = default;
  // Stores the record (its id is set); returns it.
  virtual AttachmentRecord add(AttachmentRecord record) = 0;
  virtual std::optional<AttachmentRecord> find(std::int64_t id) = 0;
  // The customer a conversation is filed under, or nullopt when there is no such conversation.
  virtual std::optional<std::int64_t> customer_of(std::int64_t conversation_id) = 0;
  // The conversation's attachments, oldest first.
  virtual std::vector<AttachmentRecord> of_conversation(std::int64_t conversation_id) = 0;
  // Forgets every attachment of the conversations of these customers; returns their file keys
  // (for an erasure, which then deletes the files).
  virtual std::vector<std::string> forget_customers(const std::vector<std::int64_t>& customers) = 0;
};

}  // namespace kefu::workspace
