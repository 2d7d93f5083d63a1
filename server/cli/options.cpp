#include "server/cli/options.hpp"

#include "server/back_office/schema_setup.hpp"

#include <cstdlib>
#include <ostream>

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

}  // namespace kefu::cli
