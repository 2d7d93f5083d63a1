#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace kefu::customers {

// One line of an order.
struct LineItem {
  std::string title;
  std::int64_t quantity = 1;
  std::int64_t price_cents = 0;  // unit price, hundredths of the order's currency
  std::string sku;
};

// One shipment of an order, with its tracking.
struct Fulfillment {
  std::string status;  // e.g. "success", "in_transit", "delivered"
  std::string tracking_number;
  std::string tracking_company;
  std::string tracking_url;
};

// The shop's customer as an order names them.
struct ShopCustomer {
  std::string id;  // the shop's customer id
  std::string first_name;
  std::string last_name;
  std::string email;
  std::string phone;
};

// An order as the shop sends it, with the field names of Shopify's order webhook.
struct ShopOrder {
  std::string id;    // the shop's order id (Shopify: a number), unique per shop
  std::string name;  // the shop's order name, e.g. "#1001"
  std::string email;
  std::string phone;
  std::optional<ShopCustomer> customer;
  std::vector<LineItem> line_items;
  std::int64_t total_cents = 0;
  std::string currency;
  std::string financial_status;    // e.g. "paid", "pending", "refunded"
  std::string fulfillment_status;  // e.g. "fulfilled", "partial", "" (Shopify: null)
  std::vector<Fulfillment> fulfillments;
  std::int64_t created_at = 0;   // ms since the epoch
  std::string shipping_address;  // one line of text, "" when none
  // The shop's time of this version of the order (ms since the epoch), when the body has one:
  // a stored order is never replaced by a version that is not newer (OrderBook::upsert).
  std::optional<std::int64_t> updated_at;
};

// Parses the body of a Shopify order webhook (orders/create, orders/updated, ...): id, name,
// email, phone, customer{id, first_name, last_name, email, phone}, line_items[{title, quantity,
// price, sku}], total_price, currency, financial_status, fulfillment_status,
// fulfillments[{tracking_number, tracking_company, tracking_url, status}], created_at,
// updated_at (optional), shipping_address. Other fields are ignored; string fields may be null.
// Throws OrderFormatError naming the first bad field: malformed JSON, not an object, a missing or
// non-positive id, a missing or invalid total_price / currency / created_at, an invalid
// updated_at, line_items not an
// array, a line item without title or with a bad quantity or price.
ShopOrder parse_shopify_order(std::string_view body);

}  // namespace kefu::customers
