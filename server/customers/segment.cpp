#include "server/customers/segment.hpp"

#include <vector>

#include "server/customers/savepoint.hpp"
#include "server/store/sql/statement.hpp"

namespace kefu::customers {
namespace {

constexpr std::int64_t kDayMs = 24LL * 60 * 60 * 1000;

// Orders counted for RFM and lifetime value.
constexpr const char* kCounted = "financial_status NOT IN ('refunded', 'voided')";

}  // namespace

std::string RfmScore::code() const {
  if (recency == 0) return "";
  return "R" + std::to_string(recency) + "F" + std::to_string(frequency) + "M" +
         std::to_string(monetary);
}

RfmScore score_rfm(const OrderHistory& history, std::int64_t now) {
  RfmScore score;
  if (history.order_count == 0 || !history.last_order_at) return score;
  const std::int64_t days = (now - *history.last_order_at) / kDayMs;
  score.recency = days <= 30 ? 5 : days <= 90 ? 4 : days <= 180 ? 3 : days <= 365 ? 2 : 1;
  const std::int64_t n = history.order_count;
  score.frequency = n >= 10 ? 5 : n >= 5 ? 4 : n >= 3 ? 3 : n == 2 ? 2 : 1;
  const std::int64_t units = history.monetary_cents / 100;
  score.monetary = units < 50 ? 1 : units < 200 ? 2 : units < 500 ? 3 : units < 1000 ? 4 : 5;
  return score;
}

Segment segment_of(const OrderHistory& history, std::int64_t now) {
  const RfmScore score = score_rfm(history, now);
  if (score.recency == 0) return Segment::new_customer;
  if (score.recency == 1) return Segment::lost;
  if (history.order_count == 1 && score.recency >= 4) return Segment::new_customer;
  if (score.recency == 2) return Segment::at_risk;
  if (score.frequency + score.monetary >= 8) return Segment::vip;
  if (score.recency == 3 && score.frequency >= 3) return Segment::at_risk;
  return Segment::active;
}

void recompute_segment(sql::Connection& db, std::int64_t customer_id, std::int64_t now) {
  sql::Statement totals(db, std::string("SELECT COUNT(*), COALESCE(SUM(total_cents), 0), "
                                        "MIN(created_at), MAX(created_at) FROM orders "
                                        "WHERE customer_id = ? AND ") +
                                kCounted);
  totals.bind(1, customer_id);
  totals.step();
  OrderHistory history;
  history.order_count = totals.column(0).int64();
  history.monetary_cents = totals.column(1).int64();
  if (!totals.column(2).is_null()) history.first_order_at = totals.column(2).int64();
  if (!totals.column(3).is_null()) history.last_order_at = totals.column(3).int64();

  sql::Statement currency(db,
                          "SELECT currency FROM orders WHERE customer_id = ? "
                          "GROUP BY currency ORDER BY COUNT(*) DESC, currency LIMIT 1");
  currency.bind(1, customer_id);
  const std::string main_currency = currency.step() ? currency.column(0).text() : "";

  const RfmScore score = score_rfm(history, now);
  sql::Statement update(db,
                        "UPDATE customers SET segment = ?, rfm = ?, order_count = ?, "
                        "lifetime_value_cents = ?, currency = ?, last_order_at = ? "
                        "WHERE id = ?");
  update.bind(1, std::string(to_string(segment_of(history, now))));
  update.bind(2, score.code());
  update.bind(3, history.order_count);
  update.bind(4, history.monetary_cents);
  update.bind(5, main_currency);
  if (history.last_order_at) {
    update.bind(6, *history.last_order_at);
  } else {
    update.bind_null(6);
  }
  update.bind(7, customer_id);
  update.exec();
}

std::int64_t recompute_all_segments(sql::Connection& db, std::int64_t now) {
  std::vector<std::int64_t> ids;
  sql::Statement query(db, "SELECT id FROM customers WHERE merged_into IS NULL");
  while (query.step()) ids.push_back(query.column(0).int64());
  Savepoint savepoint(db);
  for (std::int64_t id : ids) recompute_segment(db, id, now);
  savepoint.release();
  return static_cast<std::int64_t>(ids.size());
}

Segment stored_segment(sql::Connection& db, std::int64_t customer_id) {
  sql::Statement query(db,
                       "WITH RECURSIVE chain(id, segment, merged_into) AS ("
                       " SELECT id, segment, merged_into FROM customers WHERE id = ?"
                       " UNION ALL SELECT c.id, c.segment, c.merged_into FROM customers c"
                       " JOIN chain ON c.id = chain.merged_into)"
                       " SELECT segment FROM chain WHERE merged_into IS NULL LIMIT 1");
  query.bind(1, customer_id);
  if (!query.step()) return Segment::new_customer;
  return segment_from_string(query.column(0).text());
}

}  // namespace kefu::customers
