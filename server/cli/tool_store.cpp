#include "server/cli/tool_store.hpp"

#include <ostream>

#include "server/cli/options.hpp"
#include "server/store/postgres/postgres_migrations.hpp"
#include "server/store/postgres/postgres_store.hpp"
#include "server/store/sqlite_store.hpp"

namespace kefu::cli {

bool pick_store_location(const std::string& db_path, const std::string* store_uri,
                         std::string& location, std::ostream& err) {
  if (store_uri == nullptr) {
    location = db_path;
    return true;
  }
  if (!postgres_store_given(*store_uri, err)) return false;
  location = *store_uri;
  return true;
}

std::unique_ptr<store::Store> open_tool_store(const std::string& location) {
  if (store::is_postgres_uri(location)) {
    return std::make_unique<store::PostgresStore>(store::PostgresOptions(location));
  }
  return std::make_unique<store::SqliteStore>(store_options(location));
}

}  // namespace kefu::cli
