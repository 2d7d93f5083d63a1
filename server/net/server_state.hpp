#pragma once

#include <atomic>
#include <boost/asio/io_context.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/strand.hpp>
#include <boost/asio/thread_pool.hpp>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <unordered_map>

#include "server/admin/business_hours_book.hpp"
#include "server/admin/routing_setup.hpp"
#include "server/admin/sla_book.hpp"
#include "server/admin/sqlite_routing_setup_store.hpp"
#include "server/admin/staff_directory.hpp"
#include "server/auth/login_queue.hpp"
#include "server/auth/login_throttle.hpp"
#include "server/auth/password_hasher.hpp"
#include "server/back_office/back_office.hpp"
#include "server/domain/contact_centre.hpp"
#include "server/integration/api_key_gate.hpp"
#include "server/net/care_loop.hpp"
#include "server/net/customer_segments.hpp"
#include "server/net/desk_mailbox.hpp"
#include "server/net/kb_trail.hpp"
#include "server/net/mail_service.hpp"
#include "server/net/origin_policy.hpp"
#include "server/net/request_limits.hpp"
#include "server/net/retention_loop.hpp"
#include "server/net/serve_settings.hpp"
#include "server/net/shown_articles.hpp"
#include "server/shop/shop_link.hpp"
#include "server/store/sql/query_thread.hpp"
#include "server/store/store.hpp"
#include "server/webhooks/webhook_dispatcher.hpp"
#include "server/workspace/workspace.hpp"

namespace kefu::net {

class MailService;  // server/net/mail_service.hpp (kept out of this header: it changes often)

// What every session of one running server shares (Beast's chat example calls it
// shared_state): the settings, the store, the desk strand with the ContactCentre on it, and
// the auth services. Owned by serve(); sessions hold a reference. Thread-safe as documented
// per member: `centre` only ever on `desk`.
class ServerState {
 public:
  ServerState(boost::asio::io_context& io, ServeSettings settings, store::Store& store);
  ~ServerState();
  ServerState(const ServerState&) = delete;
  ServerState& operator=(const ServerState&) = delete;

  // Starts the once-a-second timer that runs ContactCentre::tick on the desk.
  void start();
  // Stops the timer and closes every socket with 1001.
  void shut_down();

  // Who may call from a browser: the staff's and the widget's allow-lists (OriginPolicy).
  const OriginPolicy& origins() const { return origins_; }
  // True when `origin` is one of the shops' (`--allowed-origin` or the admin's list): CORS for
  // the widget's calls.
  bool origin_allowed(const std::string& origin) const { return origins_.shop_allows(origin); }
  // Adds a shop origin (tests and the fuzz harness).
  void allow_origin(std::string origin) { origins_.allow_shop(std::move(origin)); }

  // Pushes the customer's view to every agent with a conversation of theirs (on any thread).
  void push_customer_view(std::int64_t customer_id);

  // Pushes KB suggestions for the conversation to its agent (on any thread). At most one
  // refresh a second per conversation: asks made meanwhile are answered together by one more
  // refresh when the second is over, so the latest message always counts.
  void push_suggestions(std::int64_t conversation_id);

  // After an admin's change to the knowledge base (on back_office_strand() only): counts its
  // search statistics and trains its article classifier a second after the last change of a
  // burst, so that no customer's search pays for it, and a run of edits trains once.
  void prepare_kb_search_soon();

  // Appends an event to the interaction log (not waited for; on any thread).
  void log_event(Event e);

  // True while a visitor may search the knowledge base again (5 a second, bursts of 10).
  bool kb_search_allowed(const std::string& visitor_id);

  // Messages stored per second since the last call (call on the desk only).
  double message_rate(std::uint64_t stored_total);

  // The staff member behind a session cookie value, when the session is live.
  std::optional<StaffParty> staff_for_session(const std::string& token);
  // The customer behind a visitor token.
  std::optional<CustomerParty> customer_for_token(const std::string& token);

