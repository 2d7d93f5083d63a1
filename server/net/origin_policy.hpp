#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "server/net/http_types.hpp"

namespace kefu::shop {
class ShopLink;
}  // namespace kefu::shop

namespace kefu::net {

// Who may call Kefu from a browser, by the page's Origin. Two audiences, two allow-lists:
// - staff (the console, /ws/staff, every /api/ route a session cookie authenticates, login and
//   logout included) answer only Kefu's own origin;
// - the widget (/ws/customer and the widget's REST calls, authenticated by a visitor token or by
//   nothing) answers the shops' origins (`--allowed-origin`) and Kefu's own origin (the /demo
//   shop page is served from it).
// Kefu's own origin is `--public-origin` when set (behind a proxy), else "http://" + the
// request's Host. Requests authenticated by something other than a browser's ambient
// credentials (the shop's HMAC-signed webhooks, the /metrics token, an API key without a
// session cookie) are not subject to it.
// Immutable after construction except allow_shop(); not for use while requests are served
// concurrently with allow_shop().
class OriginPolicy {
 public:
  // `public_origin` may be empty (derive from Host); it must already be normalised (see
  // normalise_origin).
  OriginPolicy(std::string public_origin, std::vector<std::string> shop_origins);

  // Adds a shop origin (tests and the fuzz harness; serve() passes them to the constructor).
  void allow_shop(std::string origin) { shop_origins_.push_back(std::move(origin)); }
  // Also answers the admin's allowed origins as `link` holds them at each request (thread-safe;
  // `link` must outlive the policy). Called once, before requests are served.
  void follow(const shop::ShopLink* link) { shop_link_ = link; }

  // Kefu's own origin for this request: the public origin, else "http://" + Host ("" without
  // a Host).
  std::string own_origin(const Request& req) const;

  // True when `origin` is one of the shops' origins (CORS for the widget's calls).
  bool shop_allows(std::string_view origin) const;

  // Null when the request to an /api/ route may go on; otherwise the refusal, 403
  // `forbidden_origin` (cross_site_refusal decides nothing for other paths and returns null).
  // Staff routes: an Origin, when sent, must be Kefu's own; a write (any method but GET, HEAD,
  // OPTIONS) must also prove it comes from Kefu's own pages: Origin equal to Kefu's own, or
  // `Sec-Fetch-Site: same-origin`. Widget routes: an Origin, when sent, must be a shop's or
  // Kefu's own (a visitor token is not an ambient credential, so none is required).
  std::optional<Response> cross_site_refusal(const Request& req) const;

  // True when a WebSocket upgrade's Origin may open the socket named by its target: /ws/staff
  // Kefu's own origin only, any other socket a shop's or Kefu's own. A missing Origin is refused.
  bool upgrade_allowed(const Request& req) const;

  // The origin (scheme://host[:port], lower case, no trailing slash) of an http or https URL
  // without path, query or fragment; nullopt when `text` is not one.
  static std::optional<std::string> normalise_origin(std::string_view text);

 private:
  bool is_own(std::string_view origin, const Request& req) const;

  std::string public_origin_;
  std::vector<std::string> shop_origins_;
  const shop::ShopLink* shop_link_ = nullptr;
};

}  // namespace kefu::net
