#include "server/store/sql/statement.hpp"

namespace kefu::sql {

std::optional<std::int64_t> Statement::insert_returning_id() {
  if (!step()) return std::nullopt;
  const std::int64_t id = column(0).int64();
  while (step()) {
  }
  return id;
}

}  // namespace kefu::sql
