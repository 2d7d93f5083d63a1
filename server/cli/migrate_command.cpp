#include <SQLiteCpp/Database.h>

#include <ostream>

#include "server/cli/commands.hpp"
#include "server/cli/options.hpp"
#include "server/back_office/schema_setup.hpp"
#include "server/store/migrations.hpp"

namespace kefu::cli {
namespace po = boost::program_options;

int migrate_command(const std::vector<std::string>& args, std::ostream& out, std::ostream& err) {
  std::string db_path;
  po::options_description d("options");
  d.add_options()("help,h", "show this help")(
      "db", po::value(&db_path)->default_value(default_database()), "SQLite database file");
  po::variables_map values;
  int status = 0;
  if (!parse_options(args, d, values, "usage: kefu migrate [--db PATH]", out, err, status)) {
    return status;
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
