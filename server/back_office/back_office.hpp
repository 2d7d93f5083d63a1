#pragma once

#include <SQLiteCpp/Database.h>

#include <boost/json/object.hpp>

#include <cstdint>
#include <memory>
#include <string>

#include "server/metrics/live_aggregator.hpp"
#include "server/metrics/metrics_config.hpp"
#include "server/metrics/rollup_writer.hpp"

namespace kefu {

// The work behind the desk that reads and writes more than conversations: the KPI rollups and
// live figures (from the interaction log), reports. It has its own SQLite connection and is not
// thread-safe: the server runs it on one strand of its own, so that it never delays the desk.
class BackOffice {
 public:
  // Opens `database` (already migrated) for reading and writing.
  explicit BackOffice(const std::string& database, metrics::MetricsConfig config = {});
  BackOffice(const BackOffice&) = delete;
  BackOffice& operator=(const BackOffice&) = delete;

  // Brings the rollups up to the end of the log and the live figures up to `now`. Call once,
  // then follow() about once a second.
  void start(std::int64_t now);

  // Reads the events appended since the last call (in log order) into the rollups and the live
  // figures. Returns how many were read.
  std::size_t follow();

  // The supervisors' live figures: LiveAggregator's snapshot.
  boost::json::object live(std::int64_t now);

  // KPI history for [from, to), as JSON or CSV (docs/metrics.md).
  boost::json::object report_json(std::int64_t from, std::int64_t to);
  std::string report_csv(std::int64_t from, std::int64_t to);

  SQLite::Database& database() { return db_; }

 private:
  SQLite::Database db_;
  metrics::MetricsConfig config_;
  metrics::LiveAggregator live_;
  std::unique_ptr<metrics::RollupWriter> rollups_;
  std::int64_t last_live_event_ = 0;
};

}  // namespace kefu
