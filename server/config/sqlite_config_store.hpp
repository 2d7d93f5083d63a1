#pragma once

#include <SQLiteCpp/Database.h>

#include <string>

#include "server/admin/sqlite_routing_setup_store.hpp"
#include "server/admin/staff_directory.hpp"
#include "server/care/sqlite_rule_book.hpp"
#include "server/config/config_store.hpp"
#include "server/domain/clock.hpp"
#include "server/mail/sqlite_mailboxes.hpp"
#include "server/shop/sql_shop_link_store.hpp"
#include "server/shop/sql_tag_catalogue.hpp"
#include "server/store/sql/sqlite_connection.hpp"
#include "server/webhooks/sqlite_webhook_store.hpp"
#include "server/workspace/sqlite_canned_replies.hpp"

namespace kefu::config {

// ConfigStore on the server's SQLite database (already migrated), with a connection of its own
// that every module's store borrows: the routing setup, webhooks and quality settings through
// `sql_` (kefu::sql, either engine), the canned replies, care rules and mailboxes through the
// SQLite handle until they move to kefu::sql too. The staff are listed by `staff` (its own
// connection, read only here). Holds no SQL of its own but the transaction around an import
// (a sql::Transaction, in which each routing setup save is a savepoint).
class SqliteConfigStore final : public ConfigStore {
 public:
  SqliteConfigStore(const std::string& database, const Clock& clock, admin::StaffDirectory& staff);

  ConfigDocument current(bool with_secrets) override;
  admin::RoutingSetupStore& routing() override { return routing_; }
  void apply(const std::vector<ConfigChange>& changes, std::int64_t by, std::int64_t now) override;

 private:
  void apply_one(const ConfigChange& change, std::int64_t by, std::int64_t now);

  SQLite::Database db_;
  sql::SqliteConnection sql_;  // over db_, for the stores already on kefu::sql
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
