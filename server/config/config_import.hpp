#pragma once

#include <boost/json/value.hpp>
#include <cstdint>
#include <vector>

#include "server/config/config_change.hpp"
#include "server/config/config_store.hpp"

namespace kefu::config {

// `kefu config import` and POST /api/admin/config/import (docs/config.md): reads a whole
// configuration with the REST's rules, shows what it changes, and makes the changes in one
// transaction with an audit event each. Refuses (ConfigRefused, nothing changed) a document the
// REST would refuse item by item, and across items: a team with an unknown or deactivated
// member, a queue of an unknown team or skill or in conflict with another (RoutingSetup's
// rules), a queue's channel changed, a built-in queue's name, hours of an unknown team, a care
// rule added or changed whose add_tag names a tag outside a non-empty catalogue (unknown_tag),
// a tag retired while a care rule adds it (tag_in_use).
class ConfigImport {
 public:
  explicit ConfigImport(ConfigStore& store) : store_(store) {}

  // What importing `document` would change (nothing is written). Throws ConfigRefused.
  std::vector<ConfigChange> plan(const boost::json::value& document);

  // plan(), then, unless `dry_run`, the changes in one transaction by `by` (0: the command line).
  std::vector<ConfigChange> run(const boost::json::value& document, bool dry_run, std::int64_t by,
                                std::int64_t now);

 private:
  void check(const ConfigDocument& current, const ConfigDocument& wanted);

  ConfigStore& store_;
};

}  // namespace kefu::config
