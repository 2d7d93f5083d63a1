#pragma once

#include <filesystem>
#include <string>
#include <string_view>

namespace kefu::workspace {

// Where attachments' bytes live: one file per attachment in a folder beside the database,
// named by a random key (never by anything a user typed). Thread-safe (each call touches its
// own file).
class AttachmentFolder {
 public:
  explicit AttachmentFolder(std::filesystem::path folder);

  // Writes the bytes under a new random key (to a temporary file, synced, then renamed) and
  // returns the key. Throws std::runtime_error when the disk refuses.
  std::string keep(std::string_view bytes);
  // The bytes kept under `key`. Throws std::runtime_error when they are gone.
  std::string read(const std::string& key) const;
  // Deletes the file kept under `key` (nothing when it is gone already).
  void remove(const std::string& key);

 private:
  std::filesystem::path path_of(const std::string& key) const;

  std::filesystem::path folder_;
};

}  // namespace kefu::workspace
