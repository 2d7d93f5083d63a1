#include "server/net/relayed_for.hpp"

#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>

#include <boost/asio/ip/address.hpp>
#include <charconv>

namespace kefu::net {
namespace {

std::string mac_hex(std::string_view key, std::string_view address, std::string_view time) {
  std::string signed_text = "kefu-relayed-for\n";
  signed_text.append(address).append("\n").append(time);
  unsigned char mac[EVP_MAX_MD_SIZE];
  unsigned int size = 0;
  HMAC(EVP_sha256(), key.data(), static_cast<int>(key.size()),
       reinterpret_cast<const unsigned char*>(signed_text.data()), signed_text.size(), mac, &size);
  static constexpr char kDigits[] = "0123456789abcdef";
  std::string hex;
  for (unsigned int i = 0; i < size; ++i) {
    hex += kDigits[mac[i] >> 4];
    hex += kDigits[mac[i] & 0xf];
  }
  return hex;
}

std::int64_t unix_seconds(std::chrono::system_clock::time_point t) {
  return std::chrono::duration_cast<std::chrono::seconds>(t.time_since_epoch()).count();
}

}  // namespace

std::string RelayedFor::sign(std::string_view key, std::string_view address,
                             std::chrono::system_clock::time_point now) {
  const std::string time = std::to_string(unix_seconds(now));
  return std::string(address) + " " + time + " " + mac_hex(key, address, time);
}

std::optional<std::string> RelayedFor::verify(std::string_view key, std::string_view value,
                                              std::chrono::system_clock::time_point now) {
  if (key.empty()) return std::nullopt;
  const auto first = value.find(' ');
  if (first == std::string_view::npos) return std::nullopt;
  const auto second = value.find(' ', first + 1);
  if (second == std::string_view::npos) return std::nullopt;
  const std::string_view address = value.substr(0, first);
  const std::string_view time = value.substr(first + 1, second - first - 1);
  const std::string_view mac = value.substr(second + 1);
  std::int64_t seconds = 0;
  const auto [end, fault] = std::from_chars(time.data(), time.data() + time.size(), seconds);
  if (fault != std::errc() || end != time.data() + time.size() || time.empty()) {
    return std::nullopt;
  }
  const std::string expected = mac_hex(key, address, time);
  if (mac.size() != expected.size() ||
      CRYPTO_memcmp(mac.data(), expected.data(), expected.size()) != 0) {
    return std::nullopt;
  }
  const std::int64_t drift = unix_seconds(now) - seconds;
  if (drift > kWindow.count() || drift < -kWindow.count()) return std::nullopt;
  boost::system::error_code bad;
  const auto parsed = boost::asio::ip::make_address(std::string(address), bad);
  if (bad) return std::nullopt;
  return parsed.to_string();
}

}  // namespace kefu::net
