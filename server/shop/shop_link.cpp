#include "server/shop/shop_link.hpp"

#include <sodium.h>

#include <algorithm>
#include <boost/json.hpp>
#include <stdexcept>

#include "server/auth/secret_token.hpp"
#include "server/customers/signatures.hpp"
#include "server/shop/shop_origins.hpp"

namespace kefu::shop {
namespace json = boost::json;

namespace {

json::value time_or_null(std::int64_t ms) {
  return ms > 0 ? json::value(ms) : json::value(nullptr);
}

// A sealed key as text (the seal's bytes in base64), so that it fits a text column on either
// engine and a JSON export.
std::string seal_text(const mail::PasswordSeal& seal, const std::string& key) {
  if (key.empty()) return "";
  const std::string bytes = seal.seal(key);
  std::string text(sodium_base64_encoded_len(bytes.size(), sodium_base64_VARIANT_ORIGINAL), '\0');
  sodium_bin2base64(text.data(), text.size(), reinterpret_cast<const unsigned char*>(bytes.data()),
                    bytes.size(), sodium_base64_VARIANT_ORIGINAL);
  text.resize(text.size() - 1);  // the terminating NUL
  return text;
}

// The key in seal_text's output. Throws mail::SealBroken.
std::string open_text(const mail::PasswordSeal& seal, const std::string& text) {
  if (text.empty()) return "";
  std::string bytes(text.size(), '\0');
  std::size_t length = 0;
  if (sodium_base642bin(reinterpret_cast<unsigned char*>(bytes.data()), bytes.size(), text.data(),
                        text.size(), nullptr, &length, nullptr,
                        sodium_base64_VARIANT_ORIGINAL) != 0) {
    throw mail::SealBroken("a sealed shop secret is not base64");
  }
  bytes.resize(length);
  return seal.open(bytes);
}

json::array origins_json(const std::vector<std::string>& origins) {
  json::array out;
  for (const auto& o : origins) out.emplace_back(o);
  return out;
}

}  // namespace

ShopLink::ShopLink(const std::string& key_file, std::string flag_secret)
    : seal_(key_file), flag_secret_(std::move(flag_secret)) {}

void ShopLink::load(ShopLinkStore& store) {
  std::map<SecretKind, ShopSecret> secrets;
  for (const auto& stored : store.secrets()) {
    const auto kind = kind_named(stored.name);
    if (!kind) continue;
    ShopSecret s;
    s.current = open_text(seal_, stored.sealed_current);
    s.previous = open_text(seal_, stored.sealed_previous);
    s.previous_until = stored.previous_until;
    s.rotated_at = stored.rotated_at;
    secrets[*kind] = std::move(s);
  }
  auto origins = store.origins();
  std::lock_guard lock(mutex_);
  secrets_ = std::move(secrets);
  origins_ = std::move(origins);
}

std::vector<std::string> ShopLink::keys(SecretKind kind, std::int64_t now) const {
  std::vector<std::string> out;
  {
    std::lock_guard lock(mutex_);
    const auto found = secrets_.find(kind);
    if (found != secrets_.end()) out = found->second.keys(now);
  }
  if (!flag_secret_.empty()) out.push_back(flag_secret_);
  return out;
}

std::string ShopLink::order_key(std::string_view body, std::string_view header,
                                std::int64_t now) const {
  const auto all = keys(SecretKind::order_webhook, now);
  for (const auto& key : all) {
    if (customers::verify_shopify_signature(body, header, key)) return key;
  }
  return all.empty() ? "" : all.front();
}

std::string ShopLink::identity_key(std::string_view shop_customer_id,
                                   std::string_view signature_hex, std::int64_t now) const {
  const auto all = keys(SecretKind::widget_identity, now);
  for (const auto& key : all) {
    if (customers::verify_visitor_signature(shop_customer_id, signature_hex, key)) return key;
  }
  return all.empty() ? "" : all.front();
}

std::string ShopLink::signing_key(SecretKind kind) const {
  std::lock_guard lock(mutex_);
  const auto found = secrets_.find(kind);
  if (found != secrets_.end() && !found->second.current.empty()) return found->second.current;
  return flag_secret_;
}

std::vector<std::string> ShopLink::origins() const {
  std::lock_guard lock(mutex_);
  return origins_;
}

bool ShopLink::allows_origin(std::string_view origin) const {
  std::lock_guard lock(mutex_);
  return !origin.empty() && std::find(origins_.begin(), origins_.end(), origin) != origins_.end();
}

ShopSecret ShopLink::rotate(ShopLinkStore& store, SecretKind kind, std::int64_t overlap_ms,
                            std::int64_t by, std::int64_t now) const {
  ShopSecret before;
  {
    std::lock_guard lock(mutex_);
    const auto found = secrets_.find(kind);
    if (found != secrets_.end()) before = found->second;
  }
  ShopSecret after = before.rotated(auth::new_secret_token(), overlap_ms, now);
  StoredShopSecret stored{std::string(kind_name(kind)), seal_text(seal_, after.current),
                          seal_text(seal_, after.previous), after.previous_until, after.rotated_at};
  store.save_secret(stored);
  store.audit({"shop_secret_rotated",
               by,
               now,
               std::string(kind_name(kind)),
               {{"rotated_at", time_or_null(before.rotated_at)}},
               {{"rotated_at", now},
                {"overlap_seconds", overlap_ms / 1000},
                {"previous_until", time_or_null(after.previous_until)}}});
  return after;
}

void ShopLink::adopt(SecretKind kind, ShopSecret secret) {
  std::lock_guard lock(mutex_);
  secrets_[kind] = std::move(secret);
}

std::vector<std::string> ShopLink::replace_origins(ShopLinkStore& store,
                                                   const std::vector<std::string>& wanted,
                                                   std::int64_t by, std::int64_t now) const {
  const auto after = read_shop_origins(wanted);
  const auto before = store.origins();
  if (before == after) return after;
  for (const auto& o : before) {
    if (std::find(after.begin(), after.end(), o) == after.end()) store.remove_origin(o);
  }
  // Kept in the order given: every origin is added again after the others are gone.
  for (const auto& o : after) store.remove_origin(o);
  std::int64_t at = now;
  for (const auto& o : after) store.add_origin(o, at++);
  store.audit({"shop_origins_updated",
               by,
               now,
               "allowed_origins",
               {{"allowed_origins", origins_json(before)}},
               {{"allowed_origins", origins_json(after)}}});
  return after;
}

void ShopLink::adopt_origins(std::vector<std::string> origins) {
  std::lock_guard lock(mutex_);
  origins_ = std::move(origins);
}

json::object ShopLink::summary(std::int64_t now) const {
  json::object out;
  std::lock_guard lock(mutex_);
  for (const auto kind : {SecretKind::order_webhook, SecretKind::widget_identity}) {
    const auto found = secrets_.find(kind);
    const ShopSecret none;
    const ShopSecret& s = found == secrets_.end() ? none : found->second;
    const bool overlapping = !s.previous.empty() && now < s.previous_until;
    out[kind_name(kind)] = json::object{
        {"configured", !s.current.empty()},
        {"from_flag", !flag_secret_.empty()},
        {"rotated_at", time_or_null(s.rotated_at)},
        {"previous_until", overlapping ? json::value(s.previous_until) : json::value(nullptr)}};
  }
  out["allowed_origins"] = origins_json(origins_);
  return out;
}

}  // namespace kefu::shop
