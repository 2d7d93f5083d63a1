#include "server/workspace/attachment_folder.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <fstream>
#include <sstream>
#include <stdexcept>

namespace kefu::workspace {

AttachmentFolder::AttachmentFolder(std::filesystem::path folder) : folder_(std::move(folder)) {
  std::filesystem::create_directories(folder_);
  std::filesystem::permissions(folder_, std::filesystem::perms::owner_all,
                               std::filesystem::perm_options::replace);
}

std::filesystem::path AttachmentFolder::path_of(const std::string& key) const {
  if (!is_attachment_key(key)) throw std::runtime_error("not an attachment key");
  return folder_ / key;
}

std::string AttachmentFolder::keep(std::string_view bytes) {
  const std::string key = random_attachment_key();
  const auto final_path = path_of(key);
  const auto temporary = folder_ / (key + ".part");
  const int fd = ::open(temporary.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
  if (fd < 0) throw std::runtime_error("cannot create " + temporary.string());
  std::size_t written = 0;
  while (written < bytes.size()) {
    const auto n = ::write(fd, bytes.data() + written, bytes.size() - written);
    if (n <= 0) {
      ::close(fd);
      std::filesystem::remove(temporary);
      throw std::runtime_error("cannot write " + temporary.string());
    }
    written += static_cast<std::size_t>(n);
  }
  const bool synced = ::fsync(fd) == 0;
  ::close(fd);
  if (!synced) {
    std::filesystem::remove(temporary);
    throw std::runtime_error("cannot sync " + temporary.string());
  }
  std::filesystem::rename(temporary, final_path);
  return key;
}

std::string AttachmentFolder::read(const std::string& key) const {
  std::ifstream in(path_of(key), std::ios::binary);
  if (!in) throw std::runtime_error("attachment file " + key + " is gone");
  std::ostringstream bytes;
  bytes << in.rdbuf();
  return std::move(bytes).str();
}

void AttachmentFolder::remove(const std::string& key) {
  std::error_code ignored;
  std::filesystem::remove(path_of(key), ignored);
}

}  // namespace kefu::workspace
