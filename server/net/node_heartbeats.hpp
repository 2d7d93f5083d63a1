#pragma once

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <thread>

#include "server/cluster/node_watch.hpp"
#include "server/cluster/postgres_node_registry.hpp"
#include "server/net/node_sockets.hpp"

namespace kefu::net {

// A node's heartbeats in the cluster (server/net/desk_candidate.hpp), and on the desk the watch
// over the other nodes' (docs/architecture.md, "Cluster"). Every node, standby or desk, writes
// its heartbeat every third of the node lease (cluster::PostgresNodeRegistry, on the database's
// clock). Once watch() was called (the node is the desk), each round then also reads everybody's
// (cluster::NodeWatch): a node without a heartbeat for longer than the lease is declared gone
// and every socket it relays to the desk is ended (NodeSockets::gone: its agents get the grace
// period and their chats requeue unless they come back in time, as for any disconnect), and
// none it relays is taken until it heartbeats again (NodeSockets::back). Each is said on `say`:
//   node gone: NAME (no heartbeat for LEASE ms): N relayed sockets ended
//   node back: NAME
// On a thread of its own with its own connection (the database calls are synchronous), which
// is opened again when it breaks; a round that fails is simply the next round's to do.
class NodeHeartbeats {
 public:
  // Starts beating as `node` on the database at `uri`, for a node lease of `lease`.
  NodeHeartbeats(std::string uri, std::string node, std::chrono::milliseconds lease,
                 std::function<void(const std::string&)> say);
  ~NodeHeartbeats();  // stop()
  NodeHeartbeats(const NodeHeartbeats&) = delete;
  NodeHeartbeats& operator=(const NodeHeartbeats&) = delete;

  // From now on also watches the other nodes, ending the sockets they relay in `relayed_here`
  // (which must outlive this). Thread-safe.
  void watch(NodeSockets& relayed_here);
  // Stops beating and watching (waits for a round under way). Thread-safe; idempotent.
  void stop();

 private:
  void run();    // on thread_
  void round();  // on thread_

  const std::string uri_;
  const std::string node_;
  const std::chrono::milliseconds lease_;
  const std::function<void(const std::string&)> say_;
  std::unique_ptr<cluster::PostgresNodeRegistry> registry_;  // on thread_; null when broken
  cluster::NodeWatch watch_;                                 // on thread_
  std::atomic<NodeSockets*> relayed_here_{nullptr};
  std::mutex mutex_;
  std::condition_variable wake_;
  bool stopping_ = false;  // GUARDED_BY(mutex_)
  std::thread thread_;
};

}  // namespace kefu::net
