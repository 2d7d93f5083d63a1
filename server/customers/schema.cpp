#include "server/customers/schema.hpp"

#include <SQLiteCpp/Statement.h>
#include <SQLiteCpp/Transaction.h>

#include <cstdint>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "server/customers/name_search_key.hpp"

namespace kefu::customers {
namespace {

// Columns this library adds to `customers`, with their declarations. Every one is nullable or
// has a constant default, as ALTER TABLE ADD COLUMN requires.
const std::vector<std::pair<std::string, std::string>>& customer_columns() {
  static const std::vector<std::pair<std::string, std::string>> columns = {
      {"first_name", "TEXT NOT NULL DEFAULT ''"},
      {"last_name", "TEXT NOT NULL DEFAULT ''"},
      {"address", "TEXT NOT NULL DEFAULT ''"},
      {"search_key", "TEXT NOT NULL DEFAULT ''"},  // lower-case ASCII (pinyin for Han) of the name
      {"segment", "TEXT NOT NULL DEFAULT 'new'"},  // new | active | vip | at_risk | lost
      {"rfm", "TEXT NOT NULL DEFAULT ''"},         // e.g. "R5F3M4"
      {"order_count", "INTEGER NOT NULL DEFAULT 0"},
      {"lifetime_value_cents", "INTEGER NOT NULL DEFAULT 0"},  // hundredths of `currency`
      {"currency", "TEXT NOT NULL DEFAULT ''"},
      {"last_order_at", "INTEGER"},  // ms since the epoch
      {"merged_into", "INTEGER"},    // set while this customer is merged into another
      {"erased_at", "INTEGER"},      // set once personal data was erased
      {"updated_at", "INTEGER"},
  };
  return columns;
}

}  // namespace

void create_schema(SQLite::Database& db) {
  SQLite::Transaction transaction(db);
  db.exec(
      "CREATE TABLE IF NOT EXISTS customers ("
      " id INTEGER PRIMARY KEY, display_name TEXT, created_at INTEGER)");
  std::set<std::string> existing;
  SQLite::Statement columns(db, "SELECT name FROM pragma_table_info('customers')");
  while (columns.executeStep()) existing.insert(columns.getColumn(0).getString());
  for (const auto& [name, declaration] : customer_columns())
    if (!existing.contains(name))
      db.exec("ALTER TABLE customers ADD COLUMN " + name + " " + declaration);

  db.exec(R"sql(
    CREATE INDEX IF NOT EXISTS customers_merged_into ON customers(merged_into);

    CREATE TABLE IF NOT EXISTS customer_identities (
      id INTEGER PRIMARY KEY,
      customer_id INTEGER NOT NULL,
      kind TEXT NOT NULL,          -- email | phone | shop_customer_id | visitor_id
      value TEXT NOT NULL,         -- as typed
      match_key TEXT NOT NULL,     -- folded email, E.164 phone, trimmed id
      verified INTEGER NOT NULL,   -- 1: vouched for by the shop (signed); 0: a claim
      created_at INTEGER NOT NULL,
      UNIQUE (customer_id, kind, match_key));
    CREATE INDEX IF NOT EXISTS customer_identities_key
      ON customer_identities(kind, match_key, verified);

    CREATE TABLE IF NOT EXISTS orders (
      id INTEGER PRIMARY KEY,
      shop_order_id TEXT NOT NULL UNIQUE,
      name TEXT NOT NULL DEFAULT '',   -- the shop's order name, e.g. "#1001"
      customer_id INTEGER,
      email TEXT NOT NULL DEFAULT '',
      phone TEXT NOT NULL DEFAULT '',
      total_cents INTEGER NOT NULL,     -- hundredths of `currency`
      currency TEXT NOT NULL,
      financial_status TEXT NOT NULL DEFAULT '',
      fulfillment_status TEXT NOT NULL DEFAULT '',
      shipping_address TEXT NOT NULL DEFAULT '',
      created_at INTEGER NOT NULL,      -- ms since the epoch
      updated_at INTEGER NOT NULL);
    CREATE INDEX IF NOT EXISTS orders_by_customer ON orders(customer_id, created_at);
    CREATE INDEX IF NOT EXISTS orders_by_name ON orders(name);

    CREATE TABLE IF NOT EXISTS order_items (
      id INTEGER PRIMARY KEY,
      order_id INTEGER NOT NULL,
      position INTEGER NOT NULL,
      title TEXT NOT NULL,
      quantity INTEGER NOT NULL,
      price_cents INTEGER NOT NULL,
      sku TEXT NOT NULL DEFAULT '');
    CREATE INDEX IF NOT EXISTS order_items_by_order ON order_items(order_id, position);

    CREATE TABLE IF NOT EXISTS order_fulfillments (
      id INTEGER PRIMARY KEY,
      order_id INTEGER NOT NULL,
      position INTEGER NOT NULL,
      status TEXT NOT NULL DEFAULT '',
      tracking_number TEXT NOT NULL DEFAULT '',
      tracking_company TEXT NOT NULL DEFAULT '',
      tracking_url TEXT NOT NULL DEFAULT '');
    CREATE INDEX IF NOT EXISTS order_fulfillments_by_order
      ON order_fulfillments(order_id, position);

    CREATE TABLE IF NOT EXISTS customer_notes (
      id INTEGER PRIMARY KEY,
      customer_id INTEGER NOT NULL,
      author_id INTEGER,
      body TEXT NOT NULL,
      created_at INTEGER NOT NULL);
    CREATE INDEX IF NOT EXISTS customer_notes_by_customer ON customer_notes(customer_id, id);

    CREATE TABLE IF NOT EXISTS customer_tags (
      customer_id INTEGER NOT NULL,
      tag TEXT NOT NULL,
      created_at INTEGER NOT NULL,
      PRIMARY KEY (customer_id, tag));

    CREATE TABLE IF NOT EXISTS merge_suggestions (
      id INTEGER PRIMARY KEY,
      customer_id INTEGER NOT NULL,    -- the customer who made the unverified claim
      candidate_id INTEGER NOT NULL,   -- the existing customer the claim matches
      kind TEXT NOT NULL,
      match_key TEXT NOT NULL,
      status TEXT NOT NULL,            -- open | accepted | dismissed
      created_at INTEGER NOT NULL,
      decided_by INTEGER,
      decided_at INTEGER,
      merge_id INTEGER,
      UNIQUE (customer_id, candidate_id, kind, match_key));
    CREATE INDEX IF NOT EXISTS merge_suggestions_by_candidate ON merge_suggestions(candidate_id);

    CREATE TABLE IF NOT EXISTS customer_merges (
      id INTEGER PRIMARY KEY,
      target_id INTEGER NOT NULL,      -- the customer that remains
      source_id INTEGER NOT NULL,      -- the customer merged into it
      reason TEXT NOT NULL,            -- verified_identity | suggestion | agent
      by_agent INTEGER,
      moved TEXT NOT NULL,             -- JSON: the ids of the rows moved, per table
      merged_at INTEGER NOT NULL,
      unmerged_at INTEGER,
      unmerged_by INTEGER);
    CREATE INDEX IF NOT EXISTS customer_merges_by_source ON customer_merges(source_id);
    CREATE INDEX IF NOT EXISTS customer_merges_by_target ON customer_merges(target_id);

    -- The shop's webhook deliveries already taken (X-Shopify-Webhook-Id): a delivery seen again
    -- changes nothing. Pruned once older than the freshness window (ShopWebhooks).
    CREATE TABLE IF NOT EXISTS shop_webhooks (
      webhook_id TEXT PRIMARY KEY,
      received_at INTEGER NOT NULL);
    CREATE INDEX IF NOT EXISTS shop_webhooks_by_time ON shop_webhooks(received_at);
  )sql");
  // Added after `orders` first shipped: the shop's updated_at of the stored version, so that an
  // older version (a replayed webhook) never replaces a newer one.
  bool has_shop_updated_at = false;
  {
    SQLite::Statement order_columns(
        db, "SELECT 1 FROM pragma_table_info('orders') WHERE name = 'shop_updated_at'");
    has_shop_updated_at = order_columns.executeStep();
  }
  if (!has_shop_updated_at) db.exec("ALTER TABLE orders ADD COLUMN shop_updated_at INTEGER");
  // Rows made before this library knew them (by the store's base migration) get their name's
  // search key, so staff search finds them too.
  SQLite::Statement unkeyed(db,
                            "SELECT id, display_name FROM customers WHERE search_key = '' AND "
                            "COALESCE(display_name, '') <> '' AND erased_at IS NULL");
  std::vector<std::pair<std::int64_t, std::string>> names;
  while (unkeyed.executeStep())
    names.emplace_back(unkeyed.getColumn(0).getInt64(), unkeyed.getColumn(1).getString());
  if (!names.empty()) {
    const NameSearchKey search_key;
    SQLite::Statement update(db, "UPDATE customers SET search_key = ? WHERE id = ?");
    for (const auto& [id, name] : names) {
      update.reset();
      update.bind(1, search_key.key_for_name(name));
      update.bind(2, id);
      update.exec();
    }
  }
  transaction.commit();
}

}  // namespace kefu::customers
