#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "server/store/sql/connection.hpp"

namespace kefu::customers {

// What the shop says about one webhook delivery in its headers (Shopify: X-Shopify-Webhook-Id,
// or X-Shopify-Event-Id, and X-Shopify-Triggered-At). Shopify signs the body only, so these
// catch the shop's own retries and a naive replay; the signed body's updated_at is what keeps
// a deliberate replay from rolling an order back (OrderBook::upsert).
struct WebhookDelivery {
  std::string id;                            // "" when the shop sent none
  std::optional<std::int64_t> triggered_at;  // ms since the epoch; nullopt when not sent
  std::int64_t window_ms = 5 * 60 * 1000;    // how old (or how far ahead) it may be
};

// The shop's webhook deliveries already taken, in the `shop_webhooks` table (create_schema).
// Not thread-safe; the connection must outlive it.
class ShopWebhooks {
 public:
  explicit ShopWebhooks(sql::Connection& db) : db_(db) {}

  // Throws StaleWebhook when the delivery was triggered more than its window before `now`, or
  // more than the window after it (a clock far off, or a forged header).
  static void require_fresh(const WebhookDelivery& delivery, std::int64_t now);

  // True when a delivery with this id was taken before (and not yet pruned). False for "".
  bool seen(const std::string& id);

  // Remembers the delivery as taken and forgets those received more than twice the window
  // before `now` (any replay of them is refused as stale by then). Nothing for an id of "".
  void remember(const WebhookDelivery& delivery, std::int64_t now);

 private:
  sql::Connection& db_;
};

}  // namespace kefu::customers
