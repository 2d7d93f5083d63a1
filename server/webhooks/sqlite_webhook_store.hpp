#pragma once

#include "server/store/sql/connection.hpp"
#include "server/webhooks/webhook_store.hpp"

namespace kefu::webhooks {

// WebhookStore on the neutral SQL layer, either engine (tables of migration step 6:
// webhook_subscriptions, webhook_deliveries, webhook_attempts; the cursor is meta
// 'webhooks_through_event'). Uses the connection it is given, which must not be used by anyone else
// meanwhile.
class SqliteWebhookStore final : public WebhookStore {
 public:
  explicit SqliteWebhookStore(sql::Connection& db) : db_(db) {}

  std::int64_t add_subscription(const NewSubscription& s) override;
  std::vector<Subscription> subscriptions() override;
  std::optional<Subscription> subscription(std::int64_t id) override;
  void set_enabled(std::int64_t id, bool enabled, const std::string& reason,
                   std::int64_t now) override;
  void set_event_types(std::int64_t id, const std::vector<std::string>& types) override;
  void set_failing_since(std::int64_t id, std::optional<std::int64_t> since) override;
  void rotate_secret(std::int64_t id, const std::string& secret,
                     std::int64_t previous_until) override;
  bool remove_subscription(std::int64_t id, std::int64_t now) override;

  std::int64_t cursor() override;
  std::vector<LoggedEvent> events_after(std::int64_t after, int limit) override;
  bool enqueue(const std::vector<NewDelivery>& deliveries, std::int64_t from,
               std::int64_t to) override;
  std::int64_t add_delivery(const NewDelivery& d, std::int64_t now) override;
  std::vector<Delivery> due(std::int64_t now, int limit) override;
  void record_attempt(const Attempt& a, const std::string& state,
                      std::int64_t next_attempt_at) override;
  void cancel_delivery(std::int64_t id) override;
  std::optional<Delivery> delivery(std::int64_t id) override;
  std::vector<Delivery> deliveries(std::int64_t subscription_id, int limit) override;
  std::vector<Attempt> attempts(std::int64_t delivery_id) override;
  void replay(std::int64_t delivery_id, std::int64_t now) override;

 private:
  sql::Connection& db_;
};

}  // namespace kefu::webhooks
