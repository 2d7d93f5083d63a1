#include "server/net/relayed_for.hpp"

#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>

#include <boost/asio/ip/address.hpp>
#include <boost/url/encode.hpp>
#include <boost/url/pct_string_view.hpp>
#include <boost/url/rfc/unreserved_chars.hpp>
#include <charconv>

namespace kefu::net {
namespace {

// The longest node name `--node` takes (server/cli/cluster_options.cpp).
constexpr std::size_t kLongestNode = 200;

std::string mac_hex(std::string_view key, std::string_view address, std::string_view time,
                    std::string_view node) {
  std::string signed_text = "kefu-relayed-for/2\n";
  signed_text.append(address).append("\n").append(time).append("\n").append(node);
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

std::string encoded_node(std::string_view node) {
  return boost::urls::encode(node, boost::urls::unreserved_chars);
}

}  // namespace

std::string RelayedFor::sign(std::string_view key, std::string_view address, std::string_view node,
                             std::chrono::system_clock::time_point now) {
  const std::string time = std::to_string(unix_seconds(now));
  const std::string name = encoded_node(node);
  return std::string(address) + " " + time + " " + name + " " + mac_hex(key, address, time, name);
}

std::optional<RelayedClient> RelayedFor::verify(std::string_view key, std::string_view value,
                                                std::chrono::system_clock::time_point now) {
  if (key.empty()) return std::nullopt;
  // Exactly four fields, each separated by one space.
  std::string_view fields[4];
  std::string_view rest = value;
  for (int i = 0; i < 3; ++i) {
    const auto space = rest.find(' ');
    if (space == std::string_view::npos) return std::nullopt;
    fields[i] = rest.substr(0, space);
    rest.remove_prefix(space + 1);
  }
  if (rest.find(' ') != std::string_view::npos) return std::nullopt;
  fields[3] = rest;
  const auto [address, time, node, mac] = fields;
  std::int64_t seconds = 0;
  const auto [end, fault] = std::from_chars(time.data(), time.data() + time.size(), seconds);
  if (fault != std::errc() || end != time.data() + time.size() || time.empty()) {
    return std::nullopt;
  }
  const std::string expected = mac_hex(key, address, time, node);
  if (mac.size() != expected.size() ||
      CRYPTO_memcmp(mac.data(), expected.data(), expected.size()) != 0) {
    return std::nullopt;
  }
  const std::int64_t drift = unix_seconds(now) - seconds;
  if (drift > kWindow.count() || drift < -kWindow.count()) return std::nullopt;
  boost::system::error_code bad;
  const auto parsed = boost::asio::ip::make_address(std::string(address), bad);
  if (bad) return std::nullopt;
  // The name exactly as sign() encodes it, so that one name has one form.
  const auto pct = boost::urls::make_pct_string_view(node);
  if (!pct) return std::nullopt;
  std::string name = pct->decode();
  if (name.empty() || name.size() > kLongestNode || encoded_node(name) != node) {
    return std::nullopt;
  }
  return RelayedClient{parsed.to_string(), std::move(name)};
}

}  // namespace kefu::net
