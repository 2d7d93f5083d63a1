#pragma once

#include <filesystem>
#include <string>
#include <string_view>

#include "server/workspace/attachment_files.hpp"

namespace kefu::workspace {

// Attachments' bytes in a folder (by default beside the SQLite database), one file per
// attachment named by its key. Thread-safe (each call touches its own file). Several nodes
// share it only through a shared file system; on PostgreSQL the bytes go in the database
// instead (SqlAttachmentFiles, docs/architecture.md).
class AttachmentFolder final : public AttachmentFiles {
 public:
  // Makes `folder` (owner-only) when it is missing.
  explicit AttachmentFolder(std::filesystem::path folder);

  // Writes the bytes to a temporary file, synced, then renamed. Throws std::runtime_error when
  // the disk refuses.
  std::string keep(std::string_view bytes) override;
  // Throws std::runtime_error when the file is gone.
  std::string read(const std::string& key) const override;
  void remove(const std::string& key) override;

 private:
  std::filesystem::path path_of(const std::string& key) const;

  std::filesystem::path folder_;
};

}  // namespace kefu::workspace
