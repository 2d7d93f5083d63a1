#pragma once

#include "server/shop/shop_link_store.hpp"
#include "server/store/sql/connection.hpp"

namespace kefu::shop {

// ShopLinkStore on the shop_secrets and shop_origins tables and the events table, through a
// connection it does not own (SQLite or PostgreSQL). Holds all the SQL of the shop's
// integration. Not thread-safe.
class SqlShopLinkStore final : public ShopLinkStore {
 public:
  explicit SqlShopLinkStore(sql::Connection& db) : db_(db) {}

  std::vector<StoredShopSecret> secrets() override;
  void save_secret(const StoredShopSecret& secret) override;
  std::vector<std::string> origins() override;
  void add_origin(const std::string& origin, std::int64_t now) override;
  void remove_origin(const std::string& origin) override;
  void audit(const ShopAudit& change) override;

 private:
  sql::Connection& db_;
};

}  // namespace kefu::shop
