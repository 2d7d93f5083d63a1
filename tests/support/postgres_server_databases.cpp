#include "tests/support/postgres_server_databases.hpp"

#include <mutex>
#include <stdexcept>

#include "server/store/postgres/pg_connection.hpp"
#include "tests/support/local_postgres.hpp"
#include "tests/support/test_server.hpp"

namespace kefu::testing {
namespace {

std::mutex mutex;
int copies = 0;             // GUARDED_BY(mutex)
std::string demo_template;  // the seeded template's name; GUARDED_BY(mutex)

std::string server_uri(const std::string& database) {
  return "postgresql://kefu@127.0.0.1:" + std::to_string(LocalPostgres::shared().port()) + "/" +
         database;
}

// The database a URI names (what follows its last '/'; the tests' URIs have no parameters).
std::string database_of(const std::string& uri) {
  return uri.substr(uri.rfind('/') + 1);
}

// Seeds the template once (with `mutex` held).
const std::string& seeded_template() {
  if (demo_template.empty()) {
    const std::string uri = LocalPostgres::shared().create_database();
    if (run_kefu({"demo", "--store", uri}) != 0) {
      throw std::runtime_error("kefu demo --store " + uri + " failed");
    }
    demo_template = database_of(uri);
  }
  return demo_template;
}

std::string copy_of(const std::string& source) {
  const std::string name = "kefu_server_" + std::to_string(++copies);
  store::PgConnection admin(server_uri("postgres"));
  // FILE_COPY copies the template's files (two checkpoints, cheap on the in-memory cluster)
  // instead of writing every page to the WAL.
  admin.exec("CREATE DATABASE " + name + " TEMPLATE " + source + " STRATEGY FILE_COPY");
  return server_uri(name);
}

}  // namespace

std::string PostgresServerDatabases::new_demo_database() {
  std::lock_guard lock(mutex);
  return copy_of(seeded_template());
}

std::string PostgresServerDatabases::new_empty_database() {
  std::lock_guard lock(mutex);
  return copy_of("template0");
}

void PostgresServerDatabases::drop(const std::string& uri) noexcept {
  try {
    store::PgConnection admin(server_uri("postgres"));
    admin.exec("DROP DATABASE IF EXISTS " + database_of(uri) + " WITH (FORCE)");
  } catch (const std::exception&) {
  }
}

}  // namespace kefu::testing
