#pragma once

#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/strand.hpp>
#include <chrono>
#include <functional>
#include <memory>
#include <random>
#include <set>
#include <string>

#include "server/domain/clock.hpp"
#include "server/domain/event.hpp"
#include "server/store/sql/connection.hpp"
#include "server/store/sql/query_thread.hpp"
#include "server/webhooks/retry_schedule.hpp"
#include "server/webhooks/target_address.hpp"
#include "server/webhooks/webhook_sender.hpp"
#include "server/webhooks/webhook_store.hpp"

namespace kefu::webhooks {

struct DispatcherSettings {
  RetrySchedule schedule = RetrySchedule::standard();
  AddressPolicy addresses;
  std::chrono::milliseconds timeout{15000};  // one attempt, from resolving to the last byte
  std::chrono::milliseconds poll{500};       // how often the log and the queue are looked at
  // A subscription whose deliveries have failed without a success for this long is disabled
  // (and a webhook_disabled record tells the admins).
  std::int64_t disable_after_ms = 5ll * 24 * 3600 * 1000;
  std::int64_t previous_secret_ms = 24ll * 3600 * 1000;  // a rotated secret keeps signing
  std::size_t concurrency = 16;                          // attempts in flight at once
  int batch = 200;                                       // log records queued per transaction
};

// Delivers the shop's webhooks (docs/webhooks.md). On its strand it reads the interaction log
// after the queue's cursor into deliveries (WebhookStore::enqueue), sends the due ones through
// WebhookSender with Standard Webhooks signatures, and records each attempt: 2xx delivers; 410
// disables the subscription; anything else (or no answer) retries on the schedule, no sooner
// than a Retry-After asks. An attempt is recorded only once it has ended, so after a crash the
// delivery is sent again with the same webhook-id (at least once, never under a new id).
// The strand is one of the io_context's on SQLite, and on a thread of its own (QueryThread) on
// PostgreSQL, whose every statement is a round trip; the sender's sockets stay on the io_context.
class WebhookDispatcher {
 public:
  // Opens its own connection to `location` (already migrated): a SQLite file or a postgresql://
  // URI (sql::open_connection). `log` appends a record to the interaction log (a subscription
  // disabled); it is called on the strand.
  WebhookDispatcher(boost::asio::io_context& io, const std::string& location,
                    DispatcherSettings settings, const Clock& clock,
                    std::function<void(Event)> log);
  // Waits for the work its own thread runs (PostgreSQL).
  ~WebhookDispatcher();
  WebhookDispatcher(const WebhookDispatcher&) = delete;
  WebhookDispatcher& operator=(const WebhookDispatcher&) = delete;

  void start();
  // No further attempts; those in flight are left pending (sent again after a restart).
  void stop();
  // Looks at the log and the queue now rather than at the next poll (after a test send or
  // a replay). Any thread.
  void wake();

  // Runs `work(store)` on the strand, where alone the store may be used. Any thread.
  template <typename Work>
  void post(Work work) {
    boost::asio::post(strand_, [this, work = std::move(work)]() mutable { work(*store_); });
  }
  const DispatcherSettings& settings() const { return settings_; }

 private:
  void wait();
  void tick();
  void queue_from_log();
  void send_due();
  void finished(const Delivery& d, const WebhookResponse& r, std::int64_t started_at);
  void disable(std::int64_t subscription_id, const std::string& reason, std::int64_t now);

  sql::QueryThread thread_;  // PostgreSQL: where strand_ runs
  boost::asio::strand<boost::asio::any_io_executor> strand_;
  boost::asio::steady_timer timer_;  // on strand_
  DispatcherSettings settings_;
  const Clock& clock_;
  std::function<void(Event)> log_;
  std::unique_ptr<sql::Connection> db_;  // on strand_
  std::unique_ptr<WebhookStore> store_;  // on strand_
  WebhookSender sender_;
  std::set<std::int64_t> in_flight_;  // delivery ids; on strand_
  std::mt19937_64 random_;            // jitter; on strand_
  bool stopped_ = false;              // on strand_
};

}  // namespace kefu::webhooks
