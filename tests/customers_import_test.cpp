

#include <catch2/catch.hpp>
#include <cstdio>
#include <fstream>
#include <sstream>

#include "server/customers/csv_reader.hpp"
#include "server/customers/customer_directory.hpp"
#include "server/customers/customer_search.hpp"
#include "server/customers/customer_view.hpp"
#include "server/customers/demo_customers.hpp"
#include "server/customers/errors.hpp"
#include "server/customers/order_import.hpp"
#include "server/store/sql/statement.hpp"
#include "tests/customers_test_support.hpp"

using namespace kefu::customers;
namespace sql = kefu::sql;
using kefu::customers::testing::kDay;
using kefu::customers::testing::kNow;

namespace {

std::int64_t count(sql::Connection& db, const std::string& text) {
  sql::Statement query(db, text);
  query.step();
  return query.column(0).int64();
}

ImportSummary import_text(sql::Connection& db, const std::string& csv, std::ostream& out) {
  std::istringstream input(csv);
  ImportOptions options;
  options.now = kNow;
  return import_orders(input, csv.size(), db, out, options);
}

const std::string kHeader =
    "order_id,name,created_at,email,first_name,last_name,currency,total_price,"
    "financial_status,title,quantity,price,sku,tracking_number,tracking_company\n";

}  // namespace

TEST_CASE("CSV records follow RFC 4180", "[customers][import]") {
  std::istringstream input(
      "\xEF\xBB\xBF"
      "a,\"b,1\",\"say \"\"hi\"\"\"\r\n\"multi\nline\",x\n"
      "bad\"quote,y\n\"open");
  CsvReader reader(input);
  std::vector<std::string> fields;
  std::string error;
  REQUIRE(reader.next(fields, error));
  CHECK(fields == std::vector<std::string>{"a", "b,1", "say \"hi\""});
  CHECK(error.empty());
  REQUIRE(reader.next(fields, error));
  CHECK(fields == std::vector<std::string>{"multi\nline", "x"});
  CHECK(reader.line() == 2);
  REQUIRE(reader.next(fields, error));
  CHECK(error == "a quote inside an unquoted field");
  CHECK(reader.line() == 4);
  REQUIRE(reader.next(fields, error));
  CHECK(error == "a quoted field is not closed");
  CHECK_FALSE(reader.next(fields, error));
}

TEST_CASE("CSV rows with bad fields are reported and the rest imported", "[customers][import]") {
  auto db = kefu::customers::testing::make_database();
  const std::string csv =
      kHeader +
      "1001,#1001,2026-01-05T10:00:00Z,ann@example.com,Ann,Lee,EUR,25.00,paid,Tea,2,12.50,T1,"
      "TRK1,DHL\n"                                                                        // line 2
      "1001,,,,,,,,,Cup,1,0.00,C1,,\n"                                                    // line 3
      "1002,#1002,yesterday,bob@example.com,Bob,Stone,EUR,10.00,paid,Mug,1,10.00,M1,,\n"  // 4
      "1003,#1003,2026-02-01,not-an-email,Cy,Doe,EUR,10.00,paid,Mug,1,10.00,M1,,\n"       // line 5
      "1004,#1004,2026-02-02,cy@example.com,Cy,Doe,EUR,ten,paid,Mug,1,10.00,M1,,\n"       // line 6
      "1005,#1005,2026-02-03,cy@example.com,Cy,Doe,EUR,9.00,paid,Mug,many,9.00,M1,,\n"    // 7
      "1005,#1005,2026-02-03,cy@example.com,Cy,Doe,EUR,9.00,paid,Pot,1,9.00,P1,,\n"       // line 8
      "1005,,,,,,,8.00,,Lid,1,1.00,L1,,\n"                                                // line 9
      ",,2026-02-04,dee@example.com,Dee,Fox,EUR,1.00,paid,Pen,1,1.00,P2,,\n"              // line 10
      "1006,#1006,2026-02-05,dee@example.com,Dee,Fox,EURO,1.00,paid,Pen,1,1.00,P2,,\n"    // 11
      "\n"
      "1007,#1007,2026-02-06,dee@example.com,Dee,Fox,EUR,3.00,paid,Pen,1,\"3.00\",P2,,\n"   // 13
      "1008,\"#10\"08,2026-02-07,dee@example.com,Dee,Fox,EUR,3.00,paid,Pen,1,3.00,P2,,\n";  // 14
  std::ostringstream out;
  const auto summary = import_text(db, csv, out);
  print_import_summary(summary, out);

  CHECK(summary.rows == 12);
  CHECK(summary.rows_imported == 4);
  CHECK(summary.orders == 3);
  CHECK(summary.customers == 3);
  REQUIRE(summary.rejected.size() == 8);
  const std::vector<std::pair<std::size_t, std::string>> expected = {
      {4, "created_at 'yesterday' is not an ISO 8601 time"},
      {5, "email 'not-an-email' is not an email address"},
      {6, "total_price 'ten' is not an amount"},
      {7, "quantity 'many' is not a whole number"},
      {9, "total_price '8.00' contradicts line 8 ('9.00')"},
      {10, "order_id is missing"},
      {11, "currency 'EURO' is not a 3-letter code"},
      {14, "malformed CSV record: text after a closing quote"},
  };
  for (std::size_t i = 0; i < expected.size(); ++i) {
    CHECK(summary.rejected[i].line == expected[i].first);
    CHECK(summary.rejected[i].reason == expected[i].second);
  }
  CHECK(out.str().find("Imported 4 of 12 rows: 3 orders for 3 customers") != std::string::npos);
  CHECK(out.str().find("  line 6: total_price 'ten' is not an amount\n") != std::string::npos);

  CHECK(count(db, "SELECT COUNT(*) FROM orders") == 3);
  CHECK(count(db, "SELECT COUNT(*) FROM order_items") == 4);
  CHECK(count(db, "SELECT COUNT(*) FROM order_fulfillments") == 1);
  CHECK(count(db, "SELECT total_cents FROM orders WHERE shop_order_id = '1005'") == 900);

  // Importing the same file again changes nothing.
  const auto again = import_text(db, csv, out);
  CHECK(again.orders == 3);
  CHECK(count(db, "SELECT COUNT(*) FROM orders") == 3);
  CHECK(count(db, "SELECT COUNT(*) FROM order_items") == 4);
  CHECK(count(db, "SELECT COUNT(*) FROM customers") == 3);
}

