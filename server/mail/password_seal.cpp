#include "server/mail/password_seal.hpp"

#include <fcntl.h>
#include <sodium.h>
#include <unistd.h>

#include <fstream>
#include <iterator>

namespace kefu::mail {

PasswordSeal::PasswordSeal(const std::string& key_file) {
  static_assert(crypto_secretbox_KEYBYTES == 32);
  if (sodium_init() < 0) throw std::runtime_error("libsodium could not start");
  std::ifstream in(key_file, std::ios::binary);
  if (in) {
    std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    if (bytes.size() != key_.size()) throw std::runtime_error(key_file + " holds no mail key");
    std::copy(bytes.begin(), bytes.end(), key_.begin());
    return;
  }
  crypto_secretbox_keygen(key_.data());
  // O_EXCL: two processes starting together never write two different keys.
  const int fd = ::open(key_file.c_str(), O_WRONLY | O_CREAT | O_EXCL, 0600);
  if (fd < 0) {
    std::ifstream again(key_file, std::ios::binary);
    std::string bytes((std::istreambuf_iterator<char>(again)), std::istreambuf_iterator<char>());
    if (bytes.size() != key_.size()) throw std::runtime_error("cannot create " + key_file);
    std::copy(bytes.begin(), bytes.end(), key_.begin());
    return;
  }
  const bool written = ::write(fd, key_.data(), key_.size()) == static_cast<ssize_t>(key_.size());
  const bool synced = ::fsync(fd) == 0;
  ::close(fd);
  if (!written || !synced) throw std::runtime_error("cannot write " + key_file);
}

std::string PasswordSeal::key_file_for(const std::string& database) {
  return database + ".mail-key";
}

std::string PasswordSeal::seal(const std::string& password) const {
  std::string out(crypto_secretbox_NONCEBYTES + crypto_secretbox_MACBYTES + password.size(), '\0');
  auto* nonce = reinterpret_cast<unsigned char*>(out.data());
  randombytes_buf(nonce, crypto_secretbox_NONCEBYTES);
  crypto_secretbox_easy(nonce + crypto_secretbox_NONCEBYTES,
                        reinterpret_cast<const unsigned char*>(password.data()), password.size(),
                        nonce, key_.data());
  return out;
}

std::string PasswordSeal::open(const std::string& sealed) const {
  if (sealed.size() < crypto_secretbox_NONCEBYTES + crypto_secretbox_MACBYTES) {
    throw SealBroken("the sealed password is too short");
  }
  const auto* nonce = reinterpret_cast<const unsigned char*>(sealed.data());
  const std::size_t cipher_bytes = sealed.size() - crypto_secretbox_NONCEBYTES;
  std::string plain(cipher_bytes - crypto_secretbox_MACBYTES, '\0');
  if (crypto_secretbox_open_easy(reinterpret_cast<unsigned char*>(plain.data()),
                                 nonce + crypto_secretbox_NONCEBYTES, cipher_bytes, nonce,
                                 key_.data()) != 0) {
    throw SealBroken("the sealed password does not open with this key");
  }
  return plain;
}

}  // namespace kefu::mail
