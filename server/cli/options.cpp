#include "server/cli/options.hpp"

#include <cstdlib>
#include <ostream>

#include "server/back_office/schema_setup.hpp"
#include "server/store/postgres/postgres_migrations.hpp"

namespace kefu::cli {
namespace po = boost::program_options;

bool parse_options(const std::vector<std::string>& args, const po::options_description& description,
                   po::variables_map& values, const std::string& usage, std::ostream& out,
                   std::ostream& err, int& status) {
  try {
    po::store(po::command_line_parser(args).options(description).run(), values);
    if (values.count("help")) {
      out << usage << "\n" << description;
      status = 0;
      return false;
    }
    po::notify(values);
  } catch (const po::error& e) {
    err << e.what() << "\n\n" << usage << "\n" << description;
    status = 2;
    return false;
  }
  return true;
}

store::SqliteOptions store_options(const std::string& path) {
  store::SqliteOptions options;
  options.path = path;
  options.also_migrate = prepare_schema;
  return options;
}

std::string default_database() {
  const char* env = std::getenv("KEFU_DB");
  return env != nullptr && *env != '\0' ? env : "kefu.db";
}

bool postgres_store_given(const std::string& store, std::ostream& err) {
  if (store::is_postgres_uri(store)) return true;
  err << "--store takes a postgresql:// URI (a SQLite file is --db PATH): " << store << "\n";
  return false;
}

}  // namespace kefu::cli
