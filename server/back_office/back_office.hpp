#pragma once

#include <SQLiteCpp/Database.h>
#include <SQLiteCpp/Statement.h>

#include <boost/json/object.hpp>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "knowledge_base/knowledge_base.hpp"
#include "server/back_office/alert_desk.hpp"
#include "server/back_office/quality_desk.hpp"
#include "server/back_office/sla_breach_watch.hpp"
#include "server/back_office/sqlite_alert_store.hpp"
#include "server/back_office/sqlite_service_event_log.hpp"
#include "server/customers/customer_directory.hpp"
#include "server/customers/customer_erasure.hpp"
#include "server/customers/customer_merges.hpp"
#include "server/customers/customer_notes.hpp"
#include "server/customers/customer_search.hpp"
#include "server/customers/customer_view.hpp"
#include "server/customers/order_book.hpp"
#include "server/customers/widget_identification.hpp"
#include "server/metrics/figure_drill_down.hpp"
#include "server/metrics/live_aggregator.hpp"
#include "server/metrics/metrics_config.hpp"
#include "server/metrics/rollup_writer.hpp"
#include "server/metrics/sqlite_figure_facts.hpp"
#include "server/store/sql/sqlite_connection.hpp"

namespace kefu {

// The work behind the desk that reads and writes more than conversations: the KPI rollups and
// live figures (from the interaction log), reports. It has its own connection (a SQLite file or
// a PostgreSQL database) and is not thread-safe: the server runs it on one strand of its own, so
// that it never delays the desk (on PostgreSQL that strand runs on a thread of its own:
// docs/architecture.md, "Threads"). What is still SQLite's alone (database(), for the
// callers still on SQLiteCpp) throws std::logic_error on PostgreSQL.
class BackOffice {
 public:
  // Opens `location` (already migrated): a SQLite file, or a postgresql:// URI
  // (sql::open_connection). Throws when it cannot.
  explicit BackOffice(const std::string& location, metrics::MetricsConfig config = {},
                      std::shared_ptr<const kb::WordVectors> word_vectors = nullptr);
  BackOffice(const BackOffice&) = delete;
  BackOffice& operator=(const BackOffice&) = delete;

  // Brings the rollups up to the end of the log and the live figures up to `now`, and prepares
  // the knowledge base's search (KnowledgeBase::prepare_search). Call once, then follow()
  // about once a second.
  void start(std::int64_t now);

  // Reads the events appended since the last call (in log order) into the rollups and the live
  // figures. Returns how many were read.
  std::size_t follow();

  // The supervisors' live figures: LiveAggregator's snapshot.
  boost::json::object live(std::int64_t now);

  // KPI history for [from, to), as JSON or CSV (docs/metrics.md).
  boost::json::object report_json(std::int64_t from, std::int64_t to);
  std::string report_csv(std::int64_t from, std::int64_t to);

  // The KPIs of [from, to) per hour or local day, for charts (metrics::kpi_series). Throws
  // std::invalid_argument for a bad range or step.
  boost::json::object report_series(std::int64_t from, std::int64_t to, std::string_view step);

  // The conversations behind one KPI figure (metrics::drill_down over the kpi_ tables, brought
  // up to the end of the log first). Throws std::invalid_argument as drill_down does.
  metrics::FigureList figure(std::string_view figure, std::int64_t from, std::int64_t to,
                             const metrics::FigureGroup& group);

  // The unified customer view (docs/protocol.md, customer_view). Throws
  // customers::CustomerNotFound.
  boost::json::object customer_view(std::int64_t customer_id);

  // One page of a conversation's transcript for staff (workspace::read_transcript). Throws
  // workspace::ConversationNotFound, std::invalid_argument for a bad page.
  boost::json::object transcript(std::int64_t conversation_id, std::int64_t after_seq, int limit);

  // The customer and every customer merged into it (whose conversations show its view).
  std::vector<std::int64_t> customer_ids_behind(std::int64_t customer_id);

  // A signed shop order webhook; returns the customer whose view changed. Throws
  // customers::SignatureRejected or customers::OrderFormatError, storing nothing.
  customers::OrderUpsert receive_order(std::string_view body, std::string_view signature,
                                       std::string_view secret, std::int64_t now,
                                       const customers::WebhookDelivery& delivery = {});

  // A visitor session to start in place of one that belongs to another shop customer.
  struct FreshVisitor {
    std::string visitor_id;  // public id, "v_..."
    std::string token_hash;  // auth::token_hash of the token handed to the browser
  };

