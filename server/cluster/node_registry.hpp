#pragma once

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

namespace kefu::cluster {

// Where nodes say they are alive and which agents' sockets they hold, for the desk (on whichever
// node) to read. Times are the registry's own clock (the database's), in ms since the epoch, so
// that nodes' clocks never need to agree.
class NodeRegistry {
 public:
  virtual ~NodeRegistry() = default;

  // `node` is alive now (a node calls it several times per lease).
  virtual void beat(const std::string& node) = 0;
  // `agent` has a socket on `node` / no longer has one.
  virtual void agent_connected(const std::string& node, std::int64_t agent) = 0;
  virtual void agent_disconnected(const std::string& node, std::int64_t agent) = 0;

  struct View {
    std::int64_t now = 0;                                       // the registry's clock
    std::vector<std::pair<std::string, std::int64_t>> beats;    // node, last heartbeat
    std::vector<std::pair<std::int64_t, std::string>> sockets;  // agent, node
  };
  // Everything at once, as of one moment.
  virtual View view() = 0;
};

}  // namespace kefu::cluster
