#pragma once

#include "server/back_office/alert_store.hpp"
#include "server/store/sql/connection.hpp"

namespace kefu {

// AlertStore over the alert_thresholds table (one row) and the events table. Not thread-safe;
// `db` must outlive it.
class SqliteAlertStore : public AlertStore {
 public:
  explicit SqliteAlertStore(sql::Connection& db) : db_(db) {}
  metrics::AlertThresholds thresholds() override;
  void save_thresholds(const metrics::AlertThresholds& thresholds, std::int64_t by,
                       std::int64_t at) override;
  void record(const metrics::AlertChange& change, std::int64_t at) override;

 private:
  sql::Connection& db_;
};

}  // namespace kefu
