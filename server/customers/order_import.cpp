#include "server/customers/order_import.hpp"

#include <unistd.h>

#include <algorithm>
#include <array>
#include <cctype>
#include <chrono>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <map>
#include <optional>
#include <set>
#include <unordered_map>

#include "server/customers/csv_reader.hpp"
#include "server/customers/customer_directory.hpp"
#include "server/customers/errors.hpp"
#include "server/customers/identity.hpp"
#include "server/customers/order_book.hpp"
#include "server/customers/order_fields.hpp"
#include "server/customers/savepoint.hpp"
#include "server/customers/segment.hpp"
#include "server/customers/shop_order.hpp"

namespace kefu::customers {
namespace {

constexpr std::size_t kOrdersPerTransaction = 500;

enum Column {
  order_id,
  name,
  created_at,
  customer_id,
  first_name,
  last_name,
  email,
  phone,
  shipping_address,
  currency,
  total_price,
  financial_status,
  fulfillment_status,
  title,
  quantity,
  price,
  sku,
  tracking_number,
  tracking_company,
  tracking_url,
  tracking_status,
  column_count
};

const std::map<std::string, Column>& column_names() {
  static const std::map<std::string, Column> names = {
      {"order_id", order_id},
      {"id", order_id},
      {"name", name},
      {"created_at", created_at},
      {"customer_id", customer_id},
      {"first_name", first_name},
      {"last_name", last_name},
      {"email", email},
      {"phone", phone},
      {"shipping_address", shipping_address},
      {"currency", currency},
      {"total_price", total_price},
      {"total", total_price},
      {"financial_status", financial_status},
      {"fulfillment_status", fulfillment_status},
      {"title", title},
      {"lineitem_name", title},
      {"quantity", quantity},
      {"lineitem_quantity", quantity},
      {"price", price},
      {"lineitem_price", price},
      {"sku", sku},
      {"lineitem_sku", sku},
      {"tracking_number", tracking_number},
      {"tracking_company", tracking_company},
      {"tracking_url", tracking_url},
      {"tracking_status", tracking_status},
  };
  return names;
}

constexpr const char* kColumnLabel[column_count] = {"order_id",
                                                    "name",
                                                    "created_at",
                                                    "customer_id",
                                                    "first_name",
                                                    "last_name",
                                                    "email",
                                                    "phone",
                                                    "shipping_address",
                                                    "currency",
                                                    "total_price",
                                                    "financial_status",
                                                    "fulfillment_status",
                                                    "title",
                                                    "quantity",
                                                    "price",
                                                    "sku",
                                                    "tracking_number",
                                                    "tracking_company",
                                                    "tracking_url",
                                                    "tracking_status"};

std::string header_key(std::string text) {
  std::string key;
  for (unsigned char c : text) {
    if (std::isspace(c) || c == '-') {
      if (!key.empty() && key.back() != '_') key += '_';
    } else {
      key += static_cast<char>(std::tolower(c));
    }
  }
  while (!key.empty() && key.back() == '_') key.pop_back();
  return key;
}

std::string trimmed(const std::string& text) {
  std::size_t begin = 0;
  std::size_t end = text.size();
  while (begin < end && std::isspace(static_cast<unsigned char>(text[begin]))) ++begin;
  while (end > begin && std::isspace(static_cast<unsigned char>(text[end - 1]))) --end;
  return text.substr(begin, end - begin);
}

std::string quoted(const std::string& value) {
  return "'" + value.substr(0, 60) + "'";
}

// A row's fields by column; "" for a column the file does not have.
struct Row {
  std::array<std::string, column_count> field;
  const std::string& operator[](Column column) const { return field[column]; }
};

// An order being assembled from its rows.
struct PendingOrder {
  ShopOrder order;
  std::size_t first_line = 0;
  Row first_row;  // the order fields as first given, to check later rows against
  std::set<std::string> tracking_numbers;
};

// Draws "\r<phase> [#####.....]  45%" on a terminal, redrawing only when the percentage moves.
class ProgressBar {
 public:
  ProgressBar(std::ostream& out, bool enabled) : out_(out), enabled_(enabled) {}

  void show(const char* phase, double fraction) {
    if (!enabled_) return;
    const int percent = std::clamp(static_cast<int>(fraction * 100), 0, 100);
    if (percent == percent_ && phase == phase_) return;
    percent_ = percent;
    phase_ = phase;
    constexpr int width = 40;
    const int filled = percent * width / 100;
    out_ << '\r' << phase << " [" << std::string(filled, '#') << std::string(width - filled, '.')
         << "] " << percent << "%   " << std::flush;
  }

  void finish() {
    if (enabled_ && percent_ >= 0) out_ << '\n' << std::flush;
  }

