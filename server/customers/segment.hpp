#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "server/routing/model.hpp"
#include "server/store/sql/connection.hpp"

namespace kefu::customers {

// The RFM segment of a customer, from their orders, is the router's own type, so that the
// priority the customer view shows is the one the queue applies (routing::priority_of).
using routing::Segment;
using routing::segment_from_string;

// An order total in reference cents (hundredths of about a US dollar), so that money spent in
// any currency scores alike: `cents` of `currency` (ISO 4217) divided by a fixed, approximate
// rate (CNY 7.2, EUR 0.92, JPY 150...). Segments are coarse bands, so the rates need not follow
// the market. An unknown or empty currency counts as reference cents.
std::int64_t reference_cents(std::string_view currency, std::int64_t cents);

// What RFM is computed from: the customer's counted orders (refunded and voided ones are not
// counted).
struct OrderHistory {
  std::int64_t order_count = 0;
  std::int64_t monetary_cents = 0;  // sum of order totals in reference cents (reference_cents)
  std::optional<std::int64_t> first_order_at;
  std::optional<std::int64_t> last_order_at;
};

// Scores from 1 (low) to 5 (high); all 0 when there is no order.
struct RfmScore {
  int recency = 0;    // days since the last order: <=30 5, <=90 4, <=180 3, <=365 2, else 1
  int frequency = 0;  // orders: 1 1, 2 2, 3-4 3, 5-9 4, >=10 5
  int monetary = 0;   // total: <50 1, <150 2, <400 3, <600 4, else 5 (reference units)

  // "R5F3M4", or "" without orders.
  std::string code() const;
};

RfmScore score_rfm(const OrderHistory& history, std::int64_t now);

// The segment, by the first rule that holds: no orders: new; recency 1 (over a year): lost;
// one order within 90 days: new; recency 2 (6-12 months): at_risk; recency >= 3 and
// frequency + monetary >= 9 (the top band of one and at least the second of the other): vip;
// recency 3 and frequency >= 3 (a regular gone quiet): at_risk; otherwise active.
Segment segment_of(const OrderHistory& history, std::int64_t now);

// Recomputes the customer's order aggregates (order count, lifetime value, currency, last order)
// and segment (money in reference_cents, each order's currency converted) from the orders table and
// stores them on the customers row. Called whenever the customer's orders change; segments also
// age, so a daily recompute_all_segments is advised.
void recompute_segment(sql::Connection& db, std::int64_t customer_id, std::int64_t now);

// recompute_segment for every current customer; returns how many there are.
std::int64_t recompute_all_segments(sql::Connection& db, std::int64_t now);

// The stored segment of the customer (after following merges); new_customer for an unknown id.
Segment stored_segment(sql::Connection& db, std::int64_t customer_id);

}  // namespace kefu::customers
