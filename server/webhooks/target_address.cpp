#include "server/webhooks/target_address.hpp"

#include <array>
#include <boost/url/parse.hpp>

namespace kefu::webhooks {
namespace ip = boost::asio::ip;

namespace {

constexpr std::size_t kLongestUrl = 2000;

bool in(const ip::address_v4& a, const char* cidr) {
  const auto net = ip::make_network_v4(cidr);
  return (a.to_uint() & net.netmask().to_uint()) == net.network().to_uint();
}

bool public_v4(const ip::address_v4& a) {
  // RFC 6890 special-purpose ranges that are not reachable on the public Internet.
  static constexpr std::array kPrivate = {
      "0.0.0.0/8",       "10.0.0.0/8",     "100.64.0.0/10", "127.0.0.0/8",    "169.254.0.0/16",
      "172.16.0.0/12",   "192.0.0.0/24",   "192.0.2.0/24",  "192.168.0.0/16", "198.18.0.0/15",
      "198.51.100.0/24", "203.0.113.0/24", "224.0.0.0/4",   "240.0.0.0/4"};
  for (const char* cidr : kPrivate) {
    if (in(a, cidr)) return false;
  }
  return true;
}

}  // namespace

WebhookTarget parse_webhook_url(std::string_view url) {
  if (url.size() > kLongestUrl) throw InvalidWebhook("bad_url", "the URL is too long");
  auto parsed = boost::urls::parse_absolute_uri(url);
  if (!parsed) throw InvalidWebhook("bad_url", "not an absolute URL");
  WebhookTarget t;
  const std::string scheme(parsed->scheme());
  if (scheme == "https") {
    t.tls = true;
  } else if (scheme != "http") {
    throw InvalidWebhook("bad_url", "only http and https URLs receive webhooks");
  }
  if (!parsed->has_authority() || parsed->encoded_host().empty()) {
    throw InvalidWebhook("bad_url", "the URL has no host");
  }
  if (parsed->has_userinfo()) throw InvalidWebhook("bad_url", "no user or password in the URL");
  if (parsed->has_fragment()) throw InvalidWebhook("bad_url", "no fragment in the URL");
  switch (parsed->host_type()) {
    case boost::urls::host_type::ipv4:
      t.host = parsed->host_ipv4_address().to_string();
      break;
    case boost::urls::host_type::ipv6:
      t.host = parsed->host_ipv6_address().to_string();
      break;
    case boost::urls::host_type::name:
      t.host = parsed->host_name();
      break;
    default:
      throw InvalidWebhook("bad_url", "the URL's host is not a name or an address");
  }
  if (parsed->has_port()) {
    if (parsed->port_number() == 0) throw InvalidWebhook("bad_url", "the URL's port is invalid");
    t.port = parsed->port_number();
  } else {
    t.port = t.tls ? 443 : 80;
  }
  t.target = std::string(parsed->encoded_path());
  if (t.target.empty()) t.target = "/";
  if (parsed->has_query()) t.target += "?" + std::string(parsed->encoded_query());
  return t;
}

void AddressPolicy::allow_network(std::string_view cidr) {
  const std::string text(cidr);
  boost::system::error_code ec;
  auto v4 = ip::make_network_v4(text, ec);
  if (!ec) {
    v4_.push_back(v4);
    return;
  }
  auto v6 = ip::make_network_v6(text, ec);
  if (!ec) {
    v6_.push_back(v6);
    return;
  }
  throw std::invalid_argument("not a network (address/prefix): " + text);
}

bool AddressPolicy::is_public(const ip::address& address) {
  if (address.is_v4()) return public_v4(address.to_v4());
  const auto v6 = address.to_v6();
  if (v6.is_v4_mapped()) return public_v4(ip::make_address_v4(ip::v4_mapped, v6));
  if (v6.is_loopback() || v6.is_unspecified() || v6.is_link_local() || v6.is_site_local() ||
      v6.is_multicast()) {
    return false;
  }
  const auto bytes = v6.to_bytes();
  if ((bytes[0] & 0xfe) == 0xfc) return false;  // fc00::/7, unique local (fd00:ec2::254 too)
  return true;
}

bool AddressPolicy::allows(const ip::address& address) const {
  if (is_public(address)) return true;
  ip::address a = address;
  if (a.is_v6() && a.to_v6().is_v4_mapped()) a = ip::make_address_v4(ip::v4_mapped, a.to_v6());
  if (a.is_v4()) {
    for (const auto& net : v4_) {
      if ((a.to_v4().to_uint() & net.netmask().to_uint()) == net.network().to_uint()) return true;
    }
    return false;
  }
  for (const auto& net : v6_) {
    const auto want = net.network().to_bytes();
    const auto have = a.to_v6().to_bytes();
    int bits = net.prefix_length();
    bool same = true;
    for (std::size_t i = 0; i < 16 && bits > 0 && same; ++i, bits -= 8) {
      const unsigned mask = bits >= 8 ? 0xffu : (0xffu << (8 - bits)) & 0xffu;
      same = (want[i] & mask) == (have[i] & mask);
    }
    if (same) return true;
  }
  return false;
}

std::optional<bool> literal_address_allowed(const WebhookTarget& target,
                                            const AddressPolicy& policy) {
  boost::system::error_code ec;
  const auto address = ip::make_address(target.host, ec);
  if (ec) return std::nullopt;
  return policy.allows(address);
}

}  // namespace kefu::webhooks
