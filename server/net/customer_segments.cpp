#include "server/net/customer_segments.hpp"

#include <SQLiteCpp/Database.h>

#include "server/store/postgres/postgres_migrations.hpp"
#include "server/store/sql/postgres_connection.hpp"
#include "server/store/sql/sqlite_connection.hpp"

namespace kefu::net {
namespace {

constexpr std::size_t kMostKept = 100'000;
constexpr auto kReconnectPause = std::chrono::seconds(5);
constexpr std::string_view kSegmentQuery =
    "SELECT segment FROM customers WHERE id = "
    "COALESCE((SELECT merged_into FROM customers WHERE id = ?), ?)";

}  // namespace

CustomerSegments::CustomerSegments(std::string location, std::chrono::milliseconds keep)
    : location_(std::move(location)), postgres_(store::is_postgres_uri(location_)), keep_(keep) {
  connected(Clock::now());
}

CustomerSegments::~CustomerSegments() = default;

bool CustomerSegments::connected(Clock::time_point now) {
  if (query_) return true;
  if (now < retry_at_) return false;
  retry_at_ = now + kReconnectPause;
  try {
    if (postgres_) {
      db_ = std::make_unique<sql::PostgresConnection>(location_);
    } else {
      db_ = std::make_unique<sql::SqliteConnection>(location_, SQLite::OPEN_READONLY, 1000);
    }
    query_ = std::make_unique<sql::Statement>(*db_, kSegmentQuery);
    return true;
  } catch (const std::exception&) {
    query_.reset();
    db_.reset();
    return false;
  }
}

std::optional<std::string> CustomerSegments::read(std::int64_t customer_id) {
  if (!connected(Clock::now())) return std::nullopt;
  try {
    query_->reset();
    query_->bind(1, customer_id).bind(2, customer_id);
    std::optional<std::string> segment;
    if (query_->step()) segment = query_->column(0).text();
    query_->reset();
    return segment;
  } catch (const std::exception&) {
    // PostgreSQL: the connection may be gone (a restart); a new one at the next read.
    if (postgres_) {
      query_.reset();
      db_.reset();
    }
    return std::nullopt;
  }
}

std::optional<std::string> CustomerSegments::kept(std::int64_t customer_id, Clock::time_point now) {
  std::lock_guard lock(kept_mutex_);
  if (auto it = kept_.find(customer_id); it != kept_.end() && it->second.until > now) {
    return it->second.segment;
  }
  return std::nullopt;
}

void CustomerSegments::keep(std::int64_t customer_id, std::string segment, Clock::time_point now) {
  std::lock_guard lock(kept_mutex_);
  if (kept_.size() >= kMostKept) kept_.clear();
  kept_[customer_id] = Kept{std::move(segment), now + keep_};
}

std::string CustomerSegments::segment_of(std::int64_t customer_id) {
  if (!postgres_) return read(customer_id).value_or("active");
  const auto now = Clock::now();
  if (auto segment = kept(customer_id, now)) return *segment;
  auto segment = read(customer_id);
  if (!segment) return "active";  // not kept: read again at the next decision
  keep(customer_id, *segment, now);
  return *segment;
}

bool CustomerSegments::worth_learning(std::int64_t customer_id) {
  return postgres_ && !kept(customer_id, Clock::now());
}

void CustomerSegments::learn(std::int64_t customer_id, sql::Connection& db) {
  if (!postgres_) return;
  const auto now = Clock::now();
  try {
    sql::Statement query(db, kSegmentQuery);
    query.bind(1, customer_id).bind(2, customer_id);
    if (query.step()) keep(customer_id, query.column(0).text(), now);
  } catch (const std::exception&) {
    // Left to the desk's own read.
  }
}

}  // namespace kefu::net
