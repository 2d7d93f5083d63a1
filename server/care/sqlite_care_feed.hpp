#pragma once

#include <cstdint>
#include <string>

#include "server/care/care_feed.hpp"
#include "server/store/sql/connection.hpp"

namespace kefu::care {

// CareFeed over the store's tables: the interaction log after the position in `meta`
// (care_log_through, the last event read, in sql::EventLogReader's order on either engine), the
// orders changed since care_orders_through (their milestones kept in care_order_milestones, so a
// replayed order triggers nothing new) and the customers erased since care_erasures_through; the
// message_sent events are conversation_pending with the log id of the customer message they answer.
// Segments are compared with care_segments. A position missing from `meta` starts at the current
// end (what happened before care was installed triggers nothing). On SQLite or PostgreSQL; on
// PostgreSQL a position's row is locked while the caller's unit of work reads from it, so two nodes
// turning care at once read each event once between them. The connection must outlive it; not
// thread-safe.
class SqliteCareFeed final : public CareFeed {
 public:
  explicit SqliteCareFeed(sql::Connection& db) : db_(db) {}
  std::vector<CareEvent> read_new(int limit) override;
  std::vector<CareEvent> segment_changes(std::int64_t now) override;

 private:
  // A position "a:b" (two numbers) in `meta`; `start` is stored when it is missing.
  std::pair<std::int64_t, std::int64_t> position(const std::string& key, const std::string& start);
  void move_to(const std::string& key, std::int64_t a, std::int64_t b);
  void read_log(std::vector<CareEvent>& out, int limit);
  void read_orders(std::vector<CareEvent>& out, int limit);
  void read_erasures(std::vector<CareEvent>& out, int limit);
  // The id of the last customer message of the conversation before the log event `event_id`.
  std::int64_t answered_message(std::int64_t conversation_id, std::int64_t event_id);

  sql::Connection& db_;
};

}  // namespace kefu::care
