#include "server/net/origin_policy.hpp"

#include <algorithm>
#include <array>
#include <boost/beast/core/string.hpp>
#include <boost/beast/http.hpp>
#include <boost/url/parse.hpp>

#include "server/integration/api_keys.hpp"
#include "server/net/api_routes.hpp"
#include "server/shop/shop_link.hpp"

namespace kefu::net {
namespace http = boost::beast::http;

namespace {

// The routes a shop's page calls with a visitor token (or, for a new visitor, nothing).
constexpr std::array<std::string_view, 8> kWidgetRoutes{
    "/api/widget/visitor", "/api/widget/identify", "/api/widget/claim", "/api/kb/search",
    "/api/kb/feedback",    "/api/demo/identity",   "/api/widget/hours", "/api/kb/read"};

// Routes authenticated by a signature over the body, called by the shop's servers.
constexpr std::array<std::string_view, 1> kSignedRoutes{"/api/shop/orders"};

enum class Audience { staff, widget, signed_by_shop, api_key };

Audience audience_of(const Request& req, std::string_view path) {
  auto listed = [path](const auto& routes) {
    return std::find(routes.begin(), routes.end(), path) != routes.end();
  };
  // The shop's systems with an API key and no session cookie (every route a key opens, the
  // /api/webhooks routes among them): nothing ambient to abuse. With a
  // session cookie as well the request is judged as staff's (and then refused as ambiguous).
  const std::string_view authorization = req[http::field::authorization];
  if (authorization.starts_with("Bearer ") &&
      integration::ApiKeys::looks_like_key(authorization.substr(7)) &&
      session_cookie(req).empty()) {
    return Audience::api_key;
  }
  if (listed(kSignedRoutes)) return Audience::signed_by_shop;
  if (listed(kWidgetRoutes)) return Audience::widget;
  // A ticket is the widget's when it carries a visitor token, staff's otherwise.
  if (path == "/api/tickets" && req[http::field::authorization].starts_with("Bearer ")) {
    return Audience::widget;
  }
  // Attachments are the widget's when it sends its visitor token (attachment_routes).
  const bool attachment =
      path.starts_with("/api/attachments/") ||
      (path.starts_with("/api/conversations/") && path.ends_with("/attachments"));
  if (attachment && req[http::field::authorization].starts_with("Bearer ")) {
    return Audience::widget;
  }
  return Audience::staff;
}

bool is_write(http::verb method) {
  return method != http::verb::get && method != http::verb::head && method != http::verb::options;
}

Response refusal(const Request& req, std::string_view message) {
  auto res = error_response(req, 403, "forbidden_origin", message);
  res.keep_alive(false);
  return res;
}

}  // namespace

OriginPolicy::OriginPolicy(std::string public_origin, std::vector<std::string> shop_origins)
    : public_origin_(std::move(public_origin)), shop_origins_(std::move(shop_origins)) {}

std::string OriginPolicy::own_origin(const Request& req) const {
  if (!public_origin_.empty()) return public_origin_;
  const std::string_view host = req[http::field::host];
  if (host.empty()) return {};
  return "http://" + std::string(host);
}

bool OriginPolicy::is_own(std::string_view origin, const Request& req) const {
  const std::string own = own_origin(req);
  return !own.empty() && boost::beast::iequals(origin, own);
}

bool OriginPolicy::shop_allows(std::string_view origin) const {
  if (origin.empty()) return false;
  if (std::find(shop_origins_.begin(), shop_origins_.end(), origin) != shop_origins_.end()) {
    return true;
  }
  return shop_link_ != nullptr && shop_link_->allows_origin(origin);
}

std::optional<Response> OriginPolicy::cross_site_refusal(const Request& req) const {
  const std::string_view target = req.target();
  const std::string_view path = target.substr(0, target.find('?'));
  if (!path.starts_with("/api/")) return std::nullopt;
  const auto origin = req.find(http::field::origin);
  const bool sent = origin != req.end();
  switch (audience_of(req, path)) {
    case Audience::signed_by_shop:
    case Audience::api_key:
      return std::nullopt;
    case Audience::widget:
      if (sent && !shop_allows(origin->value()) && !is_own(origin->value(), req)) {
        return refusal(req, "this origin may not use the widget");
      }
      return std::nullopt;
    case Audience::staff:
      break;
  }
  if (sent && !is_own(origin->value(), req)) {
    return refusal(req, "staff calls come from Kefu's own pages only");
  }
  if (is_write(req.method()) && !sent && req["Sec-Fetch-Site"] != "same-origin") {
    return refusal(req, "send Origin (Kefu's own) with every staff write");
  }
  return std::nullopt;
}

bool OriginPolicy::upgrade_allowed(const Request& req) const {
  const std::string_view target = req.target();
  const std::string_view path = target.substr(0, target.find('?'));
  const auto origin = req.find(http::field::origin);
  if (origin == req.end() || origin->value().empty()) return false;
  if (path == "/ws/staff") return is_own(origin->value(), req);
  return shop_allows(origin->value()) || is_own(origin->value(), req);
}

std::optional<std::string> OriginPolicy::normalise_origin(std::string_view text) {
  auto url = boost::urls::parse_absolute_uri(text);
  if (!url || (url->scheme() != "http" && url->scheme() != "https") || !url->has_authority() ||
      url->host().empty() || url->has_userinfo() || (!url->path().empty() && url->path() != "/") ||
      url->has_query()) {
    return std::nullopt;
  }
  std::string origin = std::string(url->scheme()) + "://" + std::string(url->encoded_host());
  if (url->has_port()) origin += ":" + std::string(url->port());
  for (auto& c : origin) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return origin;
}

}  // namespace kefu::net
