#pragma once

#include <atomic>
#include <boost/json/object.hpp>
#include <chrono>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <set>
#include <string>
#include <vector>

#include "tests/bench/chaos_customer.hpp"

namespace kefu::testing {
class WsClient;
}

namespace kefu::load {

// An agent's console that outlives nodes: logged in once (the session lives in PostgreSQL, so
// any node knows it), connected to the first node of `ports` that serves (/healthz 200: the
// desk, or a standby relaying to it; reachable_port). It answers every
// customer message that arrives live in a conversation assigned to it (client_id a<agent>-<n>,
// sent again after a reconnection until acknowledged or refused), resolves conversations that
// `keep` says are not the load's (the failover probes'), and syncs each conversation it is
// given (welcome, assignment) so that it holds every seq: the checker looks for holes.
class ChaosAgent {
 public:
  ChaosAgent(int index, std::string login, std::string password, std::vector<unsigned short> ports,
             std::function<bool(std::int64_t)> keep);

  // Answers until `stop`, then until every reply sent has its ack or refusal. One thread.
  void run(const std::atomic<bool>& stop);
  // Connects once more and syncs every conversation the welcome lists.
  void resume_once();
  // Where its socket is now, for a failure's report (any thread): "connecting to :port for
  // N ms" or "on :port since N ms, last frame N ms ago, K assigned".
  std::string whereabouts() const;

  std::map<std::string, AckedMessage> acked;            // its replies, where stored
  std::map<std::int64_t, std::set<std::int64_t>> held;  // conversation -> seqs it holds
  std::set<std::int64_t> assigned;                      // conversations assigned to it now
  std::map<std::string, long> refusals;                 // error codes of replies refused
  std::vector<std::string> problems;
  int connections = 0;
  int upgrades_timed_out = 0;  // the node chosen froze before it answered the upgrade
  long resolved = 0;

 private:
  std::unique_ptr<kefu::testing::WsClient> connect();
  void resume(kefu::testing::WsClient& ws);
  void follow(kefu::testing::WsClient& ws, std::int64_t conversation, std::int64_t last_seq);
  void on_frame(kefu::testing::WsClient& ws, const boost::json::object& frame, bool answering);
  std::string reply_frame(const std::string& id, std::int64_t conversation) const;

  int index_;
  std::string login_;
  std::string password_;
  std::vector<unsigned short> ports_;
  std::function<bool(std::int64_t)> keep_;
  std::string cookie_;
  std::int64_t user_id_ = 0;
  long next_ = 0;
  int syncs_waiting_ = 0;                        // syncs sent on this socket and not answered yet
  std::map<std::string, std::int64_t> pending_;  // reply client_id -> conversation
  std::map<std::int64_t, std::int64_t> answer_after_;  // answer customer seqs beyond this

  // For whereabouts(), written by the agent's thread.
  void note(unsigned short port, bool connected, bool frame);
  mutable std::mutex whereabouts_mutex_;
  unsigned short port_ = 0;  // the node it last chose
  bool connected_ = false;
  std::size_t assigned_now_ = 0;
  std::chrono::steady_clock::time_point since_{}, last_frame_{};
};

}  // namespace kefu::load
