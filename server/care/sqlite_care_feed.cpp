#include "server/care/sqlite_care_feed.hpp"

#include "server/care/order_milestones.hpp"
#include "server/store/sql/event_log_reader.hpp"
#include "server/store/sql/statement.hpp"

namespace kefu::care {

std::pair<std::int64_t, std::int64_t> SqliteCareFeed::position(const std::string& key,
                                                               const std::string& start) {
  // PostgreSQL: the position's row stays locked until the caller's unit of work ends, so a
  // second node reads from where this one stops.
  const char* lock = db_.engine() == sql::Engine::postgresql ? " FOR UPDATE" : "";
  sql::Statement find(db_, std::string("SELECT value FROM meta WHERE key = ?") + lock);
  find.bind(1, key);
  std::string value;
  if (find.step()) {
    value = find.column(0).text();
  } else {
    sql::Statement current(db_, start);
    current.step();
    value = current.column(0).text();
    sql::Statement put(db_, "INSERT INTO meta(key, value) VALUES (?, ?) ON CONFLICT DO NOTHING");
    put.bind(1, key).bind(2, value);
    if (put.exec() == 0) return position(key, start);  // another node stored it first
  }
  const auto colon = value.find(':');
  if (colon == std::string::npos) return {std::stoll(value), 0};
  return {std::stoll(value.substr(0, colon)), std::stoll(value.substr(colon + 1))};
}

void SqliteCareFeed::move_to(const std::string& key, std::int64_t a, std::int64_t b) {
  sql::Statement s(db_, "UPDATE meta SET value = ? WHERE key = ?");
  s.bind(1, std::to_string(a) + ":" + std::to_string(b));
  s.bind(2, key);
  s.exec();
}

std::vector<CareEvent> SqliteCareFeed::read_new(int limit) {
  std::vector<CareEvent> out;
  read_erasures(out, limit);
  read_orders(out, limit);
  read_log(out, limit);
  return out;
}

void SqliteCareFeed::read_log(std::vector<CareEvent>& out, int limit) {
  // The log in the order every reader of it shares (sql::EventLogReader: by id on SQLite; on
  // PostgreSQL by writing transaction, below the snapshot's xmin, so that an event committed
  // after a later one is neither skipped nor read twice). The position is the last event read.
  const std::string key = "care_log_through";
  const auto [through, unused] = position(key, "SELECT COALESCE(MAX(id), 0) FROM events");
  (void)unused;
  sql::Statement s(db_, sql::events_after_query(db_, "id, at, type, customer_id, conversation_id"));
  s.bind(1, through);
  s.bind(2, limit);
  std::int64_t last = through;
  while (s.step()) {
    const std::int64_t id = s.column(0).int64();
    last = id;
    if (s.column(3).is_null()) continue;
    const std::string type = s.column(2).text();
    std::string trigger;
    if (type == "conversation_opened") trigger = "conversation_created";
    if (type == "conversation_resolved" || type == "conversation_reopened") trigger = type;
    if (type == "survey_submitted") trigger = "rating_given";
    if (type == "message_received") trigger = "customer_replied";
    if (type == "message_sent") trigger = "conversation_pending";
    if (trigger.empty()) continue;
    CareEvent e{trigger, s.column(3).int64(), std::nullopt, std::nullopt, s.column(1).int64()};
    if (!s.column(4).is_null()) e.conversation_id = s.column(4).int64();
    if (trigger == "conversation_pending" && e.conversation_id)
      e.occurrence = answered_message(*e.conversation_id, id);
    out.push_back(e);
  }
  if (last != through) move_to(key, last, 0);
}

void SqliteCareFeed::read_orders(std::vector<CareEvent>& out, int limit) {
  const auto [at, id] = position(
      "care_orders_through",
      "SELECT COALESCE((SELECT updated_at || ':' || id FROM orders ORDER BY updated_at DESC, "
      "id DESC LIMIT 1), '0:0')");
  sql::Statement s(db_,
                   "SELECT o.id, o.customer_id, o.updated_at, o.financial_status, "
                   "o.fulfillment_status, EXISTS (SELECT 1 FROM order_fulfillments f WHERE "
                   "f.order_id = o.id AND f.status = 'delivered') FROM orders o "
                   "WHERE o.updated_at > ?1 OR (o.updated_at = ?1 AND o.id > ?2) "
                   "ORDER BY o.updated_at, o.id LIMIT ?3");
  s.bind(1, at);
  s.bind(2, id);
  s.bind(3, limit);
  std::int64_t last_at = at, last_id = id;
  sql::Statement remember(db_,
                          "INSERT INTO care_order_milestones(order_id, milestone, at) "
                          "VALUES (?, ?, ?) ON CONFLICT DO NOTHING");
  while (s.step()) {
    const std::int64_t order = s.column(0).int64();
    last_at = s.column(2).int64();
    last_id = order;
    if (s.column(1).is_null()) continue;
    for (const auto& milestone :
         order_milestones(s.column(3).text(), s.column(4).text(), s.column(5).int64())) {
      remember.reset();
      remember.bind(1, order);
      remember.bind(2, milestone);
      remember.bind(3, last_at);
      if (remember.exec() == 0) continue;
      out.push_back(CareEvent{milestone, s.column(1).int64(), order, std::nullopt, last_at});
    }
  }
  if (last_at != at || last_id != id) move_to("care_orders_through", last_at, last_id);
}

std::int64_t SqliteCareFeed::answered_message(std::int64_t conversation_id, std::int64_t event_id) {
  sql::Statement s(db_,
                   "SELECT COALESCE(MAX(id), 0) FROM events WHERE conversation_id = ? AND "
                   "type = 'message_received' AND id < ?");
  s.bind(1, conversation_id);
  s.bind(2, event_id);
  s.step();
  return s.column(0).int64();
}

std::vector<CareEvent> SqliteCareFeed::segment_changes(std::int64_t now) {
  std::vector<CareEvent> out;
  sql::Statement s(db_,
                   "SELECT c.id, c.segment, k.segment FROM customers c "
                   "LEFT JOIN care_segments k ON k.customer_id = c.id "
                   "WHERE c.merged_into IS NULL AND c.erased_at IS NULL AND "
                   "(k.segment IS NULL OR k.segment <> c.segment) ORDER BY c.id");
  sql::Statement remember(db_,
                          "INSERT INTO care_segments(customer_id, segment, changed_at) "
                          "VALUES (?, ?, ?) ON CONFLICT(customer_id) DO UPDATE SET "
                          "segment = excluded.segment, changed_at = excluded.changed_at");
  while (s.step()) {
    const std::int64_t id = s.column(0).int64();
    remember.reset();
    remember.bind(1, id);
    remember.bind(2, s.column(1).text());
    remember.bind(3, now);
    remember.exec();
    // A customer seen for the first time has no earlier segment to have moved from.
    if (s.column(2).is_null()) continue;
    CareEvent e{"segment_changed", id, std::nullopt, std::nullopt, now};
    e.occurrence = now;
    out.push_back(e);
  }
  return out;
}

void SqliteCareFeed::read_erasures(std::vector<CareEvent>& out, int limit) {
  const auto [at, id] = position(
      "care_erasures_through",
      "SELECT COALESCE((SELECT erased_at || ':' || id FROM customers WHERE erased_at IS NOT NULL "
      "ORDER BY erased_at DESC, id DESC LIMIT 1), '0:0')");
  sql::Statement s(db_,
                   "SELECT id, erased_at FROM customers WHERE erased_at IS NOT NULL AND "
                   "(erased_at > ?1 OR (erased_at = ?1 AND id > ?2)) "
                   "ORDER BY erased_at, id LIMIT ?3");
  s.bind(1, at);
  s.bind(2, id);
  s.bind(3, limit);
  std::int64_t last_at = at, last_id = id;
  while (s.step()) {
    last_id = s.column(0).int64();
    last_at = s.column(1).int64();
    out.push_back(CareEvent{"customer_erased", last_id, std::nullopt, std::nullopt, last_at});
  }
  if (last_at != at || last_id != id) move_to("care_erasures_through", last_at, last_id);
}

}  // namespace kefu::care
