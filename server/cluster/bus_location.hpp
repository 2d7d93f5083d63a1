#pragma once

#include <string>
#include <vector>

namespace kefu::cluster {

// Where the nodes' wake-up bus is: one or more NATS servers of one cluster, as `kefu serve --bus`
// (or the config file's `bus` key) names them: nats://[user:password@]host[:port], several
// separated by commas (the client tries them all and follows the cluster's own list).
struct BusLocation {
  std::vector<std::string> servers;  // each normalised, with its port (4222 when not given)

  // The servers separated by commas, as the NATS client takes them.
  std::string joined() const;
};

// Parses `text`; throws std::invalid_argument saying what is wrong (not nats:// or tls://, no
// host, a path, query or fragment, a bad port) for the first server that is.
BusLocation parse_bus_location(const std::string& text);

}  // namespace kefu::cluster
