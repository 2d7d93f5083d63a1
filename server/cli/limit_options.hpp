#pragma once

#include <boost/program_options/options_description.hpp>

#include "server/net/serve_settings.hpp"

namespace kefu::cli {

// Adds the `kefu serve` flags of the limits per person and per address to `options`, each
// writing into `settings` with its default (docs/security/limits.md lists them).
void add_limit_options(boost::program_options::options_description& options,
                       net::ServeSettings& settings);

}  // namespace kefu::cli