  const ServeSettings& settings() const { return settings_; }
  store::Store& store() { return store_; }
  const Clock& clock() const { return clock_; }
  boost::asio::strand<boost::asio::io_context::executor_type>& desk() { return desk_; }
  ContactCentre& centre() { return centre_; }  // on desk() only
  boost::asio::thread_pool& auth_pool() { return auth_pool_; }
  // The back office and the strand it must be used on (PostgreSQL: on a thread of its own).
  boost::asio::strand<boost::asio::any_io_executor>& back_office_strand() {
    return back_office_strand_;
  }
  BackOffice& back_office() { return *back_office_; }  // on back_office_strand() only
  // The agent's workspace (inbox views, notes) on the back office's connection; on
  // back_office_strand() only.
  workspace::Workspace& workspace() { return workspace_; }
  auth::PasswordHasher& hasher() { return hasher_; }
  // The admin console's staff (on back_office_strand() only).
  admin::StaffDirectory& staff_directory() { return *staff_directory_; }
  // The admin console's teams and queues (on back_office_strand() only).
  admin::RoutingSetup& routing_setup() { return *routing_setup_; }
  // Its connection, for reading the audit log (on back_office_strand() only).
  sql::Connection& routing_setup_database() { return routing_setup_store_->database(); }
  // Every team's business hours as they are now (thread-safe).
  admin::BusinessHoursBook& business_hours() { return business_hours_; }
  // The SLA policies and the queues' teams as they are now: every judge of time reads its
  // clocks (thread-safe).
  admin::SlaBook& sla() { return sla_book_; }
  auth::LoginThrottle& throttle() { return throttle_; }
  // The shop's API keys: creation, revocation and admission (thread-safe).
  integration::ApiKeyGate& api_keys() { return *api_keys_; }
  // Outbound webhooks: subscriptions and the delivery queue (docs/webhooks.md; thread-safe).
  webhooks::WebhookDispatcher& webhooks() { return *webhooks_; }
  // Care and automation rules (its office on back_office_strand() only).
  CareLoop& care() { return *care_; }
  // Staff logins' password checks, fairly per address and bounded, run on auth_pool().
  auth::LoginQueue& login_queue() { return login_queue_; }
  // The per-person and per-address budgets (docs/security/limits.md).
  RequestLimits& limits() { return limits_; }
  // The e-mail channel's worker thread (thread-safe calls only: wake, seal, stop).
  MailService& mail() { return *mail_; }
  // Stops the mail thread (before the store closes).
  void stop_mail();
  // The articles each visitor's searches showed them (for KB feedback).
  ShownArticles& shown_articles() { return shown_articles_; }
  KbTrail& kb_trail() { return kb_trail_; }
  // The shop's integration: its secrets' keys and its allowed origins, live (thread-safe).
  shop::ShopLink& shop_link() { return *shop_link_; }

 private:
  void schedule_tick();
  void suggest(std::int64_t conversation_id);  // on back_office_strand_
  void schedule_kpi_feed();
  void watch_desk();
  // PostgreSQL: reads the customer's segment on the back office's thread, so that the desk's
  // next routing decision for them finds it in memory (CustomerSegments::learn).
  void learn_segment_soon(std::int64_t customer_id);

  ServeSettings settings_;
  std::unique_ptr<shop::ShopLink> shop_link_;  // before origins_, which follows it
  OriginPolicy origins_;
  store::Store& store_;
  SystemClock clock_;
  boost::asio::strand<boost::asio::io_context::executor_type> desk_;
  DeskMailbox desk_mailbox_;  // the store's completions, many per turn of desk_
  ContactCentre centre_;
  boost::asio::steady_timer ticker_;
  sql::QueryThread back_office_thread_;  // PostgreSQL: where back_office_strand_ runs
  boost::asio::strand<boost::asio::any_io_executor> back_office_strand_;
  std::unique_ptr<BackOffice> back_office_;
  workspace::Workspace workspace_;  // on back_office_strand_, over back_office_'s connection
  boost::asio::steady_timer kpi_timer_;
  boost::asio::steady_timer kb_prepare_timer_;  // on back_office_strand_
  // Before auth_pool_: the pool's threads run the queue's checks, so the pool stops first.
  auth::LoginQueue login_queue_;
  boost::asio::thread_pool auth_pool_{1};
  RequestLimits limits_;
  ShownArticles shown_articles_;
  KbTrail kb_trail_;
  auth::PasswordHasher hasher_;
  auth::LoginThrottle throttle_;
  admin::PasswordPolicy password_policy_;
  std::unique_ptr<admin::StaffDirectory> staff_directory_;               // on back_office_strand_
  std::unique_ptr<admin::SqliteRoutingSetupStore> routing_setup_store_;  // on back_office_strand_
  std::unique_ptr<admin::RoutingSetup> routing_setup_;                   // on back_office_strand_
  admin::BusinessHoursBook business_hours_;
  admin::SlaBook sla_book_{business_hours_};
  std::unique_ptr<integration::ApiKeyGate> api_keys_;
  std::unique_ptr<CareLoop> care_;
  std::unique_ptr<RetentionLoop> retention_;  // the daily removal of old message text
  std::unique_ptr<webhooks::WebhookDispatcher> webhooks_;
  std::atomic<bool> stopped_{false};
  std::uint64_t rate_count_ = 0;                // on desk_
  std::int64_t rate_at_ = 0;                    // on desk_
  std::unique_ptr<CustomerSegments> segments_;  // on desk_: segments for routing
  std::mutex suggestions_mutex_;
  // Conversations whose suggestions were refreshed less than a second ago; true when another
  // refresh was asked for meanwhile.
  std::unordered_map<std::int64_t, bool> suggesting_;  // GUARDED_BY(suggestions_mutex_)
  std::mutex kb_rate_mutex_;
  std::unordered_map<std::string, std::pair<double, std::int64_t>> kb_rate_;  // tokens, at
  std::unique_ptr<MailService> mail_;  // last: its thread stops before the rest goes
};

}  // namespace kefu::net
