#pragma once

#include <cstdint>
#include <string_view>

#include "server/customers/order_import.hpp"
#include "server/store/sql/connection.hpp"

namespace kefu::customers {

// The demo order history (demo/chinook_orders.csv, from the Chinook sample database, MIT
// licence), compiled into the program.
std::string_view demo_orders_csv();

// `kefu demo`: loads the Chinook customers (names, emails, phones, addresses, shop customer
// ids) and their orders (tracks as line items, with carriers and tracking), shifted by a whole
// number of days so the newest order falls within the day before `now` (ms since the epoch).
// Orders are upserted by id, so loading twice changes nothing. Needs create_schema() first.
ImportSummary load_demo_customers(sql::Connection& db, std::int64_t now);

}  // namespace kefu::customers
