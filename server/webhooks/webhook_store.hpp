#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace kefu::webhooks {

// A receiver of the shop's choosing and the event types it wants (docs/webhooks.md).
struct Subscription {
  std::int64_t id = 0;
  std::string url;
  std::string description;
  std::vector<std::string> event_types;
  std::string secret;                                 // whsec_…, signs every delivery
  std::optional<std::string> previous_secret;         // during a rotation, signs as well
  std::optional<std::int64_t> previous_secret_until;  // ms; after it the previous one is dropped
  bool enabled = true;
  std::optional<std::string> disabled_reason;  // "gone" (410), "failing", "admin"
  std::optional<std::int64_t> disabled_at;
  std::optional<std::int64_t> failing_since;  // first failure since the last success
  std::int64_t from_event_id = 0;             // log records after this one are delivered
  std::int64_t created_by = 0;                // users.id, 0 for an API key
  std::int64_t created_at = 0;
};

struct NewSubscription {
  std::string url;
  std::string description;
  std::vector<std::string> event_types;
  std::string secret;
  std::int64_t created_by = 0;
  std::int64_t created_at = 0;
};

// One record of the interaction log, as the queue reads it (docs/events.md).
struct LoggedEvent {
  std::int64_t id = 0;
  std::int64_t at = 0;
  std::string type;
  std::optional<std::int64_t> conversation_id, customer_id, agent_id;
  std::optional<std::string> channel, queue;
  std::string data;
};

// A message for one subscription. webhook_id is fixed when it is queued and sent unchanged on
// every attempt (Standard Webhooks' webhook-id), so receivers can deduplicate.
struct NewDelivery {
  std::int64_t subscription_id = 0;
  std::optional<std::int64_t> event_id;  // none for the console's test sends
  std::string webhook_id;
  std::string event_type;
  std::string payload;  // the JSON body, fixed when queued
  std::int64_t next_attempt_at = 0;
};

struct Delivery : NewDelivery {
  std::int64_t id = 0;
  std::string state;  // "pending", "delivered", "failed", "cancelled"
  int attempts = 0;
  std::int64_t created_at = 0;
  std::optional<std::int64_t> last_attempt_at;
  std::optional<int> last_status;
  std::string last_error;
  std::string last_response;  // the first characters of the receiver's body
};

// One try of a delivery: the receiver's status (none when no answer came) or the error.
struct Attempt {
  std::int64_t delivery_id = 0;
  std::int64_t at = 0;
  std::optional<int> status;
  std::string error;
  std::string response;
  std::int64_t duration_ms = 0;
};

// Where subscriptions and the delivery queue live (a SQLite implementation in
// SqliteWebhookStore; the PostgreSQL one follows issue 19). The queue reads the interaction log
// after a durable cursor: the log is written in the same transaction as each change, and the
// cursor moves in the same transaction as the deliveries made from the records it passes, so a
// crash neither loses a record nor queues one twice. Not thread-safe: one caller at a time.
class WebhookStore {
 public:
  virtual ~WebhookStore() = default;

  // Stores the subscription; it receives log records appended after this call. Returns its id.
  virtual std::int64_t add_subscription(const NewSubscription& s) = 0;
  // Every subscription not removed, oldest first.
  virtual std::vector<Subscription> subscriptions() = 0;
  virtual std::optional<Subscription> subscription(std::int64_t id) = 0;
  // Enables it (clearing the failure streak; it receives the records appended from now on, none
  // of those appended while it was disabled) or disables it with a reason.
  virtual void set_enabled(std::int64_t id, bool enabled, const std::string& reason,
                           std::int64_t now) = 0;
  virtual void set_event_types(std::int64_t id, const std::vector<std::string>& types) = 0;
  virtual void set_failing_since(std::int64_t id, std::optional<std::int64_t> since) = 0;
  // `secret` signs from now on; the current one keeps signing until `previous_until`.
  virtual void rotate_secret(std::int64_t id, const std::string& secret,
                             std::int64_t previous_until) = 0;
  // Removes it and cancels its pending deliveries; false when there is none.
  virtual bool remove_subscription(std::int64_t id, std::int64_t now) = 0;

  // The id of the last log record the queue has passed.
  virtual std::int64_t cursor() = 0;
  // Up to `limit` log records after `after`, in order.
  virtual std::vector<LoggedEvent> events_after(std::int64_t after, int limit) = 0;
  // In one transaction: queues `deliveries` and moves the cursor from `from` to `to`. False
  // (nothing queued) when the cursor is no longer at `from`. A delivery of a record already
  // queued for that subscription is not queued again.
  virtual bool enqueue(const std::vector<NewDelivery>& deliveries, std::int64_t from,
                       std::int64_t to) = 0;
  // Queues one delivery outside the log (a test send). Returns its id.
  virtual std::int64_t add_delivery(const NewDelivery& d, std::int64_t now) = 0;
  // Pending deliveries due at `now`, earliest first.
  virtual std::vector<Delivery> due(std::int64_t now, int limit) = 0;
  // Records an attempt and the delivery's new state (and, when pending, its next time).
  virtual void record_attempt(const Attempt& a, const std::string& state,
                              std::int64_t next_attempt_at) = 0;
  // Cancels a pending delivery (its subscription was disabled or removed).
  virtual void cancel_delivery(std::int64_t id) = 0;
  virtual std::optional<Delivery> delivery(std::int64_t id) = 0;
  // The subscription's newest deliveries first.
  virtual std::vector<Delivery> deliveries(std::int64_t subscription_id, int limit) = 0;
  // The delivery's attempts, oldest first.
  virtual std::vector<Attempt> attempts(std::int64_t delivery_id) = 0;
  // Sends the delivery again (same webhook-id and body) with a fresh schedule.
  virtual void replay(std::int64_t delivery_id, std::int64_t now) = 0;
};

}  // namespace kefu::webhooks
