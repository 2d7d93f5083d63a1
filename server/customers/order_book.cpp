#include "server/customers/order_book.hpp"

#include "server/customers/errors.hpp"
#include "server/customers/savepoint.hpp"
#include "server/customers/segment.hpp"
#include "server/customers/signatures.hpp"

namespace kefu::customers {

OrderBook::OrderBook(CustomerDirectory& directory)
    : directory_(directory), db_(directory.database()) {}

OrderBook::~OrderBook() = default;

sql::Statement& OrderBook::statement(std::unique_ptr<sql::Statement>& slot, const char* sql) {
  if (!slot) slot = std::make_unique<sql::Statement>(db_, sql);
  slot->reset();
  slot->clear_bindings();
  return *slot;
}

void OrderBook::attach_identity(std::int64_t customer_id, IdentityKind kind,
                                const std::string& typed, std::int64_t now) {
  if (typed.empty()) return;
  try {
    if (directory_.has_identity(customer_id, kind, typed)) return;
    // Only a verified holder counts: a visitor's unverified claim never blocks the shop's data.
    const auto holder = directory_.find(kind, typed, /*verified_only=*/true);
    if (holder && *holder != customer_id) return;
    directory_.add_identity(customer_id, kind, typed, /*verified=*/true, now);
  } catch (const InvalidCustomerInput&) {
    // A malformed email or phone in the shop's data: the order is kept, the identity is not.
  }
}

std::int64_t OrderBook::customer_for(const ShopOrder& order,
                                     std::optional<std::int64_t> stored_customer,
                                     std::int64_t now) {
  const ShopCustomer none;
  const ShopCustomer& shop = order.customer ? *order.customer : none;
  std::optional<std::int64_t> customer;
  if (!shop.id.empty())
    customer = directory_.find(IdentityKind::shop_customer_id, shop.id, /*verified_only=*/true);
  for (const std::string* email : {&shop.email, &order.email})
    if (!customer && !email->empty())
      customer = directory_.find(IdentityKind::email, *email, /*verified_only=*/true);
  for (const std::string* phone : {&shop.phone, &order.phone})
    if (!customer && !phone->empty())
      customer = directory_.find(IdentityKind::phone, *phone, /*verified_only=*/true);
  if (!customer && stored_customer) customer = directory_.current(*stored_customer);
  if (!customer) {
    customer = directory_.create_customer(shop.first_name, shop.last_name, now);
  } else if (!shop.first_name.empty() || !shop.last_name.empty()) {
    directory_.rename(*customer, shop.first_name, shop.last_name, now);
  }
  if (!shop.id.empty()) attach_identity(*customer, IdentityKind::shop_customer_id, shop.id, now);
  attach_identity(*customer, IdentityKind::email, shop.email, now);
  attach_identity(*customer, IdentityKind::email, order.email, now);
  attach_identity(*customer, IdentityKind::phone, shop.phone, now);
  attach_identity(*customer, IdentityKind::phone, order.phone, now);
  if (!order.shipping_address.empty())
    directory_.set_address(*customer, order.shipping_address, now);
  return *customer;
}

OrderUpsert OrderBook::upsert(const ShopOrder& order, std::int64_t now, bool recompute) {
  if (order.id.empty()) throw OrderFormatError("invalid order: id is missing");
  Savepoint savepoint(db_);
  OrderUpsert result;
  auto& find = statement(find_order_,
                         "SELECT o.id, o.customer_id, o.shop_updated_at, c.erased_at IS NOT NULL "
                         "FROM orders o LEFT JOIN customers c ON c.id = o.customer_id "
                         "WHERE o.shop_order_id = ?");
  find.bind(1, order.id);
  std::optional<std::int64_t> existing_customer;
  std::optional<std::int64_t> stored_updated_at;
  bool erased = false;
  if (find.step()) {
    result.order_id = find.column(0).int64();
    if (!find.column(1).is_null()) existing_customer = find.column(1).int64();
    if (!find.column(2).is_null()) stored_updated_at = find.column(2).int64();
    erased = find.column(3).int32() != 0;
  }
  find.reset();
  if (stored_updated_at && order.updated_at && *order.updated_at <= *stored_updated_at) {
    result.customer_id = existing_customer ? directory_.current(*existing_customer) : 0;
    result.unchanged = true;
    savepoint.release();
    return result;
  }
  // An erased customer's order keeps its amounts and items, nothing personal.
  ShopOrder anonymous;
  if (erased) {
    anonymous = order;
    anonymous.email.clear();
    anonymous.phone.clear();
    anonymous.shipping_address.clear();
    anonymous.customer.reset();
    for (auto& shipment : anonymous.fulfillments) shipment.tracking_number.clear();
    for (auto& shipment : anonymous.fulfillments) shipment.tracking_url.clear();
  }
  const ShopOrder& stored = erased ? anonymous : order;
  const std::int64_t customer_id =
      erased ? *existing_customer : customer_for(order, existing_customer, now);
  result.customer_id = customer_id;
  result.created = result.order_id == 0;
  if (existing_customer && !erased && directory_.current(*existing_customer) != customer_id)
    result.previous_customer_id = directory_.current(*existing_customer);

  auto& write = result.created
                    ? statement(insert_order_,
                                "INSERT INTO orders (name, customer_id, email, phone, total_cents, "
                                "currency, financial_status, fulfillment_status, shipping_address, "
                                "created_at, updated_at, shop_updated_at, shop_order_id) "
                                "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id")
                    : statement(update_order_,
                                "UPDATE orders SET name = ?, customer_id = ?, email = ?, "
                                "phone = ?, total_cents = ?, currency = ?, financial_status = ?, "
                                "fulfillment_status = ?, shipping_address = ?, created_at = ?, "
                                "updated_at = ?, shop_updated_at = COALESCE(?, shop_updated_at) "
                                "WHERE shop_order_id = ?");
  write.bind(1, stored.name);
  write.bind(2, customer_id);
  write.bind(3, stored.email);
  write.bind(4, stored.phone);
  write.bind(5, stored.total_cents);
  write.bind(6, stored.currency);
  write.bind(7, stored.financial_status);
  write.bind(8, stored.fulfillment_status);
  write.bind(9, stored.shipping_address);
  write.bind(10, stored.created_at);
  write.bind(11, now);
  if (stored.updated_at) {
    write.bind(12, *stored.updated_at);
  } else {
    write.bind_null(12);
  }
  write.bind(13, stored.id);
  if (result.created) {
    result.order_id = write.insert_returning_id().value();
  } else {
    write.exec();
  }

  for (auto* slot : {&delete_items_, &delete_fulfillments_}) {
    auto& remove = statement(*slot, slot == &delete_items_
                                        ? "DELETE FROM order_items WHERE order_id = ?"
                                        : "DELETE FROM order_fulfillments WHERE order_id = ?");
    remove.bind(1, result.order_id);
    remove.exec();
  }
  auto& insert_item = statement(insert_item_,
                                "INSERT INTO order_items (order_id, position, title, quantity, "
                                "price_cents, sku) VALUES (?, ?, ?, ?, ?, ?)");
  for (std::size_t i = 0; i < stored.line_items.size(); ++i) {
    const LineItem& item = stored.line_items[i];
    insert_item.reset();
    insert_item.bind(1, result.order_id);
    insert_item.bind(2, static_cast<std::int64_t>(i));
    insert_item.bind(3, item.title);
    insert_item.bind(4, item.quantity);
    insert_item.bind(5, item.price_cents);
    insert_item.bind(6, item.sku);
    insert_item.exec();
  }
  auto& insert_fulfillment = statement(insert_fulfillment_,
                                       "INSERT INTO order_fulfillments (order_id, position, "
                                       "status, tracking_number, tracking_company, tracking_url) "
                                       "VALUES (?, ?, ?, ?, ?, ?)");
  for (std::size_t i = 0; i < stored.fulfillments.size(); ++i) {
    const Fulfillment& shipment = stored.fulfillments[i];
    insert_fulfillment.reset();
    insert_fulfillment.bind(1, result.order_id);
    insert_fulfillment.bind(2, static_cast<std::int64_t>(i));
    insert_fulfillment.bind(3, shipment.status);
    insert_fulfillment.bind(4, shipment.tracking_number);
    insert_fulfillment.bind(5, shipment.tracking_company);
    insert_fulfillment.bind(6, shipment.tracking_url);
    insert_fulfillment.exec();
  }
  if (recompute) {
    recompute_segment(db_, customer_id, now);
    if (result.previous_customer_id) recompute_segment(db_, *result.previous_customer_id, now);
  }
  savepoint.release();
  return result;
}

OrderUpsert OrderBook::receive_webhook(std::string_view body, std::string_view hmac_header,
                                       std::string_view secret, std::int64_t now,
                                       const WebhookDelivery& delivery) {
  if (!verify_shopify_signature(body, hmac_header, secret))
    throw SignatureRejected("X-Shopify-Hmac-Sha256 does not match the body");
  ShopWebhooks::require_fresh(delivery, now);
  const ShopOrder order = parse_shopify_order(body);
  Savepoint savepoint(db_);
  ShopWebhooks webhooks(db_);
  OrderUpsert result;
  if (webhooks.seen(delivery.id)) {
    // Answered like the first time (200), so that the shop stops retrying; nothing is written.
    sql::Statement find(db_, "SELECT id, customer_id FROM orders WHERE shop_order_id = ?");
    find.bind(1, order.id);
    if (find.step()) {
      result.order_id = find.column(0).int64();
      if (!find.column(1).is_null())
        result.customer_id = directory_.current(find.column(1).int64());
    }
    result.unchanged = true;
  } else {
    result = upsert(order, now);
    webhooks.remember(delivery, now);
  }
  savepoint.release();
  return result;
}

}  // namespace kefu::customers
