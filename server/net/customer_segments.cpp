#include "server/net/customer_segments.hpp"

#include <SQLiteCpp/Database.h>

#include "server/store/postgres/postgres_migrations.hpp"
#include "server/store/sql/postgres_connection.hpp"
#include "server/store/sql/sqlite_connection.hpp"

namespace kefu::net {
namespace {

constexpr std::size_t kMostKept = 100'000;
constexpr auto kReconnectPause = std::chrono::seconds(5);

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
    query_ = std::make_unique<sql::Statement>(
        *db_,
        "SELECT segment FROM customers WHERE id = "
        "COALESCE((SELECT merged_into FROM customers WHERE id = ?), ?)");
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

std::string CustomerSegments::segment_of(std::int64_t customer_id) {
  if (!postgres_) return read(customer_id).value_or("active");
  const auto now = Clock::now();
  if (auto it = kept_.find(customer_id); it != kept_.end() && it->second.until > now) {
    return it->second.segment;
  }
  auto segment = read(customer_id);
  if (!segment) return "active";  // not kept: read again at the next decision
  if (kept_.size() >= kMostKept) kept_.clear();
  kept_[customer_id] = Kept{*segment, now + keep_};
  return *segment;
}

}  // namespace kefu::net
