#pragma once

#include <boost/asio/ip/address.hpp>
#include <boost/asio/ip/network_v4.hpp>
#include <boost/asio/ip/network_v6.hpp>
#include <cstdint>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace kefu::webhooks {

// A subscription's URL, read with Boost.URL: http or https, a host, no user or password, no
// fragment, at most 2000 characters.
struct WebhookTarget {
  bool tls = false;
  std::string host;  // a name or an address ("::1" without brackets)
  std::uint16_t port = 0;
  std::string target;  // path and query, at least "/"
};

// A refused subscription or URL; code() is the typed error REST answers (docs/webhooks.md).
class InvalidWebhook : public std::invalid_argument {
 public:
  InvalidWebhook(std::string code, const std::string& message)
      : std::invalid_argument(message), code_(std::move(code)) {}
  const std::string& code() const { return code_; }

 private:
  std::string code_;
};

// Reads `url`; throws InvalidWebhook("bad_url") when it is not one Kefu delivers to.
WebhookTarget parse_webhook_url(std::string_view url);

// The networks an admin allowed for receivers (`kefu serve --webhook-allow-network`), on top of
// every public address. Server-side request forgery guard: loopback, private, link-local
// (the cloud metadata address among them), carrier-grade NAT, multicast and unspecified
// addresses are refused unless one of these networks holds them.
class AddressPolicy {
 public:
  AddressPolicy() = default;
  // Adds "127.0.0.0/8" or "::1/128"; throws std::invalid_argument for anything else.
  void allow_network(std::string_view cidr);
  // True when Kefu may connect to `address`.
  bool allows(const boost::asio::ip::address& address) const;
  // True when `address` is public (the guard's rule without any allowed network).
  static bool is_public(const boost::asio::ip::address& address);

 private:
  std::vector<boost::asio::ip::network_v4> v4_;
  std::vector<boost::asio::ip::network_v6> v6_;
};

// When `target` names an address literally, the policy's verdict on it; nullopt for names
// (they are judged after resolving, on every delivery).
std::optional<bool> literal_address_allowed(const WebhookTarget& target,
                                            const AddressPolicy& policy);

}  // namespace kefu::webhooks
