#include "server/store/postgres/pg_result.hpp"

#include <charconv>
#include <stdexcept>

namespace kefu::store {

bool PgResult::ok() const {
  const auto s = status();
  return result_ && (s == PGRES_COMMAND_OK || s == PGRES_TUPLES_OK);
}

std::string PgResult::error() const {
  if (!result_) return "no result";
  if (ok()) return {};
  const char* message = PQresultErrorMessage(result_.get());
  std::string text = message != nullptr && *message != '\0' ? message : PQresStatus(status());
  while (!text.empty() && (text.back() == '\n' || text.back() == ' ')) text.pop_back();
  return text;
}

std::string PgResult::sqlstate() const {
  const char* state = result_ ? PQresultErrorField(result_.get(), PG_DIAG_SQLSTATE) : nullptr;
  return state != nullptr ? state : "";
}

std::string PgResult::text(int row, int column) const {
  return std::string(PQgetvalue(result_.get(), row, column),
                     static_cast<std::size_t>(PQgetlength(result_.get(), row, column)));
}

std::int64_t PgResult::int64(int row, int column) const {
  const char* value = PQgetvalue(result_.get(), row, column);
  const char* end = value + PQgetlength(result_.get(), row, column);
  std::int64_t n = 0;
  if (std::from_chars(value, end, n).ptr != end) {
    throw std::runtime_error("postgresql: not an integer: '" + std::string(value, end) + "'");
  }
  return n;
}

std::optional<std::int64_t> PgResult::optional_int64(int row, int column) const {
  if (is_null(row, column)) return std::nullopt;
  return int64(row, column);
}

bool PgResult::boolean(int row, int column) const {
  return !is_null(row, column) && PQgetvalue(result_.get(), row, column)[0] == 't';
}

}  // namespace kefu::store
