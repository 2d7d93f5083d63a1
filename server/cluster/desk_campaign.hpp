#pragma once

#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/steady_timer.hpp>
#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>

#include "server/cluster/desk_election.hpp"

namespace kefu::cluster {

// How a node stands for the desk: the lease a desk must renew within, how often a candidate tries
// for it and how often the desk renews it.
struct CampaignSettings {
  std::chrono::milliseconds lease{3000};
  // A candidate's round: how soon it takes a desk whose lock was freed (its node died). Keep it
  // well under a second. A round is two reads (the lock tried, the lease read), no write; a
  // candidate also tries again at the moment the lease it read runs out, whatever the period.
  std::chrono::milliseconds period{100};
  // Where the other nodes reach this one when it is the desk (`desk_lease.address`).
  std::string address;
  // The desk's round: how often it renews its lease, an UPDATE of the lease row (committed, a
  // WAL flush each; it waits for the desk's write transactions in flight, which hold the row FOR
  // SHARE). Well under the lease: a desk's lease is renewed at most this long before a freeze.
  std::chrono::milliseconds renewal{200};
};

// Keeps a node standing for the desk for as long as it runs: every `period` (a candidate) or
// `renewal` (the desk), and when the lease a candidate read runs out, it runs one DeskElection
// round on `executor` and says when this node becomes the desk (with its epoch) and
// when it stops being it. A DeskElection whose connection broke is never reconnected; the next
// round stands again as a new candidate on a new connection (PostgreSQL restarted, the backend
// ended by a newer desk), so a lost desk comes back only through a fresh election and a new
// epoch. A failed connection attempt is retried next round.
//
// The rounds are synchronous database calls on `executor`: give it a thread of its own (the
// desk's strand is fine: the desk waits on nothing else while it campaigns). The campaign must
// outlive its queued handlers: stop() it and let the executor finish before destroying it.
class DeskCampaign {
 public:
  using BecameDesk = std::function<void(std::int64_t epoch)>;
  using LostDesk = std::function<void()>;

  DeskCampaign(boost::asio::any_io_executor executor, std::string uri, std::string node,
               CampaignSettings settings, BecameDesk became_desk, LostDesk lost_desk);

  void start();
  // Stops campaigning; a desk resigns (its lock is released at once for the next one).
  void stop();

  // This node's epoch while it is the desk, else 0.
  std::int64_t epoch() const { return epoch_; }
  // How many candidacies (connections) this node has stood with.
  int candidacies() const { return candidacies_; }

 private:
  void schedule();
  void round();

  boost::asio::steady_timer timer_;
  std::string uri_;
  std::string node_;
  CampaignSettings settings_;
  BecameDesk became_desk_;
  LostDesk lost_desk_;
  std::unique_ptr<DeskElection> election_;
  std::int64_t epoch_ = 0;
  int candidacies_ = 0;
  bool running_ = false;
};

}  // namespace kefu::cluster
