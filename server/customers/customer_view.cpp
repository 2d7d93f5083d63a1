#include "server/customers/customer_view.hpp"

#include <SQLiteCpp/Statement.h>

#include <boost/json.hpp>
#include <unordered_map>

#include "server/customers/errors.hpp"
#include "server/customers/order_fields.hpp"
#include "server/customers/segment.hpp"

namespace kefu::customers {
namespace {

namespace json = boost::json;

json::value nullable_int(const SQLite::Column& column) {
  if (column.isNull()) return nullptr;
  return column.getInt64();
}

// Follows merged_into to the customer that holds the data now.
std::int64_t current_customer(SQLite::Database& db, std::int64_t customer_id) {
  SQLite::Statement query(db, "SELECT merged_into FROM customers WHERE id = ?");
  std::int64_t id = customer_id;
  for (int hops = 0; hops < 64; ++hops) {
    query.reset();
    query.bind(1, id);
    if (!query.executeStep()) throw CustomerNotFound("no customer " + std::to_string(customer_id));
    if (query.getColumn(0).isNull()) return id;
    id = query.getColumn(0).getInt64();
  }
  throw std::logic_error("merge chain too long from customer " + std::to_string(customer_id));
}

void add_profile(SQLite::Database& db, std::int64_t id, json::object& view) {
  SQLite::Statement query(db,
                          "SELECT display_name, first_name, last_name, address, created_at, "
                          "erased_at, segment, rfm, order_count, lifetime_value_cents, currency, "
                          "last_order_at FROM customers WHERE id = ?");
  query.bind(1, id);
  query.executeStep();
  view["id"] = id;
  view["display_name"] = query.getColumn(0).getString();
  view["first_name"] = query.getColumn(1).getString();
  view["last_name"] = query.getColumn(2).getString();
  view["address"] = query.getColumn(3).getString();
  view["created_at"] = nullable_int(query.getColumn(4));
  view["erased"] = !query.getColumn(5).isNull();
  const Segment segment = segment_from_string(query.getColumn(6).getString());
  view["segment"] = to_string(segment);
  view["rfm"] = query.getColumn(7).getString();
  view["routing_priority"] = routing_priority(segment);
  view["lifetime_value"] = {{"amount", format_amount(query.getColumn(9).getInt64())},
                            {"currency", query.getColumn(10).getString()},
                            {"order_count", query.getColumn(8).getInt64()}};
  view["last_order_at"] = nullable_int(query.getColumn(11));
}

void add_identities(SQLite::Database& db, std::int64_t id, json::object& view) {
  SQLite::Statement query(db,
                          "SELECT kind, value, verified FROM customer_identities "
                          "WHERE customer_id = ? ORDER BY id");
  query.bind(1, id);
  json::array identities;
  while (query.executeStep())
    identities.push_back({{"kind", query.getColumn(0).getString()},
                          {"value", query.getColumn(1).getString()},
                          {"verified", query.getColumn(2).getInt() != 0}});
  view["identities"] = std::move(identities);
}

void add_orders(SQLite::Database& db, std::int64_t id, int limit, json::object& view) {
  SQLite::Statement orders(db,
                           "SELECT id, shop_order_id, name, created_at, total_cents, currency, "
                           "financial_status, fulfillment_status FROM orders "
                           "WHERE customer_id = ? ORDER BY created_at DESC, id DESC LIMIT ?");
  orders.bind(1, id);
  orders.bind(2, limit);
  json::array recent;
  std::unordered_map<std::int64_t, std::size_t> position;
  std::string ids;
  while (orders.executeStep()) {
    const std::int64_t order_id = orders.getColumn(0).getInt64();
    position[order_id] = recent.size();
    if (!ids.empty()) ids += ',';
    ids += std::to_string(order_id);
    recent.push_back({{"id", order_id},
                      {"shop_order_id", orders.getColumn(1).getString()},
                      {"name", orders.getColumn(2).getString()},
                      {"created_at", orders.getColumn(3).getInt64()},
                      {"total", format_amount(orders.getColumn(4).getInt64())},
                      {"currency", orders.getColumn(5).getString()},
                      {"financial_status", orders.getColumn(6).getString()},
                      {"fulfillment_status", orders.getColumn(7).getString()},
                      {"items", json::array()},
                      {"fulfillments", json::array()}});
  }
  if (!ids.empty()) {
    // The ids are integers read from the database, so they can be spliced into the query.
    SQLite::Statement items(db,
                            "SELECT order_id, title, quantity, price_cents, sku FROM order_items "
                            "WHERE order_id IN (" +
                                ids + ") ORDER BY order_id, position");
    while (items.executeStep()) {
      auto& order = recent[position.at(items.getColumn(0).getInt64())].as_object();
      order["items"].as_array().push_back({{"title", items.getColumn(1).getString()},
                                           {"quantity", items.getColumn(2).getInt64()},
                                           {"price", format_amount(items.getColumn(3).getInt64())},
                                           {"sku", items.getColumn(4).getString()}});
    }
    SQLite::Statement shipments(db,
                                "SELECT order_id, status, tracking_number, tracking_company, "
                                "tracking_url FROM order_fulfillments WHERE order_id IN (" +
                                    ids + ") ORDER BY order_id, position");
    while (shipments.executeStep()) {
      auto& order = recent[position.at(shipments.getColumn(0).getInt64())].as_object();
      order["fulfillments"].as_array().push_back(
          {{"status", shipments.getColumn(1).getString()},
           {"tracking_number", shipments.getColumn(2).getString()},
           {"tracking_company", shipments.getColumn(3).getString()},
           {"tracking_url", shipments.getColumn(4).getString()}});
    }
  }
  view["recent_orders"] = std::move(recent);
}

void add_conversations(SQLite::Database& db, std::int64_t id, int limit, json::object& view) {
  json::array conversations;
  std::int64_t count = 0;
  if (db.tableExists("conversations")) {
    SQLite::Statement total(db, "SELECT COUNT(*) FROM conversations WHERE customer_id = ?");
    total.bind(1, id);
    total.executeStep();
    count = total.getColumn(0).getInt64();
    SQLite::Statement query(db,
                            "SELECT id, channel, status, agent_id, created_at, updated_at "
                            "FROM conversations WHERE customer_id = ? "
                            "ORDER BY created_at DESC, id DESC LIMIT ?");
    query.bind(1, id);
    query.bind(2, limit);
    while (query.executeStep())
      conversations.push_back({{"id", query.getColumn(0).getInt64()},
                               {"channel", query.getColumn(1).getString()},
                               {"status", query.getColumn(2).getString()},
                               {"agent_id", nullable_int(query.getColumn(3))},
                               {"created_at", nullable_int(query.getColumn(4))},
                               {"updated_at", nullable_int(query.getColumn(5))}});
  }
  view["conversation_count"] = count;
  view["conversations"] = std::move(conversations);
}

void add_notes_and_tags(SQLite::Database& db, std::int64_t id, int limit, json::object& view) {
  SQLite::Statement notes(db,
                          "SELECT id, author_id, body, created_at FROM customer_notes "
                          "WHERE customer_id = ? ORDER BY id DESC LIMIT ?");
  notes.bind(1, id);
  notes.bind(2, limit);
  json::array note_list;
  while (notes.executeStep())
    note_list.push_back({{"id", notes.getColumn(0).getInt64()},
                         {"author_id", nullable_int(notes.getColumn(1))},
                         {"body", notes.getColumn(2).getString()},
                         {"created_at", notes.getColumn(3).getInt64()}});
  view["notes"] = std::move(note_list);
  SQLite::Statement tags(db, "SELECT tag FROM customer_tags WHERE customer_id = ? ORDER BY tag");
  tags.bind(1, id);
  json::array tag_list;
  while (tags.executeStep()) tag_list.push_back(json::string(tags.getColumn(0).getString()));
  view["tags"] = std::move(tag_list);
}

}  // namespace

boost::json::array open_suggestions_json(SQLite::Database& db, std::int64_t id) {
  SQLite::Statement suggestions(db,
                                "SELECT s.id, s.customer_id, s.candidate_id, c.display_name, "
                                "s.kind, s.created_at, s.match_key, o.id, o.display_name "
                                "FROM merge_suggestions s "
                                "JOIN customers c ON c.id = s.candidate_id "
                                "JOIN customers o ON o.id = CASE WHEN s.customer_id = ?1 "
                                "THEN s.candidate_id ELSE s.customer_id END "
                                "WHERE s.status = 'open' AND (s.customer_id = ?1 OR "
                                "s.candidate_id = ?1) ORDER BY s.id");
  suggestions.bind(1, id);
  json::array suggestion_list;
  while (suggestions.executeStep())
    suggestion_list.push_back({{"id", suggestions.getColumn(0).getInt64()},
                               {"customer_id", suggestions.getColumn(1).getInt64()},
                               {"candidate_id", suggestions.getColumn(2).getInt64()},
                               {"candidate_name", suggestions.getColumn(3).getString()},
                               {"kind", suggestions.getColumn(4).getString()},
                               {"created_at", suggestions.getColumn(5).getInt64()},
                               {"matched", suggestions.getColumn(6).getString()},
                               {"other_id", suggestions.getColumn(7).getInt64()},
                               {"other_name", suggestions.getColumn(8).getString()}});
  return suggestion_list;
}

boost::json::array undoable_merges_json(SQLite::Database& db, std::int64_t id) {
  SQLite::Statement merges(db,
                           "SELECT m.id, m.source_id, m.reason, m.merged_at, m.by_agent, "
                           "s.display_name FROM customer_merges m "
                           "JOIN customers s ON s.id = m.source_id "
                           "WHERE m.target_id = ? AND m.unmerged_at IS NULL ORDER BY m.id DESC");
  merges.bind(1, id);
  json::array merge_list;
  while (merges.executeStep())
    merge_list.push_back({{"id", merges.getColumn(0).getInt64()},
                          {"source_id", merges.getColumn(1).getInt64()},
                          {"reason", merges.getColumn(2).getString()},
                          {"merged_at", merges.getColumn(3).getInt64()},
                          {"by_agent", nullable_int(merges.getColumn(4))},
                          {"source_name", merges.getColumn(5).getString()}});
  return merge_list;
}

boost::json::object build_customer_view(SQLite::Database& db, std::int64_t customer_id,
                                        const CustomerViewLimits& limits) {
  const std::int64_t id = current_customer(db, customer_id);
  json::object view;
  add_profile(db, id, view);
  add_identities(db, id, view);
  add_orders(db, id, limits.recent_orders, view);
  add_conversations(db, id, limits.conversations, view);
  add_notes_and_tags(db, id, limits.notes, view);
  view["merge_suggestions"] = open_suggestions_json(db, id);
  view["merges"] = undoable_merges_json(db, id);
  return view;
}

}  // namespace kefu::customers
