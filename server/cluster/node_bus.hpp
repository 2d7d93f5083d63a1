#pragma once

#include <boost/asio/any_io_executor.hpp>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <string>

#include "server/cluster/wake_up.hpp"

struct __natsConnection;
struct __natsSubscription;

namespace kefu::cluster {

// The nodes' wake-up bus on core NATS (not JetStream): a node that has committed a message
// publishes a WakeUp on the conversation's subject (kefu.conversation.<id>, the seq as decimal
// text), and the nodes holding sockets on that conversation, which watch it, get it at once.
// Core NATS is at most once: a wake-up may be lost (NATS down or restarting, a slow node), so it
// is never needed for correctness, only for speed; the CatchUpPoller reads what was missed from
// the database.
//
// The connection is kept up in the background: a NodeBus is made even while NATS is down, and
// reconnects (re-subscribing) for as long as it lives. The NATS C client runs its callbacks on
// its own threads; wake-ups are handed to `on_wake` through `boost::asio::post` to `executor`.
// The public functions are thread-safe.
//
// The same bus carries the desk's announcement (kefu.desk, the epoch as decimal text): a node
// that has just become the desk and serves says so, and the standbys, which watch it, read the
// lease at once (DeskCandidate) instead of at their next reading, so the sockets they relay to
// the old desk move to the new one without waiting. Best effort too: the lease is read anyway.
class NodeBus {
 public:
  using Handler = std::function<void(WakeUp)>;
  using DeskHandler = std::function<void(std::int64_t epoch)>;

  // Starts connecting to `url` (nats://host:port, or several separated by commas). Throws
  // std::runtime_error when the client refuses the URL or cannot start.
  NodeBus(const std::string& url, boost::asio::any_io_executor executor, Handler on_wake);
  // Closes the connection; no wake-up is posted once it returns.
  ~NodeBus();
  NodeBus(const NodeBus&) = delete;
  NodeBus& operator=(const NodeBus&) = delete;

  // Tells the other nodes that `conversation` has `seq` stored. Call only once the message is
  // committed. Best effort: false when the client could not take it (closed, buffer full).
  bool publish_stored(std::int64_t conversation, std::int64_t seq);

  // Starts / stops receiving `conversation`'s wake-ups (watching twice counts once).
  void watch(std::int64_t conversation);
  void unwatch(std::int64_t conversation);

  // Tells the other nodes that the desk of `epoch` serves now. Best effort: false when the
  // client could not take it.
  bool announce_desk(std::int64_t epoch);
  // Starts receiving the desk's announcements: `on_desk(epoch)` is posted to the executor for
  // each (a payload that is not a positive epoch is ignored). Once; a second call throws
  // std::logic_error.
  void watch_desk(DeskHandler on_desk);

  // True while connected to a NATS server.
  bool connected() const;

  // Sends what is buffered and waits (up to `timeout_ms`) for the server to have processed it
  // (and this node's subscriptions); false when not connected.
  bool flush(int timeout_ms = 1000);

  // The subject a conversation's wake-ups go on.
  static std::string subject_of(std::int64_t conversation);
  // The subject the desk's announcements go on.
  static constexpr const char* kDeskSubject = "kefu.desk";

  struct Inbox;  // what the client's threads reach: the executor and handler, while open

 private:
  std::shared_ptr<Inbox> inbox_;
  __natsConnection* connection_ = nullptr;
  mutable std::mutex mutex_;
  std::map<std::int64_t, __natsSubscription*> watched_;  // guarded by mutex_
  __natsSubscription* desk_watch_ = nullptr;             // guarded by mutex_
};

}  // namespace kefu::cluster
