#include <SQLiteCpp/Database.h>

#include <ostream>

#include "server/back_office/schema_setup.hpp"
#include "server/cli/commands.hpp"
#include "server/cli/options.hpp"
#include "server/customers/order_import.hpp"
#include "server/store/migrations.hpp"
#include "server/store/sql/sqlite_connection.hpp"

namespace kefu::cli {
namespace po = boost::program_options;

int import_command(const std::vector<std::string>& args, std::ostream& out, std::ostream& err) {
  const std::string usage =
      "usage: kefu import orders FILE.csv [--db PATH]\n"
      "Loads order history (Shopify export columns or id,email,...); rows with bad fields are\n"
      "reported with their line and reason, the rest imported.";
  if (args.empty() || args[0] != "orders") {
    if (!args.empty() && (args[0] == "--help" || args[0] == "-h")) {
      out << usage << "\n";
      return 0;
    }
    err << usage << "\n";
    return 2;
  }
  std::string db_path, file;
  po::options_description d("options");
  d.add_options()("help,h", "show this help")(
      "db", po::value(&db_path)->default_value(default_database()), "SQLite database file")(
      "file", po::value(&file)->required(), "the CSV file");
  po::positional_options_description positional;
  positional.add("file", 1);
  po::variables_map values;
  try {
    const std::vector<std::string> rest(args.begin() + 1, args.end());
    po::store(po::command_line_parser(rest).options(d).positional(positional).run(), values);
    if (values.count("help")) {
      out << usage << "\n" << d;
      return 0;
    }
    po::notify(values);
  } catch (const po::error& e) {
    err << e.what() << "\n\n" << usage << "\n" << d;
    return 2;
  }
  SQLite::Database db(db_path, SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE);
  db.setBusyTimeout(5000);
  store::migrate(db);
  prepare_schema(db);
  sql::SqliteConnection connection(db);
  const auto summary = customers::run_import_orders(file, connection, out);
  return summary.rows_imported == 0 && summary.rows > 0 ? 1 : 0;
}

}  // namespace kefu::cli
