#include "server/customers/segment.hpp"

#include <algorithm>
#include <array>
#include <utility>
#include <vector>

#include "server/customers/savepoint.hpp"
#include "server/store/sql/statement.hpp"

namespace kefu::customers {
namespace {

constexpr std::int64_t kDayMs = 24LL * 60 * 60 * 1000;

// Orders counted for RFM and lifetime value.
constexpr const char* kCounted = "financial_status NOT IN ('refunded', 'voided')";

// Units of each currency to one reference unit (about a US dollar), approximate: segments are
// coarse bands. Sorted by code.
constexpr std::array<std::pair<std::string_view, double>, 20> kUnitsPerReference{{
    {"AUD", 1.5},  {"CAD", 1.37}, {"CHF", 0.88}, {"CNY", 7.2},   {"DKK", 6.9},
    {"EUR", 0.92}, {"GBP", 0.79}, {"HKD", 7.8},  {"IDR", 16000}, {"INR", 83},
    {"JPY", 150},  {"KRW", 1350}, {"MYR", 4.7},  {"NZD", 1.65},  {"PHP", 57},
    {"SEK", 10.5}, {"SGD", 1.35}, {"THB", 36},   {"TWD", 32},    {"USD", 1.0},
}};

}  // namespace

std::int64_t reference_cents(std::string_view currency, std::int64_t cents) {
  const auto found =
      std::ranges::find(kUnitsPerReference, currency, &std::pair<std::string_view, double>::first);
  if (found == kUnitsPerReference.end()) return cents;
  return static_cast<std::int64_t>(static_cast<double>(cents) / found->second);
}

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
  score.monetary = units < 50 ? 1 : units < 150 ? 2 : units < 400 ? 3 : units < 600 ? 4 : 5;
  return score;
}

Segment segment_of(const OrderHistory& history, std::int64_t now) {
  const RfmScore score = score_rfm(history, now);
  if (score.recency == 0) return Segment::new_customer;
  if (score.recency == 1) return Segment::lost;
  if (history.order_count == 1 && score.recency >= 4) return Segment::new_customer;
  if (score.recency == 2) return Segment::at_risk;
  if (score.frequency + score.monetary >= 9) return Segment::vip;
  if (score.recency == 3 && score.frequency >= 3) return Segment::at_risk;
  return Segment::active;
}

void recompute_segment(sql::Connection& db, std::int64_t customer_id, std::int64_t now) {
  // Per currency, so that each sum is converted at its own rate.
  sql::Statement totals(db, std::string("SELECT currency, COUNT(*), COALESCE(SUM(total_cents), 0), "
                                        "MIN(created_at), MAX(created_at) FROM orders "
                                        "WHERE customer_id = ? AND ") +
                                kCounted + " GROUP BY currency");
  totals.bind(1, customer_id);
  OrderHistory history;
  std::int64_t lifetime_cents = 0;  // as stored before: the totals as they are
  while (totals.step()) {
    const std::int64_t cents = totals.column(2).int64();
    history.order_count += totals.column(1).int64();
    history.monetary_cents += reference_cents(totals.column(0).text(), cents);
    lifetime_cents += cents;
    const std::int64_t first = totals.column(3).int64(), last = totals.column(4).int64();
    history.first_order_at = std::min(history.first_order_at.value_or(first), first);
    history.last_order_at = std::max(history.last_order_at.value_or(last), last);
  }

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
  update.bind(4, lifetime_cents);
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
