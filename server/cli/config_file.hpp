#pragma once

#include <boost/program_options.hpp>
#include <iosfwd>

namespace kefu::cli {

// `--config FILE`: a command's options read from a file as well, one `key = value` per line with
// the long options' names as keys (`store = postgresql://...`, `bus = nats://...`), `#` starting
// a comment. What the command line gives wins; an unknown key is refused like an unknown option.
void add_config_option(boost::program_options::options_description& description);

// Reads the file --config names, if any, into `values`. Returns false (after saying why on
// `err`, with `status` 2) when the file cannot be read or holds something the command refuses.
bool read_config_file(const boost::program_options::options_description& description,
                      boost::program_options::variables_map& values, std::ostream& err,
                      int& status);

}  // namespace kefu::cli
