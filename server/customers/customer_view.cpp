#include "server/customers/customer_view.hpp"

#include <boost/json.hpp>
#include <functional>
#include <memory>
#include <unordered_map>

#include "server/customers/errors.hpp"
#include "server/customers/order_fields.hpp"
#include "server/customers/segment.hpp"
#include "server/store/sql/statement.hpp"

namespace kefu::customers {
namespace {

namespace json = boost::json;

// Hands out the reader's prepared statement for a SQL string literal.
using Prepared = std::function<sql::Statement&(const char*)>;

json::value nullable_int(const sql::Column& column) {
  if (column.is_null()) return nullptr;
  return column.int64();
}

// Follows merged_into to the customer that holds the data now.
std::int64_t current_customer(const Prepared& prepared, std::int64_t customer_id) {
  sql::Statement& query = prepared("SELECT merged_into FROM customers WHERE id = ?");
  std::int64_t id = customer_id;
  for (int hops = 0; hops < 64; ++hops) {
    query.reset();
    query.bind(1, id);
    if (!query.step()) throw CustomerNotFound("no customer " + std::to_string(customer_id));
    if (query.column(0).is_null()) return id;
    id = query.column(0).int64();
  }
  throw std::logic_error("merge chain too long from customer " + std::to_string(customer_id));
}

void add_profile(const Prepared& prepared, std::int64_t id, json::object& view) {
  sql::Statement& query = prepared(
      "SELECT display_name, first_name, last_name, address, created_at, "
      "erased_at, segment, rfm, order_count, lifetime_value_cents, currency, "
      "last_order_at FROM customers WHERE id = ?");
  query.bind(1, id);
  query.step();
  view["id"] = id;
  view["display_name"] = query.column(0).text();
  view["first_name"] = query.column(1).text();
  view["last_name"] = query.column(2).text();
  view["address"] = query.column(3).text();
  view["created_at"] = nullable_int(query.column(4));
  view["erased"] = !query.column(5).is_null();
  const Segment segment = segment_from_string(query.column(6).text());
  view["segment"] = to_string(segment);
  view["rfm"] = query.column(7).text();
  view["routing_priority"] = routing::priority_of(segment);
  view["lifetime_value"] = {{"amount", format_amount(query.column(9).int64())},
                            {"currency", query.column(10).text()},
                            {"order_count", query.column(8).int64()}};
  view["last_order_at"] = nullable_int(query.column(11));
}

void add_identities(const Prepared& prepared, std::int64_t id, json::object& view) {
  sql::Statement& query = prepared(
      "SELECT kind, value, verified FROM customer_identities "
      "WHERE customer_id = ? ORDER BY id");
  query.bind(1, id);
  json::array identities;
  while (query.step())
    identities.push_back({{"kind", query.column(0).text()},
                          {"value", query.column(1).text()},
                          {"verified", query.column(2).int32() != 0}});
  view["identities"] = std::move(identities);
}

void add_orders(const Prepared& prepared, std::int64_t id, int limit, json::object& view) {
  sql::Statement& orders = prepared(
      "SELECT id, shop_order_id, name, created_at, total_cents, currency, "
      "financial_status, fulfillment_status FROM orders "
      "WHERE customer_id = ? ORDER BY created_at DESC, id DESC LIMIT ?");
  orders.bind(1, id);
  orders.bind(2, limit);
  json::array recent;
  std::unordered_map<std::int64_t, std::size_t> position;
  while (orders.step()) {
    const std::int64_t order_id = orders.column(0).int64();
    position[order_id] = recent.size();
    recent.push_back({{"id", order_id},
                      {"shop_order_id", orders.column(1).text()},
                      {"name", orders.column(2).text()},
                      {"created_at", orders.column(3).int64()},
                      {"total", format_amount(orders.column(4).int64())},
                      {"currency", orders.column(5).text()},
                      {"financial_status", orders.column(6).text()},
                      {"fulfillment_status", orders.column(7).text()},
                      {"items", json::array()},
                      {"fulfillments", json::array()}});
  }
  if (!recent.empty()) {
    // The same recent orders again (the index orders_by_customer answers it), so that the
    // statement's text is fixed and stays prepared.
    sql::Statement& items = prepared(
        "SELECT order_id, title, quantity, price_cents, sku FROM order_items WHERE order_id IN "
        "(SELECT id FROM orders WHERE customer_id = ? ORDER BY created_at DESC, id DESC LIMIT ?) "
        "ORDER BY order_id, position");
    items.bind(1, id);
    items.bind(2, limit);
    while (items.step()) {
      auto& order = recent[position.at(items.column(0).int64())].as_object();
      order["items"].as_array().push_back({{"title", items.column(1).text()},
                                           {"quantity", items.column(2).int64()},
                                           {"price", format_amount(items.column(3).int64())},
                                           {"sku", items.column(4).text()}});
    }
    sql::Statement& shipments = prepared(
        "SELECT order_id, status, tracking_number, tracking_company, tracking_url "
        "FROM order_fulfillments WHERE order_id IN "
        "(SELECT id FROM orders WHERE customer_id = ? ORDER BY created_at DESC, id DESC LIMIT ?) "
        "ORDER BY order_id, position");
    shipments.bind(1, id);
    shipments.bind(2, limit);
    while (shipments.step()) {
      auto& order = recent[position.at(shipments.column(0).int64())].as_object();
      order["fulfillments"].as_array().push_back({{"status", shipments.column(1).text()},
                                                  {"tracking_number", shipments.column(2).text()},
                                                  {"tracking_company", shipments.column(3).text()},
                                                  {"tracking_url", shipments.column(4).text()}});
    }
  }
  view["recent_orders"] = std::move(recent);
}

// The customer's conversations on every channel, newest first: their own and those of every
// customer merged into them. A widget visitor whom the shop identifies while their socket is
// open is merged into the shop's customer, but the conversation the desk opens for that socket
// may still name the visitor's id: the history must not depend on which came first.
void add_conversations(const Prepared& prepared, bool has_conversations, std::int64_t id, int limit,
                       json::object& view) {
  json::array conversations;
  std::int64_t count = 0;
  if (has_conversations) {
    sql::Statement& total = prepared(
        "WITH RECURSIVE family(id) AS (SELECT ?1 UNION "
        "SELECT c.id FROM customers c JOIN family f ON c.merged_into = f.id) "
        "SELECT COUNT(*) FROM conversations WHERE customer_id IN (SELECT id FROM family)");
    total.bind(1, id);
    total.step();
    count = total.column(0).int64();
    sql::Statement& query = prepared(
        "WITH RECURSIVE family(id) AS (SELECT ?1 UNION "
        "SELECT c.id FROM customers c JOIN family f ON c.merged_into = f.id) "
        "SELECT id, channel, status, agent_id, created_at, updated_at, subject, queue, "
        "last_agent_id FROM conversations WHERE customer_id IN (SELECT id FROM family) "
        "ORDER BY created_at DESC, id DESC LIMIT ?2");
    query.bind(1, id);
    query.bind(2, limit);
    while (query.step())
      conversations.push_back({{"id", query.column(0).int64()},
                               {"channel", query.column(1).text()},
                               {"status", query.column(2).text()},
                               {"agent_id", nullable_int(query.column(3))},
                               {"created_at", nullable_int(query.column(4))},
                               {"updated_at", nullable_int(query.column(5))},
                               {"subject", query.column(6).text()},
                               {"queue", query.column(7).text()},
                               {"last_agent_id", nullable_int(query.column(8))}});
  }
  view["conversation_count"] = count;
  view["conversations"] = std::move(conversations);
}

void add_notes_and_tags(const Prepared& prepared, std::int64_t id, int limit, json::object& view) {
  sql::Statement& notes = prepared(
      "SELECT id, author_id, body, created_at FROM customer_notes "
      "WHERE customer_id = ? ORDER BY id DESC LIMIT ?");
  notes.bind(1, id);
  notes.bind(2, limit);
  json::array note_list;
  while (notes.step())
    note_list.push_back({{"id", notes.column(0).int64()},
                         {"author_id", nullable_int(notes.column(1))},
                         {"body", notes.column(2).text()},
                         {"created_at", notes.column(3).int64()}});
  view["notes"] = std::move(note_list);
  sql::Statement& tags =
      prepared("SELECT tag FROM customer_tags WHERE customer_id = ? ORDER BY tag");
  tags.bind(1, id);
  json::array tag_list;
  while (tags.step()) tag_list.push_back(json::string(tags.column(0).text()));
  view["tags"] = std::move(tag_list);
}

}  // namespace

boost::json::array CustomerViewReader::open_suggestions(std::int64_t id) {
  const Prepared prepared = [this](const char* sql) -> sql::Statement& { return statement(sql); };
  sql::Statement& suggestions = prepared(
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
  while (suggestions.step())
    suggestion_list.push_back({{"id", suggestions.column(0).int64()},
                               {"customer_id", suggestions.column(1).int64()},
                               {"candidate_id", suggestions.column(2).int64()},
                               {"candidate_name", suggestions.column(3).text()},
                               {"kind", suggestions.column(4).text()},
                               {"created_at", suggestions.column(5).int64()},
                               {"matched", suggestions.column(6).text()},
                               {"other_id", suggestions.column(7).int64()},
                               {"other_name", suggestions.column(8).text()}});
  return suggestion_list;
}

boost::json::array CustomerViewReader::undoable_merges(std::int64_t id) {
  const Prepared prepared = [this](const char* sql) -> sql::Statement& { return statement(sql); };
  sql::Statement& merges = prepared(
      "SELECT m.id, m.source_id, m.reason, m.merged_at, m.by_agent, "
      "s.display_name FROM customer_merges m "
      "JOIN customers s ON s.id = m.source_id "
      "WHERE m.target_id = ? AND m.unmerged_at IS NULL ORDER BY m.id DESC");
  merges.bind(1, id);
  json::array merge_list;
  while (merges.step())
    merge_list.push_back({{"id", merges.column(0).int64()},
                          {"source_id", merges.column(1).int64()},
                          {"reason", merges.column(2).text()},
                          {"merged_at", merges.column(3).int64()},
                          {"by_agent", nullable_int(merges.column(4))},
                          {"source_name", merges.column(5).text()}});
  return merge_list;
}

CustomerViewReader::CustomerViewReader(sql::Connection& db) : db_(db) {}

sql::Statement& CustomerViewReader::statement(const char* sql) {
  auto found = statements_.find(sql);
  if (found == statements_.end()) {
    // Prepared before it is kept: a statement that fails to compile leaves no empty slot
    // behind for reset_all() to trip over.
    auto prepared = std::make_unique<sql::Statement>(db_, sql);
    found = statements_.emplace(sql, std::move(prepared)).first;
  }
  auto& slot = found->second;
  slot->reset();
  slot->clear_bindings();
  return *slot;
}

void CustomerViewReader::reset_all() {
  for (auto& [sql, statement] : statements_) statement->reset();
}

boost::json::object CustomerViewReader::build(std::int64_t customer_id,
                                              const CustomerViewLimits& limits) {
  // A statement left stepping would pin this connection's read snapshot: reset them all after.
  struct ResetAll {
    CustomerViewReader& reader;
    ~ResetAll() { reader.reset_all(); }
  } reset{*this};
  const Prepared prepared = [this](const char* sql) -> sql::Statement& { return statement(sql); };
  if (!has_conversations_) has_conversations_ = db_.has_table("conversations");
  const std::int64_t id = current_customer(prepared, customer_id);
  json::object view;
  add_profile(prepared, id, view);
  add_identities(prepared, id, view);
  add_orders(prepared, id, limits.recent_orders, view);
  add_conversations(prepared, *has_conversations_, id, limits.conversations, view);
  add_notes_and_tags(prepared, id, limits.notes, view);
  view["merge_suggestions"] = open_suggestions(id);
  view["merges"] = undoable_merges(id);
  return view;
}

boost::json::object build_customer_view(sql::Connection& db, std::int64_t customer_id,
                                        const CustomerViewLimits& limits) {
  return CustomerViewReader(db).build(customer_id, limits);
}

boost::json::array open_suggestions_json(sql::Connection& db, std::int64_t id) {
  return CustomerViewReader(db).open_suggestions(id);
}

boost::json::array undoable_merges_json(sql::Connection& db, std::int64_t id) {
  return CustomerViewReader(db).undoable_merges(id);
}

}  // namespace kefu::customers