TEST_CASE("a CSV file without the required columns imports nothing", "[customers][import]") {
  auto db = kefu::customers::testing::make_database();
  std::ostringstream out;
  CHECK_THROWS_WITH(import_text(db, "order_id,created_at,total_price\n1,2026-01-01,1.00\n", out),
                    "the CSV header lacks a currency column");
  CHECK_THROWS_WITH(import_text(db, "sku,created_at\n", out),
                    "the CSV header lacks an order_id (or name) column");
  CHECK_THROWS_AS(import_text(db, "", out), InvalidCustomerInput);
  CHECK_THROWS_AS(run_import_orders("/nonexistent/orders.csv", db, out), InvalidCustomerInput);
  CHECK(count(db, "SELECT COUNT(*) FROM orders") == 0);
}

TEST_CASE("Shopify's order export columns are understood", "[customers][import]") {
  auto db = kefu::customers::testing::make_database();
  const std::string csv =
      "Name,Email,Financial Status,Fulfillment Status,Currency,Total,Created at,"
      "Lineitem quantity,Lineitem name,Lineitem price,Lineitem sku,Id\n"
      "#1001,ann@example.com,paid,fulfilled,EUR,30.00,2026-01-05 10:00:00 +0100,1,Tea,30.00,"
      "T1,450789469\n";
  const std::string path =
      std::string(std::getenv("KEFU_BINARY_DIR") ? std::getenv("KEFU_BINARY_DIR") : ".") +
      "/customers_import_test.csv";
  std::ofstream(path) << csv;
  std::ostringstream out;
  ImportOptions options;
  options.now = kNow;
  const auto summary = run_import_orders(path, db, out, options);
  std::remove(path.c_str());
  CHECK(summary.rejected.empty());
  CHECK(summary.orders == 1);
  CHECK(count(db, "SELECT created_at FROM orders WHERE shop_order_id = '450789469'") ==
        1767603600000);
}

TEST_CASE("the demo loads the tea shop's customers with history ending now", "[customers][demo]") {
  auto db = kefu::customers::testing::make_database();
  const auto summary = load_demo_customers(db, kNow);
  CHECK(summary.rejected.empty());
  CHECK(summary.rows == 1237);
  CHECK(summary.orders == 412);
  CHECK(summary.customers == 59);
  CHECK(count(db, "SELECT COUNT(*) FROM order_items") == 1237);
  const auto newest = count(db, "SELECT MAX(created_at) FROM orders");
  CHECK(newest <= kNow);
  CHECK(newest > kNow - kDay);
  CHECK(count(db, "SELECT COUNT(*) FROM customer_identities WHERE kind = 'phone'") == 59);
  CHECK(count(db, "SELECT COUNT(DISTINCT segment) FROM customers") >= 2);
  // One shop, one currency: teas and teaware in yuan, some orders refunded.
  CHECK(count(db, "SELECT COUNT(*) FROM orders WHERE currency <> 'CNY'") == 0);
  CHECK(count(db, "SELECT COUNT(*) FROM order_items WHERE sku NOT LIKE 'QS-%'") == 0);
  CHECK(count(db, "SELECT COUNT(*) FROM orders WHERE financial_status = 'refunded'") == 17);

  CustomerDirectory directory(db);
  CustomerSearch search(directory);
  const auto found = search.search("李娜");
  REQUIRE(found.size() == 1);
  CHECK(search.search("li na").size() >= 1);
  const auto view = build_customer_view(db, found[0].customer_id);
  CHECK(view.at("display_name") == "李娜");
  CHECK(view.at("recent_orders").as_array().size() == 7);
  CHECK(view.at("recent_orders").at(0).at("items").as_array().size() >= 1);
  CHECK(view.at("recent_orders").at(0).at("currency") == "CNY");
  CHECK(view.at("recent_orders").at(0).at("fulfillments").at(0).at("tracking_company") ==
        "SF Express");
  // Customers abroad keep their Chinook names and are sent their tea by EMS.
  const auto abroad = search.search("Mark Philips");
  REQUIRE(abroad.size() == 1);
  CHECK(build_customer_view(db, abroad[0].customer_id)
            .at("recent_orders")
            .at(0)
            .at("fulfillments")
            .at(0)
            .at("tracking_company") == "EMS");

  // VIPs are a small share of the demo's customers (their money counted in yuan, not as if
  // yuan were dollars): a few, not half of them.
  const auto vips = count(db, "SELECT COUNT(*) FROM customers WHERE segment = 'vip'");
  CHECK(vips >= 1);
  CHECK(vips * 100 <= 59 * 15);

  // Loading again changes nothing.
  load_demo_customers(db, kNow);
  CHECK(count(db, "SELECT COUNT(*) FROM orders") == 412);
  CHECK(count(db, "SELECT COUNT(*) FROM customers") == 59);
}
