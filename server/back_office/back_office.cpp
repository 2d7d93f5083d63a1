#include "server/back_office/back_office.hpp"

#include <SQLiteCpp/Statement.h>
#include <sqlite3.h>

#include <chrono>
#include <iostream>
#include <random>
#include <thread>

#include "server/back_office/sqlite_conversation_labels.hpp"
#include "server/customers/customer_erasure.hpp"
#include "server/customers/customer_view.hpp"
#include "server/customers/errors.hpp"
#include "server/customers/signatures.hpp"
#include "server/metrics/event_row.hpp"
#include "server/metrics/history_report.hpp"
#include "server/metrics/kpi_series.hpp"
#include "server/metrics/sqlite_figure_facts.hpp"
#include "server/store/short_busy_wait.hpp"
#include "server/store/sql/open_connection.hpp"
#include "server/workspace/conversation_transcript.hpp"

namespace kefu {
namespace {

constexpr int kFollowBatch = 20000;

}  // namespace

BackOffice::BackOffice(const std::string& location, metrics::MetricsConfig config,
                       std::shared_ptr<const kb::WordVectors> word_vectors)
    : sql_(sql::open_connection(location)),
      config_(std::move(config)),
      live_(config_),
      directory_(*sql_),
      orders_(directory_),
      notes_(directory_),
      search_(directory_),
      merges_(directory_),
      widget_identification_(directory_, merges_),
      view_reader_(*sql_) {
  if (auto* sqlite = sql::as_sqlite(*sql_)) {
    SQLite::Database& db = sqlite->database();
    // Its writes wait for the store writer's transaction on a network thread: take the lock as
    // soon as it is free rather than after SQLite's default sleeps of 1, 2, 5, 10 ms and more.
    store::wait_briefly_when_busy(db.getHandle(), std::chrono::milliseconds(5000));
    // What this connection deletes or overwrites (an erasure's names, messages, comments) is
    // zeroed in the page, and pages it frees are zeroed too: no old bytes stay in the file
    // (tests/security_erasure_test.cpp fails with it off). Debian's SQLite is built with it on;
    // it is set here so that no other build turns it off.
    db.exec("PRAGMA secure_delete = ON");
  }
  kb_ = std::make_unique<kb::KnowledgeBase>(*sql_, std::move(word_vectors));
  rollups_ = std::make_unique<metrics::RollupWriter>(*sql_, config_);
  quality_ = std::make_unique<QualityDesk>(
      *sql_, [this](std::string_view text) { return knowledge_base().search(text).auto_answer; });
  figure_facts_ = std::make_unique<metrics::SqliteFigureFacts>(*sql_);
  alert_store_ = std::make_unique<SqliteAlertStore>(*sql_);
  alerts_ = std::make_unique<AlertDesk>(*alert_store_, *figure_facts_, config_);
  service_events_ = std::make_unique<SqliteServiceEventLog>(*sql_);
  sla_breaches_ = std::make_unique<SlaBreachWatch>(*service_events_, config_);
}

kb::KnowledgeBase& BackOffice::knowledge_base() {
  return *kb_;
}

SQLite::Database& BackOffice::database() {
  auto* sqlite = sql::as_sqlite(*sql_);
  if (sqlite == nullptr) throw std::logic_error("this part of the back office is SQLite's only");
  return sqlite->database();
}

void BackOffice::start(std::int64_t now) {
  rollups_->catch_up();
  last_live_event_ = live_.resume(*sql_, now);
  follow();
  // The first search after a start would otherwise count the statistics and train the
  // classifier while a customer waits.
  if (kb_) kb_->prepare_search();
}

std::size_t BackOffice::follow() {
  rollups_->catch_up();
  sql::Statement s(*sql_, metrics::event_rows_after_query(*sql_));
  s.bind(1, last_live_event_);
  s.bind(2, kFollowBatch);
  std::size_t read = 0;
  Event e;  // one for every row: its strings keep their buffers
  while (s.step()) {
    metrics::read_event_row(s, e);
    last_live_event_ = e.id;
    ++read;
    try {
      live_.apply(e);
    } catch (const std::invalid_argument& bad) {
      // A malformed event changes no figure; the log itself is left as it is.
      std::cerr << "kefu: event " << e.id << " not counted: " << bad.what() << "\n";
    }
  }
  return read;
}

void BackOffice::release_snapshots() {
  auto* sqlite = sql::as_sqlite(*sql_);
  if (sqlite == nullptr) return;  // PostgreSQL: a statement holds no snapshot between calls
  sqlite3* handle = sqlite->database().getHandle();
  for (sqlite3_stmt* s = sqlite3_next_stmt(handle, nullptr); s != nullptr;
       s = sqlite3_next_stmt(handle, s)) {
    if (sqlite3_stmt_busy(s)) sqlite3_reset(s);
  }
}

bool BackOffice::is_busy(const SQLite::Exception& e) {
  const int code = e.getErrorCode() & 0xff;
  return code == SQLITE_BUSY || code == SQLITE_LOCKED;
}

void BackOffice::back_off(int attempt) {
  std::this_thread::sleep_for(std::chrono::milliseconds(5 * attempt));
}

boost::json::object BackOffice::live(std::int64_t now) {
  boost::json::object out = live_.snapshot(now);
  alerts_->annotate(out, now);
  sla_breaches_->check(now);
  return out;
}

boost::json::object BackOffice::report_json(std::int64_t from, std::int64_t to) {
  rollups_->catch_up();
  return metrics::HistoryReport(*sql_, config_).json(from, to);
}

std::string BackOffice::report_csv(std::int64_t from, std::int64_t to) {
  rollups_->catch_up();
  const metrics::HistoryReport report(*sql_, config_);
  const metrics::KpiBreakdown kpis = report.run(from, to);
  std::vector<std::int64_t> agents;
  for (const auto& [id, totals] : kpis.agents) agents.push_back(id);
  return kpis.to_csv(SqliteConversationLabels(*sql_).staff(agents));
}

boost::json::object BackOffice::report_series(std::int64_t from, std::int64_t to,
                                              std::string_view step) {
  rollups_->catch_up();
  const metrics::HistoryReport report(*sql_, config_);
  return metrics::series_json(metrics::kpi_series(report, config_, from, to, step), from, to, step);
}

metrics::FigureList BackOffice::figure(std::string_view figure, std::int64_t from, std::int64_t to,
                                       const metrics::FigureGroup& group) {
  rollups_->catch_up();
  metrics::SqliteFigureFacts facts(*sql_);
  return metrics::drill_down(facts, config_, figure, from, to, group);
}

}  // namespace kefu

