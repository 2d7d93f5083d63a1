#pragma once

#include <boost/json/object.hpp>
#include <cstdint>
#include <string>
#include <vector>

namespace kefu::shop {

// One of the shop's secrets as stored: its keys sealed (mail::PasswordSeal), never in plain text.
struct StoredShopSecret {
  std::string name;             // kind_name()
  std::string sealed_current;   // "" when none
  std::string sealed_previous;  // "" when none
  std::int64_t previous_until = 0;
  std::int64_t rotated_at = 0;
};

// An admin's change to the shop's integration as the audit log shows it: an event of `type` in
// the interaction log with {"by", "subject", "before", "after"} (never a secret).
struct ShopAudit {
  std::string type;  // shop_secret_rotated, shop_origins_updated
  std::int64_t by = 0;
  std::int64_t at = 0;
  std::string subject;
  boost::json::object before;
  boost::json::object after;
};

// Where the shop's integration is kept: its sealed secrets and its allowed origins. Every
// method runs inside the caller's transaction. SQL (SQLite and PostgreSQL): SqlShopLinkStore.
class ShopLinkStore {
 public:
  virtual ~ShopLinkStore() = default;

  virtual std::vector<StoredShopSecret> secrets() = 0;
  // Inserts or replaces the secret of that name.
  virtual void save_secret(const StoredShopSecret& secret) = 0;

  // The allowed origins, in the order they were added.
  virtual std::vector<std::string> origins() = 0;
  virtual void add_origin(const std::string& origin, std::int64_t now) = 0;
  virtual void remove_origin(const std::string& origin) = 0;

  // Appends the change to the interaction log.
  virtual void audit(const ShopAudit& change) = 0;
};

}  // namespace kefu::shop
