#include "server/cli/cluster_options.hpp"

#include <ostream>
#include <stdexcept>
#include <string>

#include "server/cluster/advertised_address.hpp"

namespace kefu::cli {
namespace po = boost::program_options;

void add_cluster_options(po::options_description& description, ClusterOptions& options) {
  description.add_options()(
      "bus", po::value(&options.bus),
      "nats://host[:port][,nats://...]: the NATS servers (core NATS) that wake the node holding a "
      "socket when another node stored a message; with --store postgresql:// only "
      "(docs/deploying.md). Several `kefu serve` on one database and bus elect one desk: it "
      "serves and the others relay every request and socket to it (any node serves any client) "
      "and take over when it stops; a node that loses the desk exits with code 75 for its "
      "supervisor to restart it. The bus is checked but not connected yet")(
      "node", po::value(&options.node),
      "this node's name in the desk's lease and the logs (default: hostname:port); with --bus")(
      "desk-lease-ms", po::value(&options.desk_lease_ms),
      "milliseconds the elected desk may go without renewing its lease before a standby ends "
      "it and takes over (600 to 600000, default 3000); also the node lease: every node writes "
      "a heartbeat every third of it, and the desk ends the sockets a node relays once it goes "
      "that long without one (frozen, cut off); with --bus")(
      "advertise", po::value(&options.advertise),
      "http://HOST:PORT where the other nodes reach this one's --listen port when it is the desk "
      "(they relay their clients to it); default the --listen address, which must then be "
      "reachable: give it when listening on 0.0.0.0 or behind NAT; with --bus");
}

namespace {

// True when `name` is 1 to 200 bytes without control characters.
bool good_node_name(const std::string& name) {
  if (name.empty() || name.size() > 200) return false;
  for (unsigned char c : name) {
    if (c < 0x20 || c == 0x7f) return false;
  }
  return true;
}

}  // namespace

int check_cluster_options(const po::variables_map& values, ClusterOptions& options,
                          bool postgres_store, std::ostream& err) {
  if (values.count("bus") == 0) {
    for (const char* node_option : {"node", "desk-lease-ms", "advertise"}) {
      if (values.count(node_option) != 0) {
        err << "kefu serve: --" << node_option
            << " is for a node of a cluster: give --bus nats://... and --store postgresql://... "
               "(docs/deploying.md)\n";
        return 2;
      }
    }
    return 0;
  }
  try {
    options.where = cluster::parse_bus_location(options.bus);
  } catch (const std::invalid_argument& refused) {
    err << "--bus: " << refused.what() << "\n";
    return 2;
  }
  if (!postgres_store) {
    err << "kefu serve: --bus needs --store postgresql://...: with the SQLite store (--db) Kefu "
           "runs as one node, which has no other node to wake (docs/deploying.md)\n";
    return 2;
  }
  if (values.count("node") != 0 && !good_node_name(options.node)) {
    err << "kefu serve: --node must be 1 to 200 printable characters, not '" << options.node
        << "'\n";
    return 2;
  }
  if (values.count("desk-lease-ms") != 0) {
    const std::string& given = options.desk_lease_ms;
    const bool digits = !given.empty() && given.size() <= 9 &&
                        given.find_first_not_of("0123456789") == std::string::npos;
    const long lease = digits ? std::stol(given) : 0;
    if (lease < 600 || lease > 600000) {
      err << "kefu serve: --desk-lease-ms must be a whole number of milliseconds from 600 to "
             "600000 (the desk renews it every 200 ms), not '"
          << given << "'\n";
      return 2;
    }
  }
  if (values.count("advertise") != 0) {
    try {
      options.advertise = cluster::parse_advertised_address(options.advertise).origin;
    } catch (const std::invalid_argument& refused) {
      err << "kefu serve: --advertise must be http://HOST:PORT, where the other nodes reach this "
             "one ('"
          << options.advertise << "': " << refused.what() << ")\n";
      return 2;
    }
  }
  return 0;
}

void apply_cluster_options(const ClusterOptions& options, net::ServeSettings& settings) {
  if (!options.where) return;
  settings.bus = options.where->joined();
  settings.node = options.node;
  if (!options.desk_lease_ms.empty()) settings.desk_lease_ms = std::stol(options.desk_lease_ms);
  settings.advertise = options.advertise;
}

}  // namespace kefu::cli
