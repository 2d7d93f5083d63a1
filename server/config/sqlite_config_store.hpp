#pragma once

#include <memory>
#include <string>

#include "server/admin/sqlite_routing_setup_store.hpp"
#include "server/admin/staff_directory.hpp"
#include "server/care/sqlite_rule_book.hpp"
#include "server/config/config_store.hpp"
#include "server/domain/clock.hpp"
#include "server/mail/sqlite_mailboxes.hpp"
#include "server/shop/sql_shop_link_store.hpp"
#include "server/shop/sql_tag_catalogue.hpp"
#include "server/store/sql/connection.hpp"
#include "server/webhooks/sqlite_webhook_store.hpp"
#include "server/workspace/sqlite_canned_replies.hpp"

namespace kefu::config {

// ConfigStore on the server's database at `location` (a SQLite file or a postgresql:// URI,
// already migrated), with a connection of its own (admin::open_admin_connection, kefu::sql) that
// every module's store borrows: the routing setup, canned replies, care rules, webhooks,
// mailboxes, the shop's link, tags and quality settings. The staff are listed by `staff` (its
// own connection, read only here). Holds no SQL of its own but the transaction around an import
// (a sql::Transaction, in which each routing setup save is a savepoint).
class SqliteConfigStore final : public ConfigStore {
 public:
  SqliteConfigStore(const std::string& location, const Clock& clock, admin::StaffDirectory& staff);

  ConfigDocument current(bool with_secrets) override;
  admin::RoutingSetupStore& routing() override { return routing_; }
  void apply(const std::vector<ConfigChange>& changes, std::int64_t by, std::int64_t now) override;

 private:
  void apply_one(const ConfigChange& change, std::int64_t by, std::int64_t now);

  std::unique_ptr<sql::Connection> db_;
  sql::Connection& sql_;  // *db_
  admin::StaffDirectory& staff_;
  admin::SqliteRoutingSetupStore routing_;
  workspace::SqliteCannedReplies canned_;
  care::SqliteRuleBook rules_;  // on sql_
  webhooks::SqliteWebhookStore webhooks_;
  mail::SqliteMailboxes mailboxes_;
  shop::SqlShopLinkStore shop_;
  shop::SqlTagCatalogue tags_;
};

}  // namespace kefu::config