namespace kefu {

boost::json::object BackOffice::customer_view(std::int64_t customer_id) {
  return view_reader_.build(customer_id);
}

boost::json::object BackOffice::transcript(std::int64_t conversation_id, std::int64_t after_seq,
                                           int limit) {
  return workspace::read_transcript(sql(), conversation_id, after_seq, limit);
}

std::vector<std::int64_t> BackOffice::customer_ids_behind(std::int64_t customer_id) {
  std::vector<std::int64_t> ids{customer_id};
  sql::Statement s(*sql_, "SELECT id FROM customers WHERE merged_into = ?");
  s.bind(1, customer_id);
  while (s.step()) ids.push_back(s.column(0).int64());
  return ids;
}

customers::OrderUpsert BackOffice::receive_order(std::string_view body, std::string_view signature,
                                                 std::string_view secret, std::int64_t now,
                                                 const customers::WebhookDelivery& delivery) {
  return orders_.receive_webhook(body, signature, secret, now, delivery);
}

std::optional<std::int64_t> BackOffice::identify_visitor(std::int64_t visitor_customer_id,
                                                         std::string_view visitor_id,
                                                         std::string_view shop_customer_id,
                                                         std::string_view signature,
                                                         std::string_view secret, std::int64_t now,
                                                         const FreshVisitor& fresh) {
  if (!customers::verify_visitor_signature(shop_customer_id, signature, secret)) {
    throw customers::SignatureRejected("the identity signature does not match");
  }
  // The widget's visitor is known to the store as its own customer; tie the two together
  // before the shop's identity is attached.
  if (!directory_.find(customers::IdentityKind::visitor_id, visitor_id, true)) {
    directory_.add_identity(visitor_customer_id, customers::IdentityKind::visitor_id, visitor_id,
                            true, now);
  }
  if (!widget_identification_.belongs_to_other_shop_customer(visitor_id, shop_customer_id)) {
    widget_identification_.attach_verified(visitor_id, shop_customer_id, signature, secret, now);
    return std::nullopt;
  }
  // A shared browser: the first shop customer keeps the visitor and its conversations; the
  // browser starts again as a new visitor of the customer now signed in.
  sql::Statement drop(*sql_, "DELETE FROM visitors WHERE id = ?");
  drop.bind(1, std::string(visitor_id));
  drop.exec();
  const std::int64_t customer_id = directory_.create_customer("", "", now);
  sql::Statement name(*sql_, "UPDATE customers SET display_name = ? WHERE id = ?");
  name.bind(1, "Visitor " + fresh.visitor_id.substr(2, 6));
  name.bind(2, customer_id);
  name.exec();
  sql::Statement insert(*sql_,
                        "INSERT INTO visitors(id, token_hash, customer_id, created_at) "
                        "VALUES (?, ?, ?, ?)");
  insert.bind(1, fresh.visitor_id);
  insert.bind(2, fresh.token_hash);
  insert.bind(3, customer_id);
  insert.bind(4, now);
  insert.exec();
  directory_.add_identity(customer_id, customers::IdentityKind::visitor_id, fresh.visitor_id, true,
                          now);
  widget_identification_.attach_verified(fresh.visitor_id, shop_customer_id, signature, secret,
                                         now);
  return customer_id;
}

customers::ClaimReceipt BackOffice::claim_identity(std::int64_t visitor_customer_id,
                                                   std::string_view kind, std::string_view value,
                                                   std::int64_t now) {
  const auto identity_kind = customers::identity_kind_from_string(kind);
  if (identity_kind != customers::IdentityKind::email &&
      identity_kind != customers::IdentityKind::phone)
    throw customers::InvalidCustomerInput("kind must be \"email\" or \"phone\"");
  return widget_identification_.claim(directory_.current(visitor_customer_id), *identity_kind,
                                      value, now);
}

boost::json::array BackOffice::merge_suggestions(std::int64_t customer_id) {
  return view_reader_.open_suggestions(directory_.current(customer_id));
}

customers::MergeSuggestion BackOffice::suggestion_for(std::int64_t customer_id,
                                                      std::int64_t suggestion_id) {
  const std::int64_t current = directory_.current(customer_id);
  auto found = merges_.suggestion(suggestion_id);
  const auto names = [&](std::int64_t id) { return id == customer_id || id == current; };
  if (!found || !(names(found->customer_id) || names(found->candidate_id)))
    throw customers::CustomerNotFound("no such merge suggestion for this customer");
  return *found;
}

customers::MergeRecord BackOffice::merge_for(std::int64_t customer_id, std::int64_t merge_id) {
  const std::int64_t current = directory_.current(customer_id);
  auto found = merges_.merge_record(merge_id);
  const auto names = [&](std::int64_t id) { return id == customer_id || id == current; };
  if (!found || !(names(found->target_id) || names(found->source_id)))
    throw customers::CustomerNotFound("no such merge for this customer");
  return *found;
}

customers::MergeRecord BackOffice::accept_suggestion(std::int64_t suggestion_id,
                                                     std::int64_t by_staff, std::int64_t now) {
  const auto suggestion = merges_.suggestion(suggestion_id);
  if (!suggestion) throw customers::CustomerNotFound("no such merge suggestion");
  for (std::int64_t id : {suggestion->customer_id, suggestion->candidate_id}) {
    if (directory_.current(id) != id)
      throw customers::MergeConflict("customer " + std::to_string(id) +
                                     " has been merged since the suggestion was made");
  }
  const std::int64_t merge_id = merges_.accept_suggestion(suggestion_id, by_staff, now);
  return *merges_.merge_record(merge_id);
}

void BackOffice::dismiss_suggestion(std::int64_t suggestion_id, std::int64_t by_staff,
                                    std::int64_t now) {
  merges_.dismiss_suggestion(suggestion_id, by_staff, now);
}

void BackOffice::undo_merge(std::int64_t merge_id, std::int64_t by_staff, std::int64_t now) {
  merges_.unmerge(merge_id, by_staff, now);
}

boost::json::object BackOffice::kb_search(std::string_view query) {
  kb::SearchOptions options;
  options.limit = 3;
  const auto result = knowledge_base().search(query, options);
  boost::json::array articles;
  for (const auto& hit : result.hits) {
    articles.push_back(boost::json::object{
        {"id", hit.article_id}, {"title", hit.title}, {"snippet", hit.snippet}});
  }
  boost::json::object out{{"articles", std::move(articles)}, {"confidence", result.confidence}};
  if (result.auto_answer && !result.hits.empty()) {
    if (auto article = kb_->get(result.hits.front().article_id)) {
      out["answer"] = boost::json::object{
          {"id", article->id}, {"title", article->title}, {"body", article->body}};
    }
  }
  return out;
}

boost::json::array BackOffice::kb_suggestions(std::int64_t conversation_id) {
  if (!latest_customer_messages_) {
    latest_customer_messages_.emplace(
        *sql_,
        "SELECT body FROM (SELECT seq, body FROM messages WHERE conversation_id = ? "
        "AND author_kind = 'customer' ORDER BY seq DESC LIMIT 4) AS latest ORDER BY seq");
  }
  sql::Statement& s = *latest_customer_messages_;
  s.reset();
  s.bind(1, conversation_id);
  std::vector<std::string> messages;
  while (s.step()) messages.push_back(s.column(0).text());
  s.reset();
  boost::json::array out;
  if (messages.empty()) return out;
  const kb::SearchResult suggested = knowledge_base().suggest_for_conversation(messages, 3);
  const bool confident = suggested.auto_answer;  // of the latest message's own search
  bool first = true;
  for (const auto& hit : suggested.hits) {
    boost::json::object o{{"id", hit.article_id},
                          {"title", hit.title},
                          {"snippet", hit.snippet},
                          {"score", hit.score},
                          {"confident", first && confident}};
    if (auto article = kb_->get(hit.article_id)) o["body"] = article->body;
    out.push_back(std::move(o));
    first = false;
  }
  return out;
}

std::pair<std::string, std::string> BackOffice::demo_identity(std::string_view secret) {
  // One of the ten best customers, picked here (the engines' random() differ).
  static thread_local std::minstd_rand pick(std::random_device{}());
  sql::Statement s(*sql_,
                   "SELECT i.value FROM customer_identities i JOIN customers c "
                   "ON c.id = i.customer_id WHERE i.kind = 'shop_customer_id' "
                   "AND c.order_count > 0 AND c.merged_into IS NULL "
                   "ORDER BY c.lifetime_value_cents DESC LIMIT 1 OFFSET ?");
  s.bind(1, static_cast<std::int64_t>(pick() % 10));
  if (!s.step()) throw customers::CustomerNotFound("no demo customers");
  const std::string id = s.column(0).text();
  return {id, customers::to_hex(customers::hmac_sha256(secret, id))};
}

boost::json::array BackOffice::search_customers(std::string_view query) {
  return customers::CustomerSearch::to_json(search_.search(query, 20));
}

std::int64_t BackOffice::add_note(std::int64_t customer_id, std::int64_t author_id,
                                  std::string_view text, std::int64_t now) {
  return notes_.add_note(customer_id, author_id, text, now);
}

void BackOffice::add_tag(std::int64_t customer_id, std::string_view tag, std::int64_t now) {
  notes_.add_tag(customer_id, tag, now);
}

void BackOffice::remove_tag(std::int64_t customer_id, std::string_view tag) {
  notes_.remove_tag(customer_id, tag);
}

std::vector<std::int64_t> BackOffice::erasure_family(std::int64_t customer_id) {
  return customers::erasure_family(directory_, customer_id);
}

customers::ErasureReport BackOffice::erase_customer(std::int64_t customer_id,
                                                    const std::vector<std::int64_t>& family,
                                                    std::int64_t now) {
  auto report = customers::erase_customer(directory_, customer_id, now);
  service_events_->record_erasure(customer_id, family, now);
  return report;
}

bool BackOffice::truncate_log() {
  if (sql::as_sqlite(*sql_) == nullptr) return true;
  release_snapshots();
  try {
    SQLite::Statement checkpoint(database(), "PRAGMA wal_checkpoint(TRUNCATE)");
    return checkpoint.executeStep() && checkpoint.getColumn(0).getInt() == 0;
  } catch (const SQLite::Exception& e) {
    if (!is_busy(e)) throw;
    return false;  // another checkpoint held the log: the erasure itself is committed
  }
}

}  // namespace kefu
