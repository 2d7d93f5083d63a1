#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace kefu::shop {

// The shop's two secrets: the key of its order webhooks' HMAC (X-Shopify-Hmac-Sha256) and the
// key of its widget identity signatures (HMAC of its logged-in customer's id).
enum class SecretKind { order_webhook, widget_identity };

// "order_webhook" or "widget_identity", as the REST and the audit log name them.
std::string_view kind_name(SecretKind kind);
// The kind named so; nullopt for any other text.
std::optional<SecretKind> kind_named(std::string_view name);

// The longest overlap an admin may give a rotation: a week.
inline constexpr std::int64_t kMaxOverlapMs = 7ll * 24 * 3600 * 1000;

// One secret as it verifies: the current key and, for the overlap after a rotation, the one
// before it. Plain values (the store keeps them sealed).
struct ShopSecret {
  std::string current;              // "" when none was ever made
  std::string previous;             // "" when none
  std::int64_t previous_until = 0;  // the previous key verifies while now < previous_until
  std::int64_t rotated_at = 0;      // 0 when never rotated

  // The keys that verify at `now`: the current one, then the previous one while its overlap
  // lasts. Empty when none was ever made.
  std::vector<std::string> keys(std::int64_t now) const;

  // This secret after a rotation to `fresh` at `now`: the current key stays valid until
  // now + overlap_ms (0: not at all), and a previous key still in its own overlap stops at once
  // (at most two keys verify). Throws ShopInputError bad_overlap unless 0 <= overlap_ms <=
  // kMaxOverlapMs.
  ShopSecret rotated(std::string fresh, std::int64_t overlap_ms, std::int64_t now) const;
};

}  // namespace kefu::shop
