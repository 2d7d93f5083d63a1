#pragma once

#include <cstdint>
#include <vector>

#include "server/admin/routing_setup_store.hpp"
#include "server/config/config_change.hpp"
#include "server/config/config_document.hpp"

namespace kefu::config {

// Where the whole configuration is read and an import written: each module's own store (routing
// setup, canned replies, quality settings, care rules, webhooks, mailboxes, staff) over one
// connection, so that an import is one transaction. SQLite: SqliteConfigStore. Not thread-safe.
class ConfigStore {
 public:
  virtual ~ConfigStore() = default;

  // Every section as stored now, in canonical form. Without `with_secrets` the webhooks' signing
  // secrets and the mailboxes' sealed passwords are left out; staff never carry passwords.
  virtual ConfigDocument current(bool with_secrets) = 0;

  // The routing setup on the same connection (the checks that need staff and skills).
  virtual admin::RoutingSetupStore& routing() = 0;

  // Makes `changes` (diff's output, already checked) in one transaction, each with its audit
  // event by `by`; all of them or, on any failure (rethrown), none.
  virtual void apply(const std::vector<ConfigChange>& changes, std::int64_t by,
                     std::int64_t now) = 0;
};

}  // namespace kefu::config
