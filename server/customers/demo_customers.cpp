#include "server/customers/demo_customers.hpp"

#include <algorithm>
#include <sstream>
#include <string>
#include <vector>

#include "server/customers/csv_reader.hpp"
#include "server/customers/order_fields.hpp"

namespace kefu::customers {
namespace {

constexpr std::int64_t kDayMs = 24LL * 60 * 60 * 1000;

// The newest created_at in the CSV.
std::int64_t newest_order(std::string_view csv) {
  std::istringstream input{std::string(csv)};
  CsvReader reader(input);
  std::vector<std::string> fields;
  std::string error;
  reader.next(fields, error);
  const auto column = std::find(fields.begin(), fields.end(), "created_at") - fields.begin();
  std::int64_t newest = 0;
  while (reader.next(fields, error))
    if (static_cast<std::size_t>(column) < fields.size())
      if (const auto at = parse_timestamp(fields[column])) newest = std::max(newest, *at);
  return newest;
}

}  // namespace

ImportSummary load_demo_customers(sql::Connection& db, std::int64_t now) {
  const std::string_view csv = demo_orders_csv();
  ImportOptions options;
  options.now = now;
  options.time_shift_ms = (now - newest_order(csv)) / kDayMs * kDayMs;
  std::istringstream input{std::string(csv)};
  std::ostringstream ignored;
  return import_orders(input, csv.size(), db, ignored, options);
}

}  // namespace kefu::customers
