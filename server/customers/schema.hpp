#pragma once

#include <SQLiteCpp/Database.h>

namespace kefu::customers {

// Creates the customer tables (customers, customer_identities, orders, order_items,
// order_fulfillments, customer_notes, customer_tags, merge_suggestions, customer_merges) and
// their indexes if they do not exist. A `customers` table made earlier by the store's base
// migration (id, display_name, created_at) is extended with the columns it lacks by ALTER TABLE
// ADD COLUMN, so the call is safe on a new or an existing database and can be repeated.
// Customers that have a display name but no search key yet (rows the store made) get one.
void create_schema(SQLite::Database& db);

}  // namespace kefu::customers
