#pragma once

#include <chrono>
#include <memory>
#include <string>
#include <vector>

#include "tests/bench/server_process.hpp"

namespace kefu::load {

// The nodes of a cluster under test: `kefu serve --store --bus --node` processes on fixed
// loopback ports, one of them the elected desk (the only one whose /healthz answers 200), the
// others standbys (503). The test supervises them as scripts/lib/cluster-node does: supervise()
// starts again a node that exited (75: it lost the desk, or crashed) on its port. Every call
// comes from the thread that built this object (the nodes die with that thread).
class ClusterNodes {
 public:
  struct Settings {
    std::string kefu;                // the kefu binary
    std::string store;               // postgresql://...
    std::string bus;                 // nats://...
    std::string key_file;            // --mail-key-file
    std::string folder;              // static dir and the nodes' error logs
    int lease_ms = 3000;             // --desk-lease-ms
    bool cluster = true;             // false: one node on --store alone (no --bus, --node, lease)
    std::vector<std::string> extra;  // more serve options
  };

  // Starts `count` nodes on consecutive free ports.
  ClusterNodes(Settings settings, int count);
  ~ClusterNodes();

  int count() const { return static_cast<int>(nodes_.size()); }
  unsigned short port(int node) const { return ports_[static_cast<std::size_t>(node)]; }
  const std::vector<unsigned short>& ports() const { return ports_; }
  std::string name(int node) const;
  const std::string& store() const { return settings_.store; }
  ServerProcess& process(int node) { return *nodes_[static_cast<std::size_t>(node)]; }

  // The node whose /healthz answers 200 `ok` now (the desk; standbys answer 200 `relay`), or -1.
  int desk() const;
  // Waits up to `ms` for a desk; -1 when none.
  int wait_for_desk(int ms) const;

  // Starts node `node` (again) on its port; retries while the port is still taken.
  void start(int node);
  // Reaps nodes that ended and starts them again. Returns, for each node that had ended, its
  // index and exit code (75: lost the desk; 128 + N: signal N).
  std::vector<std::pair<int, int>> supervise();
  // Waits up to `ms` for `node` to exit by itself; its exit code, or -1 if it still runs.
  int wait_for_exit(int node, int ms);

  void stop_all();

 private:
  Settings settings_;
  std::vector<std::unique_ptr<ServerProcess>> nodes_;
  std::vector<unsigned short> ports_;
};

// The port of the node whose /healthz answers 200 `ok` (the desk), or 0 when none does. Each
// port is asked every 20 ms for `within` (once when 0), each check given half a second.
unsigned short serving_port(const std::vector<unsigned short>& ports,
                            std::chrono::milliseconds within = std::chrono::milliseconds(0));
// The first of `ports` whose node serves clients now: the desk (200 `ok`) or a standby that
// relays to it (200 `relay`); 0 when none does.
unsigned short reachable_port(const std::vector<unsigned short>& ports);
// `ports` rotated to begin with the one at `first` (modulo their number): the order a client
// tries the nodes in.
std::vector<unsigned short> starting_at(std::vector<unsigned short> ports, std::size_t first);

}  // namespace kefu::load
