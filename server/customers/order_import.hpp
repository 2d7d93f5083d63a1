#pragma once

#include <cstddef>
#include <cstdint>
#include <istream>
#include <ostream>
#include <string>
#include <vector>

#include "server/store/sql/connection.hpp"

namespace kefu::customers {

// A CSV row that was not imported, and why.
struct RejectedRow {
  std::size_t line = 0;  // 1-based line of the file where the row starts
  std::string reason;
};

// What an import did.
struct ImportSummary {
  std::size_t rows = 0;  // data rows read (the header and blank lines not counted)
  std::size_t rows_imported = 0;
  std::size_t orders = 0;     // orders inserted or updated
  std::size_t customers = 0;  // distinct customers the orders belong to
  std::vector<RejectedRow> rejected;
  double seconds = 0;  // wall time of the import

  double rows_per_second() const { return seconds > 0 ? rows / seconds : 0; }
};

// How to import.
struct ImportOptions {
  std::int64_t now = 0;              // ms since the epoch: updated_at and segment recompute
  std::int64_t time_shift_ms = 0;    // added to every created_at (the demo moves history)
  std::string default_country_code;  // completes national phone numbers ("" refuses them)
  bool progress = false;             // draw a progress bar (with '\r') on `out`
};

// Imports order history from CSV, one row per line item (as Shopify's order export), with a
// header naming the columns in any order (case and spaces ignored; Shopify export names in
// brackets): order_id [Id] or name [Name] (one is required; the name "#1001" identifies the
// order when there is no id), created_at [Created at], currency [Currency], total_price
// [Total], and optionally customer_id, first_name, last_name, email [Email], phone [Phone],
// shipping_address, financial_status [Financial Status], fulfillment_status [Fulfillment
// Status], title [Lineitem name], quantity [Lineitem quantity], price [Lineitem price], sku
// [Lineitem sku], tracking_number, tracking_company, tracking_url, tracking_status. Order fields
// may be left blank on an order's later rows. A row with a bad field (unparsable date, amount or
// quantity, invalid email or phone, a currency that is not 3 letters, an order field that
// contradicts the order's earlier rows, a malformed CSV record) is rejected with its line and
// reason; the other rows are imported, orders upserted by id (idempotent: importing twice
// changes nothing), in transactions of 500 orders, and segments recomputed once at the end.
// Throws InvalidCustomerInput, importing nothing, when the header lacks a required column.
ImportSummary import_orders(std::istream& input, std::size_t input_bytes, sql::Connection& db,
                            std::ostream& out, const ImportOptions& options);

// `kefu import orders FILE.csv`: opens the file, imports it (import_orders, with a progress bar
// when `out` is the standard output and that is a terminal, and "now" from the system clock,
// as this is the program's edge), then prints a summary to `out`: rows imported, orders,
// rows per second, and each rejected row with its line and reason (the first 50, then a
// count). Throws InvalidCustomerInput when the file cannot be read or lacks required columns.
ImportSummary run_import_orders(const std::string& path, sql::Connection& db, std::ostream& out);

// The same with explicit options (tests, or a caller with its own clock).
ImportSummary run_import_orders(const std::string& path, sql::Connection& db, std::ostream& out,
                                const ImportOptions& options);

// Prints the summary described for run_import_orders.
void print_import_summary(const ImportSummary& summary, std::ostream& out);

}  // namespace kefu::customers
