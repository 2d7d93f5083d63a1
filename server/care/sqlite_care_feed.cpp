#include "server/care/sqlite_care_feed.hpp"

#include <SQLiteCpp/Statement.h>

#include "server/care/order_milestones.hpp"
#include "server/store/sql/event_log_reader.hpp"

namespace kefu::care {

std::pair<std::int64_t, std::int64_t> SqliteCareFeed::position(const std::string& key,
                                                               const std::string& start) {
  SQLite::Statement find(db_, "SELECT value FROM meta WHERE key = ?");
  find.bind(1, key);
  std::string value;
  if (find.executeStep()) {
    value = find.getColumn(0).getString();
  } else {
    find.reset();
    value = db_.execAndGet(start).getString();
    SQLite::Statement put(db_, "INSERT INTO meta(key, value) VALUES (?, ?)");
    put.bind(1, key);
    put.bind(2, value);
    put.exec();
  }
  const auto colon = value.find(':');
  if (colon == std::string::npos) return {std::stoll(value), 0};
  return {std::stoll(value.substr(0, colon)), std::stoll(value.substr(colon + 1))};
}

void SqliteCareFeed::move_to(const std::string& key, std::int64_t a, std::int64_t b) {
  SQLite::Statement s(db_, "UPDATE meta SET value = ? WHERE key = ?");
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
  const auto [through, unused] =
      position("care_log_through", "SELECT COALESCE(MAX(id), 0) FROM events");
  (void)unused;
  SQLite::Statement s(db_, sql::event_log_reader(sql::Engine::sqlite)
                               .after_query("id, at, type, customer_id, conversation_id"));
  s.bind(1, through);
  s.bind(2, limit);
  std::int64_t last = through;
  while (s.executeStep()) {
    last = s.getColumn(0).getInt64();
    if (s.getColumn(3).isNull()) continue;
    const std::string type = s.getColumn(2).getString();
    std::string trigger;
    if (type == "conversation_opened") trigger = "conversation_created";
    if (type == "conversation_resolved" || type == "conversation_reopened") trigger = type;
    if (type == "survey_submitted") trigger = "rating_given";
    if (type == "message_received") trigger = "customer_replied";
    if (type == "message_sent") trigger = "conversation_pending";
    if (trigger.empty()) continue;
    CareEvent e{trigger, s.getColumn(3).getInt64(), std::nullopt, std::nullopt,
                s.getColumn(1).getInt64()};
    if (!s.getColumn(4).isNull()) e.conversation_id = s.getColumn(4).getInt64();
    if (trigger == "conversation_pending" && e.conversation_id)
      e.occurrence = answered_message(*e.conversation_id, last);
    out.push_back(e);
  }
  if (last != through) move_to("care_log_through", last, 0);
}

void SqliteCareFeed::read_orders(std::vector<CareEvent>& out, int limit) {
  const auto [at, id] = position(
      "care_orders_through",
      "SELECT COALESCE((SELECT updated_at || ':' || id FROM orders ORDER BY updated_at DESC, "
      "id DESC LIMIT 1), '0:0')");
  SQLite::Statement s(db_,
                      "SELECT o.id, o.customer_id, o.updated_at, o.financial_status, "
                      "o.fulfillment_status, EXISTS (SELECT 1 FROM order_fulfillments f WHERE "
                      "f.order_id = o.id AND f.status = 'delivered') FROM orders o "
                      "WHERE o.updated_at > ?1 OR (o.updated_at = ?1 AND o.id > ?2) "
                      "ORDER BY o.updated_at, o.id LIMIT ?3");
  s.bind(1, at);
  s.bind(2, id);
  s.bind(3, limit);
  std::int64_t last_at = at, last_id = id;
  SQLite::Statement remember(db_,
                             "INSERT INTO care_order_milestones(order_id, milestone, at) "
                             "VALUES (?, ?, ?) ON CONFLICT DO NOTHING");
  while (s.executeStep()) {
    const std::int64_t order = s.getColumn(0).getInt64();
    last_at = s.getColumn(2).getInt64();
    last_id = order;
    if (s.getColumn(1).isNull()) continue;
    for (const auto& milestone : order_milestones(
             s.getColumn(3).getString(), s.getColumn(4).getString(), s.getColumn(5).getInt())) {
      remember.reset();
      remember.bind(1, order);
      remember.bind(2, milestone);
      remember.bind(3, last_at);
      if (remember.exec() == 0) continue;
      out.push_back(CareEvent{milestone, s.getColumn(1).getInt64(), order, std::nullopt, last_at});
    }
  }
  if (last_at != at || last_id != id) move_to("care_orders_through", last_at, last_id);
}

std::int64_t SqliteCareFeed::answered_message(std::int64_t conversation_id, std::int64_t event_id) {
  SQLite::Statement s(db_,
                      "SELECT COALESCE(MAX(id), 0) FROM events WHERE conversation_id = ? AND "
                      "type = 'message_received' AND id < ?");
  s.bind(1, conversation_id);
  s.bind(2, event_id);
  s.executeStep();
  return s.getColumn(0).getInt64();
}

std::vector<CareEvent> SqliteCareFeed::segment_changes(std::int64_t now) {
  std::vector<CareEvent> out;
  SQLite::Statement s(db_,
                      "SELECT c.id, c.segment, k.segment FROM customers c "
                      "LEFT JOIN care_segments k ON k.customer_id = c.id "
                      "WHERE c.merged_into IS NULL AND c.erased_at IS NULL AND "
                      "(k.segment IS NULL OR k.segment <> c.segment) ORDER BY c.id");
  SQLite::Statement remember(db_,
                             "INSERT INTO care_segments(customer_id, segment, changed_at) "
                             "VALUES (?, ?, ?) ON CONFLICT(customer_id) DO UPDATE SET "
                             "segment = excluded.segment, changed_at = excluded.changed_at");
  while (s.executeStep()) {
    const std::int64_t id = s.getColumn(0).getInt64();
    remember.reset();
    remember.bind(1, id);
    remember.bind(2, s.getColumn(1).getString());
    remember.bind(3, now);
    remember.exec();
    // A customer seen for the first time has no earlier segment to have moved from.
    if (s.getColumn(2).isNull()) continue;
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
  SQLite::Statement s(db_,
                      "SELECT id, erased_at FROM customers WHERE erased_at IS NOT NULL AND "
                      "(erased_at > ?1 OR (erased_at = ?1 AND id > ?2)) "
                      "ORDER BY erased_at, id LIMIT ?3");
  s.bind(1, at);
  s.bind(2, id);
  s.bind(3, limit);
  std::int64_t last_at = at, last_id = id;
  while (s.executeStep()) {
    last_id = s.getColumn(0).getInt64();
    last_at = s.getColumn(1).getInt64();
    out.push_back(CareEvent{"customer_erased", last_id, std::nullopt, std::nullopt, last_at});
  }
  if (last_at != at || last_id != id) move_to("care_erasures_through", last_at, last_id);
}

}  // namespace kefu::care
