#include "server/customers/shop_order.hpp"

#include <boost/json.hpp>

#include "server/customers/errors.hpp"
#include "server/customers/order_fields.hpp"
#include "server/json/strict_json.hpp"

namespace kefu::customers {
namespace {

namespace json = boost::json;

[[noreturn]] void bad(const std::string& what) {
  throw OrderFormatError("invalid order: " + what);
}

// A string field, or "" when absent or null; numbers are given as their text.
std::string text_field(const json::object& object, std::string_view key, std::string_view where) {
  const json::value* value = object.if_contains(key);
  if (value == nullptr || value->is_null()) return "";
  if (value->is_string()) return std::string(value->get_string());
  if (value->is_int64()) return std::to_string(value->get_int64());
  if (value->is_uint64()) return std::to_string(value->get_uint64());
  bad(std::string(where) + std::string(key) + " must be a string");
}

// The text of an amount given as a string or a JSON number.
std::int64_t amount_field(const json::object& object, std::string_view key,
                          std::string_view where) {
  const json::value* value = object.if_contains(key);
  if (value == nullptr || value->is_null())
    bad(std::string(where) + std::string(key) + " is missing");
  std::optional<std::int64_t> cents;
  if (value->is_string()) {
    cents = parse_amount_cents(value->get_string());
  } else if (value->is_int64()) {
    cents = parse_amount_cents(std::to_string(value->get_int64()));
  } else if (value->is_double()) {
    cents = parse_amount_cents(json::serialize(*value));
  }
  if (!cents) bad(std::string(where) + std::string(key) + " is not an amount");
  return *cents;
}

const json::object* object_field(const json::object& object, std::string_view key) {
  const json::value* value = object.if_contains(key);
  if (value == nullptr || value->is_null()) return nullptr;
  if (!value->is_object()) bad(std::string(key) + " must be an object");
  return &value->get_object();
}

const json::array* array_field(const json::object& object, std::string_view key) {
  const json::value* value = object.if_contains(key);
  if (value == nullptr || value->is_null()) return nullptr;
  if (!value->is_array()) bad(std::string(key) + " must be an array");
  return &value->get_array();
}

std::string address_line(const json::object& address) {
  std::string line;
  for (std::string_view key : {"address1", "address2", "city", "province", "zip", "country"}) {
    const std::string part = text_field(address, key, "shipping_address.");
    if (part.empty()) continue;
    if (!line.empty()) line += ", ";
    line += part;
  }
  return line;
}

}  // namespace

ShopOrder parse_shopify_order(std::string_view body) {
  json::error_code error;
  // Strict: an order that names a field twice could be read one way here and another by the
  // shop (which signed it), so it is refused like malformed JSON.
  json::value document = parse_strict_json(body, error);
  if (error) bad("malformed JSON (" + error.message() + ")");
  if (!document.is_object()) bad("the body must be a JSON object");
  const json::object& root = document.get_object();

  ShopOrder order;
  order.id = text_field(root, "id", "");
  if (order.id.empty() || order.id.size() > 64 ||
      order.id.find_first_of(" \t\r\n") != std::string::npos)
    bad("id is missing");
  if (const json::value* id = root.if_contains("id"); id->is_int64() && id->get_int64() <= 0)
    bad("id must be positive");
  order.name = text_field(root, "name", "");
  order.email = text_field(root, "email", "");
  order.phone = text_field(root, "phone", "");
  order.total_cents = amount_field(root, "total_price", "");
  order.currency = text_field(root, "currency", "");
  if (order.currency.size() != 3) bad("currency must be an ISO 4217 code such as \"EUR\"");
  order.financial_status = text_field(root, "financial_status", "");
  order.fulfillment_status = text_field(root, "fulfillment_status", "");
  const std::string created_at = text_field(root, "created_at", "");
  const auto created = parse_timestamp(created_at);
  if (!created) bad("created_at is not an ISO 8601 time: '" + created_at.substr(0, 40) + "'");
  order.created_at = *created;
  const std::string updated_at = text_field(root, "updated_at", "");
  if (!updated_at.empty()) {
    order.updated_at = parse_timestamp(updated_at);
    if (!order.updated_at)
      bad("updated_at is not an ISO 8601 time: '" + updated_at.substr(0, 40) + "'");
  }

  if (const json::object* customer = object_field(root, "customer")) {
    ShopCustomer shop_customer;
    shop_customer.id = text_field(*customer, "id", "customer.");
    shop_customer.first_name = text_field(*customer, "first_name", "customer.");
    shop_customer.last_name = text_field(*customer, "last_name", "customer.");
    shop_customer.email = text_field(*customer, "email", "customer.");
    shop_customer.phone = text_field(*customer, "phone", "customer.");
    order.customer = std::move(shop_customer);
  }
  if (const json::object* address = object_field(root, "shipping_address"))
    order.shipping_address = address_line(*address);

  if (const json::array* items = array_field(root, "line_items")) {
    for (std::size_t i = 0; i < items->size(); ++i) {
      const std::string where = "line_items[" + std::to_string(i) + "].";
      if (!(*items)[i].is_object()) bad(where.substr(0, where.size() - 1) + " must be an object");
      const json::object& item = (*items)[i].get_object();
      LineItem line;
      line.title = text_field(item, "title", where);
      if (line.title.empty()) line.title = text_field(item, "name", where);
      if (line.title.empty()) bad(where + "title is missing");
      const json::value* quantity = item.if_contains("quantity");
      if (quantity == nullptr || !quantity->is_int64() || quantity->get_int64() < 0)
        bad(where + "quantity must be a whole number >= 0");
      line.quantity = quantity->get_int64();
      line.price_cents = amount_field(item, "price", where);
      line.sku = text_field(item, "sku", where);
      order.line_items.push_back(std::move(line));
    }
  }
  if (const json::array* fulfillments = array_field(root, "fulfillments")) {
    for (std::size_t i = 0; i < fulfillments->size(); ++i) {
      const std::string where = "fulfillments[" + std::to_string(i) + "].";
      if (!(*fulfillments)[i].is_object())
        bad(where.substr(0, where.size() - 1) + " must be an object");
      const json::object& shipment = (*fulfillments)[i].get_object();
      Fulfillment fulfillment;
      fulfillment.status = text_field(shipment, "shipment_status", where);
      if (fulfillment.status.empty()) fulfillment.status = text_field(shipment, "status", where);
      fulfillment.tracking_number = text_field(shipment, "tracking_number", where);
      fulfillment.tracking_company = text_field(shipment, "tracking_company", where);
      fulfillment.tracking_url = text_field(shipment, "tracking_url", where);
      order.fulfillments.push_back(std::move(fulfillment));
    }
  }
  return order;
}

}  // namespace kefu::customers
