#include "server/webhooks/webhook_dispatcher.hpp"

#include <algorithm>
#include <boost/json.hpp>
#include <iostream>

#include "server/store/sql/open_connection.hpp"
#include "server/store/sql/sqlite_connection.hpp"
#include "server/webhooks/sqlite_webhook_store.hpp"
#include "server/webhooks/webhook_event_types.hpp"
#include "server/webhooks/webhook_payload.hpp"
#include "server/webhooks/webhook_signature.hpp"

namespace kefu::webhooks {
namespace asio = boost::asio;

WebhookDispatcher::WebhookDispatcher(asio::io_context& io, const std::string& location,
                                     DispatcherSettings settings, const Clock& clock,
                                     std::function<void(Event)> log)
    : thread_(location),
      strand_(asio::make_strand(thread_.executor_or(io.get_executor()))),
      timer_(strand_),
      settings_(std::move(settings)),
      clock_(clock),
      log_(std::move(log)),
      db_(sql::open_connection(location)),
      store_(std::make_unique<SqliteWebhookStore>(*db_)),
      sender_(io.get_executor(), settings_.addresses, settings_.timeout),
      random_(std::random_device{}()) {
  if (auto* sqlite = sql::as_sqlite(*db_)) {
    sqlite->database().setBusyTimeout(5000);
    // The store's checkpointer copies the log; this connection's commits must not checkpoint.
    sqlite->database().exec("PRAGMA wal_autocheckpoint = 0");
  }
}

WebhookDispatcher::~WebhookDispatcher() {
  thread_.stop();
}

void WebhookDispatcher::start() {
  asio::post(strand_, [this] { tick(); });
}

void WebhookDispatcher::stop() {
  asio::post(strand_, [this] {
    stopped_ = true;
    timer_.cancel();
  });
}

void WebhookDispatcher::wake() {
  // The one pending wait ends early (operation_aborted) and ticks.
  asio::post(strand_, [this] { timer_.cancel(); });
}

void WebhookDispatcher::wait() {
  timer_.expires_after(settings_.poll);
  timer_.async_wait([this](boost::system::error_code) {
    if (!stopped_) tick();
  });
}

void WebhookDispatcher::tick() {
  if (stopped_) return;
  try {
    queue_from_log();
    send_due();
  } catch (const std::exception& failure) {
    // The store was busy or failed: the next poll tries again, nothing is lost.
    std::cerr << "kefu: webhooks: " << failure.what() << "\n";
  }
  wait();
}

void WebhookDispatcher::queue_from_log() {
  for (;;) {
    std::vector<Subscription> subscriptions = store_->subscriptions();
    std::erase_if(subscriptions, [](const Subscription& s) { return !s.enabled; });
    // With nobody subscribed the log is not read and nothing is written: a subscription only
    // receives records appended after it was made (from_event_id), so on SQLite the cursor can
    // jump to the oldest of those when it is behind. Not on PostgreSQL, whose log is read by
    // writing transaction (sql::EventLogReader): a transaction older than that event's may
    // still commit records after it, which the jump would pass over.
    if (subscriptions.empty()) return;
    const std::int64_t from = store_->cursor();
    std::int64_t oldest = subscriptions.front().from_event_id;
    for (const auto& s : subscriptions) oldest = std::min(oldest, s.from_event_id);
    const std::int64_t start = db_->engine() == sql::Engine::sqlite ? std::max(from, oldest) : from;
    const auto records = store_->events_after(start, settings_.batch);
    if (records.empty()) return;
    std::vector<NewDelivery> deliveries;
    const std::int64_t now = clock_.now_ms();
    for (const auto& record : records) {
      const auto type = webhook_type_for_log(record.type);
      if (!type) continue;
      std::string payload;
      for (const auto& s : subscriptions) {
        if (record.id <= s.from_event_id ||
            std::find(s.event_types.begin(), s.event_types.end(), *type) == s.event_types.end()) {
          continue;
        }
        if (payload.empty()) payload = webhook_payload(record, *type);
        deliveries.push_back(
            NewDelivery{s.id, record.id, new_webhook_id(), std::string(*type), payload, now});
      }
    }
    if (!store_->enqueue(deliveries, from, records.back().id)) return;
    if (static_cast<int>(records.size()) < settings_.batch) return;
  }
}

void WebhookDispatcher::send_due() {
  if (in_flight_.size() >= settings_.concurrency) return;
  const std::int64_t now = clock_.now_ms();
  const auto due = store_->due(now, static_cast<int>(settings_.concurrency + in_flight_.size()));
  for (const auto& d : due) {
    if (in_flight_.size() >= settings_.concurrency) return;
    if (in_flight_.count(d.id) != 0) continue;
    const auto s = store_->subscription(d.subscription_id);
    if (!s || !s->enabled) {
      store_->cancel_delivery(d.id);
      continue;
    }
    WebhookPost post;
    try {
      post.target = parse_webhook_url(s->url);
    } catch (const InvalidWebhook& refused) {
      store_->record_attempt(Attempt{d.id, now, std::nullopt, refused.code(), "", 0}, "failed",
                             d.next_attempt_at);
      continue;
    }
    std::vector<std::string> secrets{s->secret};
    if (s->previous_secret && s->previous_secret_until.value_or(0) > now) {
      secrets.push_back(*s->previous_secret);
    }
    post.webhook_id = d.webhook_id;
    post.timestamp_s = now / 1000;
    post.signature = signature_header(secrets, d.webhook_id, post.timestamp_s, d.payload);
    post.body = d.payload;
    in_flight_.insert(d.id);
    sender_.send(std::move(post), [this, d, now](WebhookResponse r) {
      asio::post(strand_, [this, d, now, r = std::move(r)] {
        in_flight_.erase(d.id);
        if (stopped_) return;  // left pending: sent again, same webhook-id, after a restart
        try {
          finished(d, r, now);
          // The freed slot takes the next due delivery at once, not at the next poll: with a
          // backlog, deliveries keep `concurrency` requests in flight.
          send_due();
        } catch (const std::exception& failure) {
          std::cerr << "kefu: webhooks: recording delivery " << d.id << ": " << failure.what()
                    << "\n";
        }
      });
    });
  }
}

void WebhookDispatcher::finished(const Delivery& d, const WebhookResponse& r,
                                 std::int64_t started_at) {
  const std::int64_t now = clock_.now_ms();
  const Attempt attempt{d.id, started_at, r.status, r.error, r.body, r.duration_ms};
  const auto s = store_->subscription(d.subscription_id);
  if (r.status && *r.status >= 200 && *r.status < 300) {
    store_->record_attempt(attempt, "delivered", d.next_attempt_at);
    if (s && s->failing_since) store_->set_failing_since(s->id, std::nullopt);
    return;
  }
  if (r.status == 410) {
    store_->record_attempt(attempt, "failed", d.next_attempt_at);
    disable(d.subscription_id, "gone", now);
    return;
  }
  const auto delay = settings_.schedule.delay_after(d.attempts + 1, r.retry_after_ms, random_);
  if (delay) {
    store_->record_attempt(attempt, "pending", now + *delay);
  } else {
    store_->record_attempt(attempt, "failed", d.next_attempt_at);
  }
  if (!s) return;
  const std::int64_t since = s->failing_since.value_or(now);
  if (!s->failing_since) store_->set_failing_since(s->id, now);
  if (now - since >= settings_.disable_after_ms) disable(s->id, "failing", now);
}

void WebhookDispatcher::disable(std::int64_t subscription_id, const std::string& reason,
                                std::int64_t now) {
  const auto s = store_->subscription(subscription_id);
  if (!s || !s->enabled) return;
  store_->set_enabled(subscription_id, false, reason, now);
  Event e;
  e.at = now;
  e.type = "webhook_disabled";
  e.data = boost::json::serialize(
      boost::json::object{{"subscription_id", subscription_id}, {"reason", reason}});
  if (log_) log_(std::move(e));
}

}  // namespace kefu::webhooks
