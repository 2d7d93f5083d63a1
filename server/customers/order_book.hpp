#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string_view>

#include "server/customers/customer_directory.hpp"
#include "server/customers/shop_order.hpp"
#include "server/customers/shop_webhooks.hpp"
#include "server/store/sql/statement.hpp"

namespace kefu::customers {

// What storing an order did; `customer_id` is whose view to refresh live.
struct OrderUpsert {
  std::int64_t order_id = 0;                         // our row id
  std::int64_t customer_id = 0;                      // the customer who now has the order
  bool created = false;                              // false: an update of an order already stored
  std::optional<std::int64_t> previous_customer_id;  // set when the order changed customer
  // True when nothing was written: the delivery was taken before, or the stored version of the
  // order is as new or newer (the shop's updated_at).
  bool unchanged = false;
};

// The orders of the shop, stored idempotently by the shop's order id, each attached to a
// customer found (or created) from the order's shop customer id, email or phone. The shop's data
// is trusted (it is signed), so identities it brings are verified. Each call is atomic. Not
// thread-safe; the directory (and its database) must outlive it.
class OrderBook {
 public:
  explicit OrderBook(CustomerDirectory& directory);
  ~OrderBook();
  OrderBook(const OrderBook&) = delete;
  OrderBook& operator=(const OrderBook&) = delete;

  // Inserts the order, or replaces the stored one with the same shop order id (its items and
  // fulfillments included), and recomputes the customer's segment unless `recompute` is false
  // (bulk imports recompute once at the end). A stored order is kept as it is (`unchanged`)
  // when both carry the shop's updated_at and the stored one is not older: a replayed or
  // late delivery never rolls an order back. An order already stored stays with its customer
  // when it names nobody the directory knows (a guest order sent again makes no new customer);
  // an order of an erased customer keeps no email, phone or address and touches no customer.
  OrderUpsert upsert(const ShopOrder& order, std::int64_t now, bool recompute = true);

  // POST /api/shop/orders: verifies `hmac_header` (X-Shopify-Hmac-Sha256) over the raw `body`
  // with the shop's `secret`, refuses a stale delivery, parses the body and upserts it; a
  // delivery whose id was taken before changes nothing (`unchanged`). Throws SignatureRejected
  // (401), StaleWebhook or OrderFormatError (400); then nothing is stored.
  OrderUpsert receive_webhook(std::string_view body, std::string_view hmac_header,
                              std::string_view secret, std::int64_t now,
                              const WebhookDelivery& delivery = {});

 private:
  // The customer the order belongs to, created from the order when nobody matches.
  // `stored_customer`: the customer of the order as stored, if it is.
  std::int64_t customer_for(const ShopOrder& order, std::optional<std::int64_t> stored_customer,
                            std::int64_t now);
  // Adds the shop-vouched identity unless another current customer already holds it.
  void attach_identity(std::int64_t customer_id, IdentityKind kind, const std::string& typed,
                       std::int64_t now);
  sql::Statement& statement(std::unique_ptr<sql::Statement>& slot, const char* sql);

  CustomerDirectory& directory_;
  sql::Connection& db_;
  std::unique_ptr<sql::Statement> find_order_;
  std::unique_ptr<sql::Statement> insert_order_;
  std::unique_ptr<sql::Statement> update_order_;
  std::unique_ptr<sql::Statement> delete_items_;
  std::unique_ptr<sql::Statement> delete_fulfillments_;
  std::unique_ptr<sql::Statement> insert_item_;
  std::unique_ptr<sql::Statement> insert_fulfillment_;
};

}  // namespace kefu::customers