  // The shop vouches for a widget visitor (HMAC of its customer id): the visitor's customer
  // joins the shop's. When the visitor's customer is already another shop customer (a browser
  // shared by two of the shop's customers), the first keeps the visitor, its conversations and
  // nothing else: the visitor row is deleted (its token no longer works) and `fresh` is stored
  // as a new visitor of a new customer attached to `shop_customer_id`; its customer id is
  // returned. Returns nullopt when the same visitor went on. Run it in a write transaction.
  // Throws customers::SignatureRejected, changing nothing.
  std::optional<std::int64_t> identify_visitor(std::int64_t visitor_customer_id,
                                               std::string_view visitor_id,
                                               std::string_view shop_customer_id,
                                               std::string_view signature, std::string_view secret,
                                               std::int64_t now, const FreshVisitor& fresh);

  // An email or phone the visitor typed into the widget (`kind` "email" or "phone"): stored as
  // an unverified claim on the visitor's current customer, raising merge suggestions for
  // agents. Never tell the widget what the receipt holds. Throws customers::InvalidCustomerInput
  // (bad kind or value), customers::ClaimLimitReached, customers::CustomerNotFound.
  customers::ClaimReceipt claim_identity(std::int64_t visitor_customer_id, std::string_view kind,
                                         std::string_view value, std::int64_t now);

  // The open merge suggestions naming the customer (as in the customer view).
  boost::json::array merge_suggestions(std::int64_t customer_id);

  // The suggestion, when it names the customer `customer_id` (or the customer it was merged
  // into) as claimant or candidate. Throws customers::CustomerNotFound otherwise.
  customers::MergeSuggestion suggestion_for(std::int64_t customer_id, std::int64_t suggestion_id);

  // The merge, when the customer `customer_id` (or the customer it was merged into) is its
  // target or source. Throws customers::CustomerNotFound otherwise.
  customers::MergeRecord merge_for(std::int64_t customer_id, std::int64_t merge_id);

  // Accepts an open suggestion: the claimant is merged into the candidate. Returns the merge.
  // Throws customers::MergeConflict when it is no longer open or either customer has been
  // merged or erased since.
  customers::MergeRecord accept_suggestion(std::int64_t suggestion_id, std::int64_t by_staff,
                                           std::int64_t now);
  // Dismisses an open suggestion. Throws customers::MergeConflict when it is no longer open.
  void dismiss_suggestion(std::int64_t suggestion_id, std::int64_t by_staff, std::int64_t now);
  // Undoes a merge (CustomerMerges::unmerge).
  void undo_merge(std::int64_t merge_id, std::int64_t by_staff, std::int64_t now);

  // For the demo shop page: a shop customer id that has orders, and its signature.
  std::pair<std::string, std::string> demo_identity(std::string_view secret);

  boost::json::array search_customers(std::string_view query);
  std::int64_t add_note(std::int64_t customer_id, std::int64_t author_id, std::string_view text,
                        std::int64_t now);
  void add_tag(std::int64_t customer_id, std::string_view tag, std::int64_t now);
  void remove_tag(std::int64_t customer_id, std::string_view tag);
  // The customers an erasure of `customer_id` erases (customers::erasure_family).
  std::vector<std::int64_t> erasure_family(std::int64_t customer_id);
  // Erases the customer's personal data, message text and visitor tokens; events stay
  // (customers::erase_customer). On SQLite this connection zeroes what it deletes
  // (secure_delete).
  // Appends `customer_erased` (the ids of `family` only) to the log once per customer: call it
  // in the erasure's transaction.
  customers::ErasureReport erase_customer(std::int64_t customer_id,
                                          const std::vector<std::int64_t>& family,
                                          std::int64_t now);
  // After an erasure, outside a transaction: copies the log into the database and truncates
  // it, so that the log's older copies of the erased pages are gone too. False when readers
  // or the writer kept it from finishing (the checkpointer overwrites the log later). True at
  // once on PostgreSQL (its own WAL and VACUUM are the server's).
  bool truncate_log();

  // Knowledge base search for a customer typing in the widget: up to three articles and, when
  // the best one is confident, the automatic answer (docs/protocol.md).
  boost::json::object kb_search(std::string_view query);

  // The `suggestions` frame for the agent of a conversation: the best articles for its last
  // customer messages (the latest weighs most). Empty when nothing matches.
  boost::json::array kb_suggestions(std::int64_t conversation_id);

