#include "server/workspace/attachment_files.hpp"

#include <openssl/rand.h>

#include <stdexcept>

namespace kefu::workspace {

std::string random_attachment_key() {
  unsigned char bytes[20];
  if (RAND_bytes(bytes, sizeof bytes) != 1) throw std::runtime_error("no random bytes");
  static constexpr char kHex[] = "0123456789abcdef";
  std::string key;
  for (unsigned char b : bytes) {
    key += kHex[b >> 4];
    key += kHex[b & 0xF];
  }
  return key;
}

bool is_attachment_key(std::string_view key) {
  return key.size() == 40 && key.find_first_not_of("0123456789abcdef") == std::string_view::npos;
}

}  // namespace kefu::workspace
