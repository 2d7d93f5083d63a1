#include "server/cli/config_file.hpp"

#include <ostream>
#include <string>

namespace kefu::cli {
namespace po = boost::program_options;

void add_config_option(po::options_description& description) {
  description.add_options()("config", po::value<std::string>(),
                            "a file of options, one `key = value` a line (keys: the long option "
                            "names, e.g. store, bus); the command line wins");
}

bool read_config_file(const po::options_description& description, po::variables_map& values,
                      std::ostream& err, int& status) {
  if (values.count("config") == 0) return true;
  const auto path = values["config"].as<std::string>();
  try {
    // Values already stored (from the command line) are kept: the first store wins.
    po::store(po::parse_config_file(path.c_str(), description), values);
    po::notify(values);
  } catch (const po::error& e) {
    err << "--config " << path << ": " << e.what() << "\n";
    status = 2;
    return false;
  }
  return true;
}

}  // namespace kefu::cli