 private:
  std::ostream& out_;
  bool enabled_;
  int percent_ = -1;
  const char* phase_ = nullptr;
};

// Validates the row's order-level fields into `order`; returns the first problem.
std::optional<std::string> read_order_fields(const Row& row, const ImportOptions& options,
                                             ShopOrder& order) {
  if (!row[created_at].empty()) {
    const auto at = parse_timestamp(row[created_at]);
    if (!at) return "created_at " + quoted(row[created_at]) + " is not an ISO 8601 time";
    order.created_at = *at + options.time_shift_ms;
  }
  if (!row[total_price].empty()) {
    const auto cents = parse_amount_cents(row[total_price]);
    if (!cents) return "total_price " + quoted(row[total_price]) + " is not an amount";
    order.total_cents = *cents;
  }
  if (!row[currency].empty()) {
    const std::string& code = row[currency];
    if (code.size() != 3 ||
        !std::all_of(code.begin(), code.end(), [](unsigned char c) { return std::isalpha(c); }))
      return "currency " + quoted(code) + " is not a 3-letter code";
    order.currency.clear();
    for (unsigned char c : code) order.currency += static_cast<char>(std::toupper(c));
  }
  if (!row[email].empty() && !email_match_key(row[email]))
    return "email " + quoted(row[email]) + " is not an email address";
  if (!row[phone].empty() && !phone_e164(row[phone], options.default_country_code))
    return "phone " + quoted(row[phone]) + " is not a phone number";
  if (!row[name].empty()) order.name = row[name];
  if (!row[email].empty()) order.email = row[email];
  if (!row[phone].empty()) order.phone = row[phone];
  if (!row[financial_status].empty()) order.financial_status = row[financial_status];
  if (!row[fulfillment_status].empty()) order.fulfillment_status = row[fulfillment_status];
  if (!row[shipping_address].empty()) order.shipping_address = row[shipping_address];
  if (!row[customer_id].empty() || !row[first_name].empty() || !row[last_name].empty()) {
    if (!order.customer) order.customer = ShopCustomer{};
    if (!row[customer_id].empty()) order.customer->id = row[customer_id];
    if (!row[first_name].empty()) order.customer->first_name = row[first_name];
    if (!row[last_name].empty()) order.customer->last_name = row[last_name];
    if (!row[email].empty()) order.customer->email = row[email];
    if (!row[phone].empty()) order.customer->phone = row[phone];
  }
  return std::nullopt;
}

std::optional<std::string> read_line_item(const Row& row, std::optional<LineItem>& item) {
  if (row[title].empty()) {
    if (!row[quantity].empty() || !row[price].empty() || !row[sku].empty())
      return std::string("title is missing for the line item");
    return std::nullopt;
  }
  LineItem line;
  line.title = row[title];
  line.sku = row[sku];
  if (!row[quantity].empty()) {
    const std::string& text = row[quantity];
    if (text.size() > 9 ||
        !std::all_of(text.begin(), text.end(), [](unsigned char c) { return std::isdigit(c); }))
      return "quantity " + quoted(text) + " is not a whole number";
    line.quantity = std::stoll(text);
  }
  const auto cents = parse_amount_cents(row[price]);
  if (!cents) return "price " + quoted(row[price]) + " is not an amount";
  line.price_cents = *cents;
  item = std::move(line);
  return std::nullopt;
}

}  // namespace

ImportSummary import_orders(std::istream& input, std::size_t input_bytes, sql::Connection& db,
                            std::ostream& out, const ImportOptions& options) {
  const auto started = std::chrono::steady_clock::now();
  ImportSummary summary;
  ProgressBar progress(out, options.progress);
  CsvReader reader(input);
  std::vector<std::string> fields;
  std::string error;

  if (!reader.next(fields, error)) throw InvalidCustomerInput("the CSV file is empty");
  if (!error.empty()) throw InvalidCustomerInput("the CSV header is malformed: " + error);
  std::array<int, column_count> index;
  index.fill(-1);
  for (std::size_t i = 0; i < fields.size(); ++i) {
    const auto known = column_names().find(header_key(fields[i]));
    if (known != column_names().end() && index[known->second] < 0)
      index[known->second] = static_cast<int>(i);
  }
  if (index[order_id] < 0 && index[name] < 0)
    throw InvalidCustomerInput("the CSV header lacks an order_id (or name) column");
  for (Column required : {created_at, currency, total_price})
    if (index[required] < 0)
      throw InvalidCustomerInput(std::string("the CSV header lacks a ") + kColumnLabel[required] +
                                 " column");

  std::vector<PendingOrder> orders;
  orders.reserve(1024);
  std::unordered_map<std::string, std::size_t> by_key;
  Row row;
  while (reader.next(fields, error)) {
    progress.show("reading", input_bytes ? double(reader.bytes_read()) / input_bytes : 0);
    if (fields.size() == 1 && trimmed(fields[0]).empty() && error.empty()) continue;
    ++summary.rows;
    const auto reject = [&](std::string reason) {
      summary.rejected.push_back({reader.line(), std::move(reason)});
    };
    if (!error.empty()) {
      reject("malformed CSV record: " + error);
      continue;
    }
    for (int c = 0; c < column_count; ++c)
      row.field[c] = index[c] >= 0 && static_cast<std::size_t>(index[c]) < fields.size()
                         ? trimmed(fields[index[c]])
                         : std::string();
    const std::string key = !row[order_id].empty() ? row[order_id] : row[name];
    if (key.empty()) {
      reject("order_id is missing");
      continue;
    }
    if (key.size() > 64) {
      reject("order_id is longer than 64 characters");
      continue;
    }
    std::optional<LineItem> item;
    if (auto problem = read_line_item(row, item)) {
      reject(*problem);
      continue;
    }
    const auto found = by_key.find(key);
    if (found == by_key.end()) {
      PendingOrder pending;
      pending.order.id = key;
      if (auto problem = read_order_fields(row, options, pending.order)) {
        reject(*problem);
        continue;
      }
      std::optional<std::string> missing;
      for (Column required : {created_at, currency, total_price})
        if (!missing && row[required].empty())
          missing = std::string(kColumnLabel[required]) + " is missing on the order's first row";
      if (missing) {
        reject(*missing);
        continue;
      }
      pending.first_line = reader.line();
      pending.first_row = row;
      by_key.emplace(key, orders.size());
      orders.push_back(std::move(pending));
    } else {
      PendingOrder& pending = orders[found->second];
      ShopOrder scratch;
      if (auto problem = read_order_fields(row, options, scratch)) {
        reject(*problem);
        continue;
      }
      std::optional<std::string> conflict;
      for (Column field : {name, created_at, customer_id, email, currency, total_price}) {
        if (conflict || row[field].empty() || row[field] == pending.first_row[field]) continue;
        conflict = std::string(kColumnLabel[field]) + " " + quoted(row[field]) +
                   " contradicts line " + std::to_string(pending.first_line) + " (" +
                   quoted(pending.first_row[field]) + ")";
      }
      if (conflict) {
        reject(*conflict);
        continue;
      }
    }
    PendingOrder& pending = orders[by_key.at(key)];
    if (item) pending.order.line_items.push_back(std::move(*item));
    if (!row[tracking_number].empty() &&
        pending.tracking_numbers.insert(row[tracking_number]).second)
      pending.order.fulfillments.push_back(
          {row[tracking_status], row[tracking_number], row[tracking_company], row[tracking_url]});
    ++summary.rows_imported;
  }

  CustomerDirectory directory(db, options.default_country_code);
  OrderBook book(directory);
  std::set<std::int64_t> customers;
  for (std::size_t start = 0; start < orders.size(); start += kOrdersPerTransaction) {
    Savepoint batch(db);
    const std::size_t end = std::min(orders.size(), start + kOrdersPerTransaction);
    for (std::size_t i = start; i < end; ++i) {
      const OrderUpsert stored = book.upsert(orders[i].order, options.now, /*recompute=*/false);
      customers.insert(stored.customer_id);
      if (stored.previous_customer_id) customers.insert(*stored.previous_customer_id);
    }
    batch.release();
    progress.show("storing", double(end) / orders.size());
  }
  {
    Savepoint segments(db);
    for (std::int64_t id : customers) recompute_segment(db, id, options.now);
    segments.release();
  }
  progress.finish();
  summary.orders = orders.size();
  summary.customers = customers.size();
  summary.seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  return summary;
}

ImportSummary run_import_orders(const std::string& path, sql::Connection& db, std::ostream& out,
                                const ImportOptions& options) {
  std::ifstream file(path, std::ios::binary);
  if (!file) throw InvalidCustomerInput("cannot read " + path + ": " + std::strerror(errno));
  std::error_code size_error;
  const auto size = std::filesystem::file_size(path, size_error);
  const ImportSummary summary =
      import_orders(file, size_error ? 0 : static_cast<std::size_t>(size), db, out, options);
  print_import_summary(summary, out);
  return summary;
}

ImportSummary run_import_orders(const std::string& path, sql::Connection& db, std::ostream& out) {
  ImportOptions options;
  options.now = std::chrono::duration_cast<std::chrono::milliseconds>(
                    std::chrono::system_clock::now().time_since_epoch())
                    .count();
  options.progress = &out == &std::cout && ::isatty(STDOUT_FILENO) == 1;
  return run_import_orders(path, db, out, options);
}

void print_import_summary(const ImportSummary& summary, std::ostream& out) {
  out << "Imported " << summary.rows_imported << " of " << summary.rows
      << " rows: " << summary.orders << " orders for " << summary.customers << " customers in "
      << std::fixed;
  out.precision(2);
  out << summary.seconds << " s (";
  out.precision(0);
  out << summary.rows_per_second() << " rows/s).\n";
  out.unsetf(std::ios::fixed);
  out.precision(6);
  if (summary.rejected.empty()) return;
  out << "Rejected " << summary.rejected.size() << " rows:\n";
  constexpr std::size_t shown = 50;
  for (std::size_t i = 0; i < summary.rejected.size() && i < shown; ++i)
    out << "  line " << summary.rejected[i].line << ": " << summary.rejected[i].reason << '\n';
  if (summary.rejected.size() > shown)
    out << "  ... and " << summary.rejected.size() - shown << " more\n";
}

}  // namespace kefu::customers
