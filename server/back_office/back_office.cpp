#include "server/back_office/back_office.hpp"

#include <SQLiteCpp/Statement.h>

#include <iostream>

#include "server/metrics/history_report.hpp"

namespace kefu {
namespace {

constexpr int kFollowBatch = 20000;

}  // namespace

BackOffice::BackOffice(const std::string& database, metrics::MetricsConfig config)
    : db_(database, SQLite::OPEN_READWRITE), config_(std::move(config)), live_(config_) {
  db_.setBusyTimeout(5000);
  rollups_ = std::make_unique<metrics::RollupWriter>(db_, config_);
}

void BackOffice::start(std::int64_t now) {
  rollups_->catch_up();
  last_live_event_ = live_.resume(db_, now);
  follow();
}

std::size_t BackOffice::follow() {
  rollups_->catch_up();
  SQLite::Statement s(db_,
                      "SELECT id, at, type, conversation_id, customer_id, agent_id, channel, "
                      "queue, data FROM events WHERE id > ? ORDER BY id LIMIT ?");
  s.bind(1, last_live_event_);
  s.bind(2, kFollowBatch);
  std::size_t read = 0;
  while (s.executeStep()) {
    Event e;
    e.id = s.getColumn(0).getInt64();
    e.at = s.getColumn(1).getInt64();
    e.type = s.getColumn(2).getString();
    if (!s.getColumn(3).isNull()) e.conversation_id = s.getColumn(3).getInt64();
    if (!s.getColumn(4).isNull()) e.customer_id = s.getColumn(4).getInt64();
    if (!s.getColumn(5).isNull()) e.agent_id = s.getColumn(5).getInt64();
    if (!s.getColumn(6).isNull()) e.channel = s.getColumn(6).getString();
    if (!s.getColumn(7).isNull()) e.queue = s.getColumn(7).getString();
    e.data = s.getColumn(8).getString();
    last_live_event_ = e.id;
    ++read;
    try {
      live_.apply(e);
    } catch (const std::invalid_argument& bad) {
      // A malformed event changes no figure; the log itself is left as it is.
      std::cerr << "kefu: event " << e.id << " not counted: " << bad.what() << "\n";
    }
  }
  return read;
}

boost::json::object BackOffice::live(std::int64_t now) { return live_.snapshot(now); }

boost::json::object BackOffice::report_json(std::int64_t from, std::int64_t to) {
  rollups_->catch_up();
  return metrics::HistoryReport(db_, config_).json(from, to);
}

std::string BackOffice::report_csv(std::int64_t from, std::int64_t to) {
  rollups_->catch_up();
  return metrics::HistoryReport(db_, config_).csv(from, to);
}

}  // namespace kefu
