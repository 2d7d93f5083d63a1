#pragma once

#include <boost/program_options.hpp>
#include <iosfwd>
#include <optional>
#include <string>

#include "server/cluster/bus_location.hpp"
#include "server/net/serve_settings.hpp"

namespace kefu::cli {

// `kefu serve`'s cluster options (issue 19, docs/deploying.md): --bus, the NATS servers that
// wake the node holding a socket when another node stored a message.
struct ClusterOptions {
  std::string bus;                            // as given
  std::optional<cluster::BusLocation> where;  // parsed, once check_cluster_options accepted it
  std::string node;                           // --node: this node's name (empty: hostname:port)
  std::string desk_lease_ms;                  // --desk-lease-ms as given (checked, then parsed)
  std::string advertise;                      // --advertise as given (checked, then normalised)
};

void add_cluster_options(boost::program_options::options_description& description,
                         ClusterOptions& options);

// Checks the cluster options against the store: a bus takes a valid nats:// location and a
// PostgreSQL store (one SQLite file is one node, with no other node to wake); --node (a name
// of printable characters, 1 to 200 bytes), --desk-lease-ms (a whole number of milliseconds,
// 600 to 600000) and --advertise (http://HOST:PORT, cluster::parse_advertised_address) only with
// a bus. Returns 0 when they are fine (also when no bus is asked for),
// else says why on `err` and returns 2.
int check_cluster_options(const boost::program_options::variables_map& values,
                          ClusterOptions& options, bool postgres_store, std::ostream& err);

// The settings of a node of the cluster, once check_cluster_options accepted them (nothing
// when no bus was given).
void apply_cluster_options(const ClusterOptions& options, net::ServeSettings& settings);

}  // namespace kefu::cli
