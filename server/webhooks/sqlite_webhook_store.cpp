#include "server/webhooks/sqlite_webhook_store.hpp"

#include "server/store/sql/event_log_reader.hpp"
#include "server/store/sql/statement.hpp"
#include "server/store/sql/transaction.hpp"

namespace kefu::webhooks {
namespace {

constexpr const char* kCursorKey = "webhooks_through_event";

constexpr const char* kSubscriptionColumns =
    "id, url, description, event_types, secret, previous_secret, previous_secret_until, "
    "enabled, disabled_reason, disabled_at, failing_since, from_event_id, created_by, created_at";

constexpr const char* kDeliveryColumns =
    "id, subscription_id, event_id, webhook_id, event_type, payload, next_attempt_at, state, "
    "attempts, created_at, last_attempt_at, last_status, last_error, last_response";

std::optional<std::int64_t> optional_int(const sql::Column& c) {
  if (c.is_null()) return std::nullopt;
  return c.int64();
}

std::optional<std::string> optional_text(const sql::Column& c) {
  if (c.is_null()) return std::nullopt;
  return c.text();
}

std::string join(const std::vector<std::string>& words) {
  std::string out;
  for (const auto& w : words) out += (out.empty() ? "" : " ") + w;
  return out;
}

std::vector<std::string> split(const std::string& text) {
  std::vector<std::string> out;
  std::size_t start = 0;
  while (start < text.size()) {
    const auto space = text.find(' ', start);
    const auto end = space == std::string::npos ? text.size() : space;
    if (end > start) out.push_back(text.substr(start, end - start));
    start = end + 1;
  }
  return out;
}

Subscription read_subscription(sql::Statement& q) {
  Subscription s;
  s.id = q.column(0).int64();
  s.url = q.column(1).text();
  s.description = q.column(2).text();
  s.event_types = split(q.column(3).text());
  s.secret = q.column(4).text();
  s.previous_secret = optional_text(q.column(5));
  s.previous_secret_until = optional_int(q.column(6));
  s.enabled = q.column(7).int32() != 0;
  s.disabled_reason = optional_text(q.column(8));
  s.disabled_at = optional_int(q.column(9));
  s.failing_since = optional_int(q.column(10));
  s.from_event_id = q.column(11).int64();
  s.created_by = q.column(12).int64();
  s.created_at = q.column(13).int64();
  return s;
}

Delivery read_delivery(sql::Statement& q) {
  Delivery d;
  d.id = q.column(0).int64();
  d.subscription_id = q.column(1).int64();
  d.event_id = optional_int(q.column(2));
  d.webhook_id = q.column(3).text();
  d.event_type = q.column(4).text();
  d.payload = q.column(5).text();
  d.next_attempt_at = q.column(6).int64();
  d.state = q.column(7).text();
  d.attempts = q.column(8).int32();
  d.created_at = q.column(9).int64();
  d.last_attempt_at = optional_int(q.column(10));
  if (!q.column(11).is_null()) d.last_status = q.column(11).int32();
  d.last_error = q.column(12).text();
  d.last_response = q.column(13).text();
  return d;
}

void bind_optional(sql::Statement& q, int index, const std::optional<std::int64_t>& v) {
  if (v) {
    q.bind(index, *v);
  } else {
    q.bind_null(index);
  }
}

// Returns the new delivery's id, or nullopt when the event was already queued for the
// subscription.
std::optional<std::int64_t> insert_delivery(sql::Connection& db, const NewDelivery& d,
                                            std::int64_t now) {
  sql::Statement q(db,
                   "INSERT INTO webhook_deliveries(subscription_id, event_id, webhook_id, "
                   "event_type, payload, state, next_attempt_at, created_at) "
                   "VALUES (?, ?, ?, ?, ?, 'pending', ?, ?) "
                   "ON CONFLICT(subscription_id, event_id) DO NOTHING RETURNING id");
  q.bind(1, d.subscription_id);
  bind_optional(q, 2, d.event_id);
  q.bind(3, d.webhook_id);
  q.bind(4, d.event_type);
  q.bind(5, d.payload);
  q.bind(6, d.next_attempt_at);
  q.bind(7, now);
  return q.insert_returning_id();
}

}  // namespace

std::int64_t SqliteWebhookStore::add_subscription(const NewSubscription& s) {
  sql::Statement q(db_,
                   "INSERT INTO webhook_subscriptions(url, description, event_types, secret, "
                   "from_event_id, created_by, created_at) "
                   "VALUES (?, ?, ?, ?, (SELECT COALESCE(MAX(id), 0) FROM events), ?, ?) "
                   "RETURNING id");
  q.bind(1, s.url);
  q.bind(2, s.description);
  q.bind(3, join(s.event_types));
  q.bind(4, s.secret);
  q.bind(5, s.created_by);
  q.bind(6, s.created_at);
  return q.insert_returning_id().value();
}

std::vector<Subscription> SqliteWebhookStore::subscriptions() {
  sql::Statement q(db_, std::string("SELECT ") + kSubscriptionColumns +
                            " FROM webhook_subscriptions WHERE removed_at IS NULL ORDER BY id");
  std::vector<Subscription> out;
  while (q.step()) out.push_back(read_subscription(q));
  return out;
}

std::optional<Subscription> SqliteWebhookStore::subscription(std::int64_t id) {
  sql::Statement q(db_, std::string("SELECT ") + kSubscriptionColumns +
                            " FROM webhook_subscriptions WHERE id = ? AND removed_at IS NULL");
  q.bind(1, id);
  if (!q.step()) return std::nullopt;
  return read_subscription(q);
}

void SqliteWebhookStore::set_enabled(std::int64_t id, bool enabled, const std::string& reason,
                                     std::int64_t now) {
  sql::Statement q(
      db_, enabled ? "UPDATE webhook_subscriptions SET enabled = 1, disabled_reason = NULL, "
                     "disabled_at = NULL, failing_since = NULL, "
                     "from_event_id = (SELECT COALESCE(MAX(id), 0) FROM events) "
                     "WHERE id = ? AND enabled = 0"
                   : "UPDATE webhook_subscriptions SET enabled = 0, disabled_reason = ?2, "
                     "disabled_at = ?3 WHERE id = ?1 AND enabled = 1");
  q.bind(1, id);
  if (!enabled) {
    q.bind(2, reason);
    q.bind(3, now);
  }
  q.exec();
}

void SqliteWebhookStore::set_event_types(std::int64_t id, const std::vector<std::string>& types) {
  sql::Statement q(db_, "UPDATE webhook_subscriptions SET event_types = ? WHERE id = ?");
  q.bind(1, join(types));
  q.bind(2, id);
  q.exec();
}

void SqliteWebhookStore::set_failing_since(std::int64_t id, std::optional<std::int64_t> since) {
  sql::Statement q(db_, "UPDATE webhook_subscriptions SET failing_since = ? WHERE id = ?");
  bind_optional(q, 1, since);
  q.bind(2, id);
  q.exec();
}

void SqliteWebhookStore::rotate_secret(std::int64_t id, const std::string& secret,
                                       std::int64_t previous_until) {
  sql::Statement q(db_,
                   "UPDATE webhook_subscriptions SET previous_secret = secret, "
                   "previous_secret_until = ?, secret = ? WHERE id = ?");
  q.bind(1, previous_until);
  q.bind(2, secret);
  q.bind(3, id);
  q.exec();
}

bool SqliteWebhookStore::remove_subscription(std::int64_t id, std::int64_t now) {
  sql::Transaction t(db_);
  sql::Statement q(db_,
                   "UPDATE webhook_subscriptions SET removed_at = ?, enabled = 0 "
                   "WHERE id = ? AND removed_at IS NULL");
  q.bind(1, now);
  q.bind(2, id);
  if (q.exec() == 0) return false;
  sql::Statement cancel(db_,
                        "UPDATE webhook_deliveries SET state = 'cancelled' "
                        "WHERE subscription_id = ? AND state = 'pending'");
  cancel.bind(1, id);
  cancel.exec();
  t.commit();
  return true;
}

std::int64_t SqliteWebhookStore::cursor() {
  sql::Statement q(db_, "SELECT CAST(value AS BIGINT) FROM meta WHERE key = ?");
  q.bind(1, kCursorKey);
  return q.step() ? q.column(0).int64() : 0;
}

std::vector<LoggedEvent> SqliteWebhookStore::events_after(std::int64_t after, int limit) {
  sql::Statement q(db_, sql::events_after_query(db_,
                                                "id, at, type, conversation_id, customer_id, "
                                                "agent_id, channel, queue, data"));
  q.bind(1, after);
  q.bind(2, limit);
  std::vector<LoggedEvent> out;
  while (q.step()) {
    LoggedEvent e;
    e.id = q.column(0).int64();
    e.at = q.column(1).int64();
    e.type = q.column(2).text();
    e.conversation_id = optional_int(q.column(3));
    e.customer_id = optional_int(q.column(4));
    e.agent_id = optional_int(q.column(5));
    e.channel = optional_text(q.column(6));
    e.queue = optional_text(q.column(7));
    e.data = q.column(8).text();
    out.push_back(std::move(e));
  }
  return out;
}

bool SqliteWebhookStore::enqueue(const std::vector<NewDelivery>& deliveries, std::int64_t from,
                                 std::int64_t to) {
  sql::Transaction t(db_);
  sql::Statement move(db_,
                      "INSERT INTO meta(key, value) VALUES (?1, ?3) ON CONFLICT(key) DO UPDATE "
                      "SET value = excluded.value WHERE CAST(meta.value AS BIGINT) = ?2");
  move.bind(1, kCursorKey);
  move.bind(2, from);
  move.bind(3, std::to_string(to));
  if (move.exec() == 0) return false;
  for (const auto& d : deliveries) insert_delivery(db_, d, d.next_attempt_at);
  t.commit();
  return true;
}

std::int64_t SqliteWebhookStore::add_delivery(const NewDelivery& d, std::int64_t now) {
  // A test send names no event, so it never meets another delivery's key.
  return insert_delivery(db_, d, now).value();
}

std::vector<Delivery> SqliteWebhookStore::due(std::int64_t now, int limit) {
  sql::Statement q(db_, std::string("SELECT ") + kDeliveryColumns +
                            " FROM webhook_deliveries WHERE state = 'pending' AND "
                            "next_attempt_at <= ? ORDER BY next_attempt_at, id LIMIT ?");
  q.bind(1, now);
  q.bind(2, limit);
  std::vector<Delivery> out;
  while (q.step()) out.push_back(read_delivery(q));
  return out;
}

void SqliteWebhookStore::record_attempt(const Attempt& a, const std::string& state,
                                        std::int64_t next_attempt_at) {
  sql::Transaction t(db_);
  sql::Statement add(db_,
                     "INSERT INTO webhook_attempts(delivery_id, at, status, error, response, "
                     "duration_ms) VALUES (?, ?, ?, ?, ?, ?)");
  add.bind(1, a.delivery_id);
  add.bind(2, a.at);
  if (a.status) {
    add.bind(3, *a.status);
  } else {
    add.bind_null(3);
  }
  add.bind(4, a.error);
  add.bind(5, a.response);
  add.bind(6, a.duration_ms);
  add.exec();
  sql::Statement update(db_,
                        "UPDATE webhook_deliveries SET state = ?, attempts = attempts + 1, "
                        "next_attempt_at = ?, last_attempt_at = ?, last_status = ?, "
                        "last_error = ?, last_response = ? WHERE id = ?");
  update.bind(1, state);
  update.bind(2, next_attempt_at);
  update.bind(3, a.at);
  if (a.status) {
    update.bind(4, *a.status);
  } else {
    update.bind_null(4);
  }
  update.bind(5, a.error);
  update.bind(6, a.response);
  update.bind(7, a.delivery_id);
  update.exec();
  t.commit();
}

void SqliteWebhookStore::cancel_delivery(std::int64_t id) {
  sql::Statement q(
      db_, "UPDATE webhook_deliveries SET state = 'cancelled' WHERE id = ? AND state = 'pending'");
  q.bind(1, id);
  q.exec();
}

std::optional<Delivery> SqliteWebhookStore::delivery(std::int64_t id) {
  sql::Statement q(
      db_, std::string("SELECT ") + kDeliveryColumns + " FROM webhook_deliveries WHERE id = ?");
  q.bind(1, id);
  if (!q.step()) return std::nullopt;
  return read_delivery(q);
}

std::vector<Delivery> SqliteWebhookStore::deliveries(std::int64_t subscription_id, int limit) {
  sql::Statement q(db_, std::string("SELECT ") + kDeliveryColumns +
                            " FROM webhook_deliveries WHERE subscription_id = ? "
                            "ORDER BY id DESC LIMIT ?");
  q.bind(1, subscription_id);
  q.bind(2, limit);
  std::vector<Delivery> out;
  while (q.step()) out.push_back(read_delivery(q));
  return out;
}

std::vector<Attempt> SqliteWebhookStore::attempts(std::int64_t delivery_id) {
  sql::Statement q(db_,
                   "SELECT delivery_id, at, status, error, response, duration_ms "
                   "FROM webhook_attempts WHERE delivery_id = ? ORDER BY id");
  q.bind(1, delivery_id);
  std::vector<Attempt> out;
  while (q.step()) {
    Attempt a;
    a.delivery_id = q.column(0).int64();
    a.at = q.column(1).int64();
    if (!q.column(2).is_null()) a.status = q.column(2).int32();
    a.error = q.column(3).text();
    a.response = q.column(4).text();
    a.duration_ms = q.column(5).int64();
    out.push_back(std::move(a));
  }
  return out;
}

void SqliteWebhookStore::replay(std::int64_t delivery_id, std::int64_t now) {
  sql::Statement q(db_,
                   "UPDATE webhook_deliveries SET state = 'pending', attempts = 0, "
                   "next_attempt_at = ? WHERE id = ?");
  q.bind(1, now);
  q.bind(2, delivery_id);
  q.exec();
}

}  // namespace kefu::webhooks
