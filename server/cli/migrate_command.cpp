#include <SQLiteCpp/Database.h>

#include <ostream>

#include "server/back_office/schema_setup.hpp"
#include "server/cli/commands.hpp"
#include "server/cli/options.hpp"
#include "server/store/migrations.hpp"
#include "server/store/postgres/pg_connection.hpp"
#include "server/store/postgres/postgres_migrations.hpp"

namespace kefu::cli {
namespace po = boost::program_options;

namespace {

// Applies the PostgreSQL schema (server/store/postgres/postgres_migrations.cpp).
int migrate_postgres_store(const std::string& uri, std::ostream& out, std::ostream& err) {
  try {
    store::PgConnection db(uri);
    const int before = store::postgres_schema_version(db);
    const int after = store::migrate_postgres(db);
    out << "postgresql: schema version " << after
        << (after == before ? " (up to date)" : " (from " + std::to_string(before) + ")") << "\n";
    return 0;
  } catch (const std::exception& e) {
    err << "kefu migrate: " << e.what() << "\n";
    return 1;
  }
}

}  // namespace

int migrate_command(const std::vector<std::string>& args, std::ostream& out, std::ostream& err) {
  std::string db_path;
  std::string store_location;
  po::options_description d("options");
  d.add_options()("help,h", "show this help")(
      "db", po::value(&db_path)->default_value(default_database()), "SQLite database file")(
      "store", po::value(&store_location),
      "a PostgreSQL database instead (postgresql://user@host:port/name): its schema is "
      "migrated, the SQLite file is not touched");
  po::variables_map values;
  int status = 0;
  if (!parse_options(args, d, values, "usage: kefu migrate [--db PATH | --store postgresql://...]",
                     out, err, status)) {
    return status;
  }
  if (values.count("store") != 0) {
    if (!postgres_store_given(store_location, err)) return 2;
    return migrate_postgres_store(store_location, out, err);
  }
  SQLite::Database db(db_path, SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE);
  db.exec("PRAGMA journal_mode = WAL");
  const int before = db.execAndGet("PRAGMA user_version").getInt();
  const int after = store::migrate(db);
  prepare_schema(db);
  out << db_path << ": schema version " << after
      << (after == before ? " (up to date)" : " (from " + std::to_string(before) + ")") << "\n";
  return 0;
}

}  // namespace kefu::cli
