#pragma once

#include <string>
#include <string_view>

namespace kefu::workspace {

// Where attachments' bytes live, each under a random key (never anything a user typed): a
// folder beside a SQLite database (AttachmentFolder), or the database itself on PostgreSQL,
// shared by every node (SqlAttachmentFiles). Implementations are thread-safe: the back
// office's strand and the mail thread both keep and read files.
class AttachmentFiles {
 public:
  virtual ~AttachmentFiles() = default;

  // Keeps the bytes durably under a new random key and returns the key. Throws
  // std::runtime_error (or sql::Error) when the disk or the database refuses.
  virtual std::string keep(std::string_view bytes) = 0;
  // The bytes kept under `key`. Throws std::runtime_error when they are gone.
  virtual std::string read(const std::string& key) const = 0;
  // Deletes what is kept under `key` (nothing when it is gone already).
  virtual void remove(const std::string& key) = 0;
};

// A new random key: 40 lowercase hex digits (160 bits from OpenSSL's generator).
std::string random_attachment_key();
// True when `key` has the form random_attachment_key() gives.
bool is_attachment_key(std::string_view key);

}  // namespace kefu::workspace
