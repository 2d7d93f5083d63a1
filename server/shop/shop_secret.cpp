#include "server/shop/shop_secret.hpp"

#include "server/shop/shop_errors.hpp"

namespace kefu::shop {

std::string_view kind_name(SecretKind kind) {
  return kind == SecretKind::order_webhook ? "order_webhook" : "widget_identity";
}

std::optional<SecretKind> kind_named(std::string_view name) {
  if (name == "order_webhook") return SecretKind::order_webhook;
  if (name == "widget_identity") return SecretKind::widget_identity;
  return std::nullopt;
}

std::vector<std::string> ShopSecret::keys(std::int64_t now) const {
  std::vector<std::string> out;
  if (!current.empty()) out.push_back(current);
  if (!previous.empty() && now < previous_until) out.push_back(previous);
  return out;
}

ShopSecret ShopSecret::rotated(std::string fresh, std::int64_t overlap_ms, std::int64_t now) const {
  if (overlap_ms < 0 || overlap_ms > kMaxOverlapMs) {
    throw ShopInputError("bad_overlap", "the overlap is 0 to 604800 seconds (a week)");
  }
  ShopSecret next;
  next.current = std::move(fresh);
  if (!current.empty() && overlap_ms > 0) {
    next.previous = current;
    next.previous_until = now + overlap_ms;
  }
  next.rotated_at = now;
  return next;
}

}  // namespace kefu::shop
