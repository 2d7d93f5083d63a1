#pragma once

#include <memory>
#include <mutex>
#include <string>
#include <string_view>

#include "server/store/sql/connection.hpp"
#include "server/workspace/attachment_files.hpp"

namespace kefu::workspace {

// Attachments' bytes in the database, either engine (table attachment_bytes: bytea on
// PostgreSQL, BLOB on SQLite), so that a file kept by one node is read by every other node
// on the same PostgreSQL. What the server uses on PostgreSQL (docs/architecture.md,
// "Attachments"). Thread-safe: it holds a connection of its own and runs one call at a time.
// Each call is one statement, durable when it returns (its own transaction, unless the
// connection is inside one).
class SqlAttachmentFiles final : public AttachmentFiles {
 public:
  explicit SqlAttachmentFiles(std::unique_ptr<sql::Connection> db);

  std::string keep(std::string_view bytes) override;
  std::string read(const std::string& key) const override;
  void remove(const std::string& key) override;

 private:
  mutable std::mutex mutex_;
  std::unique_ptr<sql::Connection> db_;
};

}  // namespace kefu::workspace
