#pragma once

#include <chrono>
#include <cstdint>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <unordered_map>

#include "server/store/sql/connection.hpp"
#include "server/store/sql/statement.hpp"

namespace kefu::net {

// The customers' segments ("new", "active", "vip", "at_risk", "lost") the desk routes by: the
// segment of the customer a conversation belongs to, or of the customer it was merged into.
// Its own read connection to the server's database at `location`, used by segment_of() on the
// desk strand only.
//
// On a SQLite file every ask reads the row (a local read, as the desk always has). On
// PostgreSQL a read is a network round trip, which the desk must not pay per routing decision:
// a customer's segment is kept for `keep` after it was read (a segment is a slow figure: RFM
// from orders), so the desk reads each customer at most once per `keep`, and a segment changed
// meanwhile counts from the next read. Better still, learn() reads it ahead on another thread
// (the server does when a customer's socket or call names them), so that the desk's decision
// finds it in memory; the desk reads it itself only when it was not learnt (a ticket, an
// e-mail). A connection that fails is dropped and opened again at the next read (at most once
// every 5 s). Whatever cannot be read counts as "active", the default priority.
class CustomerSegments {
 public:
  explicit CustomerSegments(std::string location,
                            std::chrono::milliseconds keep = std::chrono::seconds(60));
  ~CustomerSegments();
  CustomerSegments(const CustomerSegments&) = delete;
  CustomerSegments& operator=(const CustomerSegments&) = delete;

  // The segment of `customer_id` (on the desk strand; never throws).
  std::string segment_of(std::int64_t customer_id);

  // True when learn() would spare the desk a read of `customer_id` (PostgreSQL, and not kept
  // now). Thread-safe.
  bool worth_learning(std::int64_t customer_id);
  // Reads the segment of `customer_id` on `db` (the caller's connection, on the caller's
  // thread) and keeps it for the desk. Never throws: what cannot be read is left to the desk.
  // Thread-safe.
  void learn(std::int64_t customer_id, sql::Connection& db);

 private:
  using Clock = std::chrono::steady_clock;
  struct Kept {
    std::string segment;
    Clock::time_point until;
  };

  std::optional<std::string> read(std::int64_t customer_id);
  bool connected(Clock::time_point now);
  std::optional<std::string> kept(std::int64_t customer_id, Clock::time_point now);
  void keep(std::int64_t customer_id, std::string segment, Clock::time_point now);

  std::string location_;
  bool postgres_;
  std::chrono::milliseconds keep_;
  std::unique_ptr<sql::Connection> db_;
  std::unique_ptr<sql::Statement> query_;  // on db_
  Clock::time_point retry_at_{};           // no new connection before then
  std::mutex kept_mutex_;
  std::unordered_map<std::int64_t, Kept> kept_;  // PostgreSQL only; GUARDED_BY(kept_mutex_)
};

}  // namespace kefu::net