  // The knowledge base on this connection (admin article REST): its changes are searchable
  // at once by kb_search and kb_suggestions.
  kb::KnowledgeBase& knowledge_base();

  // The SQLite handle of this connection, for the code not yet on the neutral SQL layer.
  // Throws std::logic_error on PostgreSQL.
  SQLite::Database& database();
  // The connection on the neutral SQL layer (server/store/sql), for the modules on it.
  sql::Connection& sql() { return *sql_; }

  // CSAT surveys, automatic quality scores, reviews and calibration (docs/metrics.md).
  QualityDesk& quality() { return *quality_; }
  // The service-level threshold of a channel, for facts derived from now on (the SLA policy).
  void set_service_level_threshold(const std::string& channel, std::int64_t ms) {
    config_.service_level_threshold_ms[channel] = ms;
  }
  std::int64_t service_level_threshold(const std::string& channel) const {
    return config_.threshold_ms(channel);
  }
  // The SLA policies' clocks (owned by the server, outliving the back office): from now on the
  // service level, the breach watch, the alerts, the drill-downs and the quality score judge
  // each conversation by its resolved policy.
  void set_sla_clocks(const metrics::SlaClocks* clocks) {
    config_.sla_clocks = clocks;
    quality_->set_sla_clocks(clocks);
  }
  // The SLA clock of a conversation as the back office judges it.
  metrics::SlaClock sla_clock(const std::string& channel, const std::string& queue,
                              const std::string& priority = {}) const {
    return config_.sla_clock(channel, queue, priority);
  }

  // The supervisors' alert thresholds and alerts (docs/metrics.md, "Alerts").
  AlertDesk& alerts() { return *alerts_; }

  // Runs `work(*this)` so that it sees the newest data and survives the desk's writer: first
  // every statement left open on this connection is reset (an open statement pins an old
  // snapshot, and a connection on an old snapshot can never write again), then a write that
  // loses the race for the lock (SQLITE_BUSY) is retried a few times.
  template <typename Work>
  auto guarded(Work&& work) {
    for (int attempt = 1;; ++attempt) {
      release_snapshots();
      try {
        return work(*this);
      } catch (const SQLite::Exception& e) {
        if (attempt >= 10 || !is_busy(e)) throw;
        back_off(attempt);
      } catch (const sql::Error& e) {
        if (attempt >= 10 || e.kind() != sql::Error::Kind::busy) throw;
        back_off(attempt);
      }
    }
  }

  // Runs `work` inside BEGIN IMMEDIATE ... COMMIT: the write lock is taken (waiting for the
  // desk's writer, within the busy timeout) before anything is read, so the work's own
  // savepoints never need to upgrade a read snapshot. For work that does not open
  // transactions itself with BEGIN.
  template <typename Work>
  auto in_write_transaction(Work&& work) {
    release_snapshots();
    sql_->begin(true);
    try {
      auto result = work(*this);
      sql_->exec("COMMIT");
      return result;
    } catch (...) {
      if (sql_->in_transaction()) sql_->exec("ROLLBACK");
      throw;
    }
  }

 private:
  void release_snapshots();
  static bool is_busy(const SQLite::Exception& e);
  static void back_off(int attempt);

  std::unique_ptr<sql::Connection> sql_;
  metrics::MetricsConfig config_;
  metrics::LiveAggregator live_;
  std::unique_ptr<metrics::RollupWriter> rollups_;
  customers::CustomerDirectory directory_;
  customers::OrderBook orders_;
  customers::CustomerNotes notes_;
  customers::CustomerSearch search_;
  customers::CustomerMerges merges_;
  customers::WidgetIdentification widget_identification_;
  customers::CustomerViewReader view_reader_;
  std::unique_ptr<kb::KnowledgeBase> kb_;
  // A conversation's last customer messages, for kb_suggestions: prepared on first use (every
  // refresh of suggestions runs it) and reset after each, so it holds no read snapshot.
  std::optional<sql::Statement> latest_customer_messages_;
  std::int64_t last_live_event_ = 0;
  std::unique_ptr<QualityDesk> quality_;
  std::unique_ptr<metrics::SqliteFigureFacts> figure_facts_;
  std::unique_ptr<SqliteAlertStore> alert_store_;
  std::unique_ptr<AlertDesk> alerts_;
  std::unique_ptr<SqliteServiceEventLog> service_events_;
  std::unique_ptr<SlaBreachWatch> sla_breaches_;
};

}  // namespace kefu
