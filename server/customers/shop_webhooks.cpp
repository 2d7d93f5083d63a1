#include "server/customers/shop_webhooks.hpp"

#include "server/customers/errors.hpp"
#include "server/store/sql/statement.hpp"

namespace kefu::customers {

void ShopWebhooks::require_fresh(const WebhookDelivery& delivery, std::int64_t now) {
  if (!delivery.triggered_at) return;
  const std::int64_t age = now - *delivery.triggered_at;
  if (age > delivery.window_ms || -age > delivery.window_ms)
    throw StaleWebhook("X-Shopify-Triggered-At is " + std::to_string(age / 1000) +
                       " s from now, beyond the window of " +
                       std::to_string(delivery.window_ms / 1000) + " s");
}

bool ShopWebhooks::seen(const std::string& id) {
  if (id.empty()) return false;
  sql::Statement find(db_, "SELECT 1 FROM shop_webhooks WHERE webhook_id = ?");
  find.bind(1, id);
  return find.step();
}

void ShopWebhooks::remember(const WebhookDelivery& delivery, std::int64_t now) {
  if (delivery.id.empty()) return;
  sql::Statement insert(
      db_,
      "INSERT INTO shop_webhooks (webhook_id, received_at) VALUES (?, ?) ON CONFLICT DO NOTHING");
  insert.bind(1, delivery.id);
  insert.bind(2, now);
  insert.exec();
  sql::Statement prune(db_, "DELETE FROM shop_webhooks WHERE received_at < ?");
  prune.bind(1, now - 2 * delivery.window_ms);
  prune.exec();
}

}  // namespace kefu::customers
