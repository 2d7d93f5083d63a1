#pragma once

#include <boost/json/object.hpp>
#include <cstdint>
#include <map>
#include <mutex>
#include <string>
#include <string_view>
#include <vector>

#include "server/mail/password_seal.hpp"
#include "server/shop/shop_link_store.hpp"
#include "server/shop/shop_secret.hpp"

namespace kefu::shop {

// The shop's integration as it is now, for every request that needs it: the keys that verify
// an order webhook or a widget identity signature, the key that signs (the test order, the demo
// shopper) and the shop's allowed origins. Loaded from a ShopLinkStore at start; an admin's
// change is written through the store in the caller's transaction and made live with adopt_*
// after the commit. `kefu serve --shop-secret` (the flag's key) verifies both kinds as well,
// always. Thread-safe.
class ShopLink {
 public:
  // The stored keys are sealed with the key in `key_file` (mail::PasswordSeal, created when
  // missing: the server passes the mail key file beside its database); `flag_secret` is
  // --shop-secret ("" without it). Throws std::runtime_error when the key file is unusable.
  ShopLink(const std::string& key_file, std::string flag_secret);

  // Reads the secrets (opening them) and the origins. Throws mail::SealBroken when a stored key
  // does not open (another key file).
  void load(ShopLinkStore& store);

  // The keys that verify a signature of `kind` at `now`: the stored ones (ShopSecret::keys),
  // then the flag's. Empty: nothing is configured.
  std::vector<std::string> keys(SecretKind kind, std::int64_t now) const;
  // The key among keys(order_webhook, now) that signed an order webhook's `body` (the header
  // X-Shopify-Hmac-Sha256), else the first of them (the filing path's own check then refuses
  // the signature); "" when none is configured.
  std::string order_key(std::string_view body, std::string_view header, std::int64_t now) const;
  // The same for a widget identity: the key among keys(widget_identity, now) whose HMAC of
  // `shop_customer_id` is `signature_hex`, else the first; "" when none is configured.
  std::string identity_key(std::string_view shop_customer_id, std::string_view signature_hex,
                           std::int64_t now) const;
  // The key that signs for the shop: the stored current one, else the flag's ("": none).
  std::string signing_key(SecretKind kind) const;

  std::vector<std::string> origins() const;
  // True when `origin` is one of the admin's allowed origins (exact, as browsers send it).
  bool allows_origin(std::string_view origin) const;

  // Rotates `kind` to a new random key at `now`, the current one staying valid for
  // `overlap_ms`: stores it sealed and audits shop_secret_rotated by `by`. Returns the secret
  // as it will be (live once adopted). Throws ShopInputError bad_overlap.
  ShopSecret rotate(ShopLinkStore& store, SecretKind kind, std::int64_t overlap_ms, std::int64_t by,
                    std::int64_t now) const;
  void adopt(SecretKind kind, ShopSecret secret);

  // Replaces the allowed origins by `wanted` (raw text, read_shop_origins): stores the
  // difference and audits shop_origins_updated by `by` when anything changed. Returns the new
  // list (live once adopted). Throws ShopInputError before changing anything.
  std::vector<std::string> replace_origins(ShopLinkStore& store,
                                           const std::vector<std::string>& wanted, std::int64_t by,
                                           std::int64_t now) const;
  void adopt_origins(std::vector<std::string> origins);

  // What the admin sees (docs/protocol.md, "Admin: the shop's integration"): per secret
  // {"configured", "from_flag", "rotated_at", "previous_until"} (no key), and the origins.
  boost::json::object summary(std::int64_t now) const;

 private:
  const mail::PasswordSeal seal_;
  const std::string flag_secret_;
  mutable std::mutex mutex_;
  std::map<SecretKind, ShopSecret> secrets_;  // GUARDED_BY(mutex_)
  std::vector<std::string> origins_;          // GUARDED_BY(mutex_)
};

}  // namespace kefu::shop
