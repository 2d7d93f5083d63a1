#pragma once

#include <atomic>
#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/steady_timer.hpp>
#include <chrono>
#include <cstdint>
#include <memory>
#include <mutex>
#include <optional>
#include <ostream>
#include <string>
#include <thread>

#include "server/net/node_heartbeats.hpp"
#include "server/net/node_sockets.hpp"
#include "server/net/relay_plan.hpp"
#include "server/net/serve_settings.hpp"

namespace kefu::store {
class PgConnection;
class PostgresStore;
}  // namespace kefu::store

namespace kefu::cluster {
class DeskCampaign;
class NodeBus;
}  // namespace kefu::cluster

namespace kefu::net {

class DeskDoor;
class ServerState;

// One node of a cluster (`kefu serve --store postgresql://... --bus nats://...`): the elected
// desk with relaying standbys (docs/architecture.md, "Cluster"). Exactly one node, the one
// holding the desk's lease (cluster::DeskCampaign), serves; the others stand by, relaying every
// request and socket to it (HttpRelay, WebSocketRelay: the lease names the desk and its
// address, read every 500 ms), and campaign every 200 ms to take over. The desk writes its
// address (`--advertise`, else http://LISTEN-ADDRESS:PORT) into the lease when it wins, and
// once it serves announces its epoch on the bus (`--bus`, cluster::NodeBus::announce_desk): a
// standby reads the lease as soon as the announcement arrives, printing
//   desk announced: epoch E
// so its relayed sockets leave the old desk at once (NATS down: at the next reading). Every
// node reads the cluster's key (cluster::cluster_key) at start, the desk to trust the client
// addresses its relays sign.
//
// run() migrates the database, binds the port and prints, in order:
//   listening on http://ADDRESS:PORT
//   standby: node NAME        (relaying, warmed to take over, subscribed to announcements)
// and, once this node wins the desk with epoch E:
//   desk: node NAME epoch E
//   takeover: N ms from winning the lock to serving
// On winning, it opens the PostgresStore fenced with E (every write transaction checks the
// epoch, so nothing commits once another node is the desk), builds the ServerState (which
// reads the open conversations back from the database: the new desk rebuilds its state) and
// hands the port to it (DeskDoor).
//
// Crash-only on a lost desk: when this node stops being the desk (its lease renewal fails or
// its election's connection breaks, e.g. PostgreSQL restarted; or the store's fence refuses a
// write) its memory is stale, so it refuses every further write, closes every socket with 1012
// (service restart) within 300 ms, prints `lost the desk: WHY` and exits with code 75
// (EX_TEMPFAIL) for its supervisor to start it again as a standby. kube-controller-manager does
// the same when it loses its leader lease: stepping down in place would leave timers, queued
// work and caches of the old term running.
//
// Every node writes its heartbeat every third of the node lease (the desk's lease,
// `--desk-lease-ms`), and the desk watches them (NodeHeartbeats): the sockets a node relays are
// ended when it goes a lease without a heartbeat (frozen, cut off), and taken again once it
// heartbeats again.
//
// SIGINT and SIGTERM stop it cleanly in either state (exit 0): the desk closes its sockets with
// 1001 and lets the store commit what it holds, then resigns (the lock goes at once to the next
// node); a standby closes the sockets it relays and stops campaigning. A standby also closes
// them when the lease names a new epoch or it wins the desk itself: they relay to a desk that is
// gone or frozen. A relayed socket is a byte tunnel (WebSocketTunnel): its client sees the
// connection end (1006) and reconnects; the desk's own close frames (1001, 1012) pass through.
class DeskCandidate {
 public:
  explicit DeskCandidate(ServeSettings settings, std::ostream& out);
  ~DeskCandidate();
  DeskCandidate(const DeskCandidate&) = delete;
  DeskCandidate& operator=(const DeskCandidate&) = delete;

  // Runs until a signal (returns 0) or a lost desk (exits the process with 75). Throws when the
  // database cannot be migrated or the address cannot be bound.
  int run();

 private:
  enum class Mode { standby, rising, desk, stopping };

  void say(const std::string& line);
  DeskLocation desk();
  void read_lease();  // on the campaign's thread, every second while standing by
  void read_lease_once();
  void announced(std::int64_t epoch);  // on the campaign's thread: a new desk said it serves
  void run_io();        // io_.run() on this thread; a failure a handler lets out ends the node (75)
  void prepare_desk();  // what the desk's ServerState would otherwise build when it rises
  void became_desk(std::int64_t epoch);
  void rise(std::int64_t epoch, std::chrono::steady_clock::time_point won);
  void lose(const std::string& why);
  // A new installation: the first admin's one-time setup link (StaffLinks), else "".
  std::string first_admin_link(ServerState& state);
  void stop();              // on a signal, on the io_context
  void wait_for_sockets();  // on the desk strand, while stopping

  ServeSettings settings_;
  std::ostream& out_;
  std::mutex out_mutex_;
  unsigned threads_ = 1;
  std::string own_;        // http://ADDRESS:PORT
  std::string advertise_;  // where the other nodes reach this one (--advertise, else own_)

  boost::asio::io_context io_;
  std::shared_ptr<DeskDoor> door_;

  // The campaign's own thread: its rounds are synchronous database calls.
  boost::asio::io_context campaign_io_;
  std::optional<boost::asio::executor_work_guard<boost::asio::io_context::executor_type>>
      campaign_work_;
  std::unique_ptr<cluster::DeskCampaign> campaign_;
  std::unique_ptr<cluster::NodeBus> bus_;  // its announcements are handled on the campaign's thread
  boost::asio::steady_timer lease_timer_;
  std::unique_ptr<store::PgConnection> lease_reader_;  // on the campaign's thread
  std::int64_t lease_epoch_ = 0;                       // as last read; on the campaign's thread
  std::shared_ptr<RelayedSockets> relayed_ = std::make_shared<RelayedSockets>();
  std::shared_ptr<DeskConnectionPool> desk_connections_;  // the HttpRelays' kept-alive ones
  NodeSockets relayed_here_;  // on the desk: the sockets each standby relays to it
  std::unique_ptr<NodeHeartbeats> heartbeats_;
  std::thread campaign_thread_;

  std::mutex mutex_;
  Mode mode_ = Mode::standby;  // GUARDED_BY(mutex_)
  DeskLocation desk_;          // the desk as the lease last said; GUARDED_BY(mutex_)
  std::atomic<bool> lost_{false};

  std::thread riser_;  // builds the desk once this node won it
  std::unique_ptr<store::PostgresStore> store_;
  std::unique_ptr<ServerState> state_;
  boost::asio::steady_timer last_call_;
  std::chrono::steady_clock::time_point give_up_;
};

}  // namespace kefu::net
