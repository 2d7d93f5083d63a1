#pragma once

#include <atomic>
#include <boost/json/object.hpp>
#include <cstdint>
#include <map>
#include <memory>
#include <set>
#include <string>
#include <vector>

namespace kefu::testing {
class WsClient;
}

namespace kefu::load {

// Where the server said a message was stored (its ack).
struct AckedMessage {
  std::int64_t conversation_id = 0;
  std::int64_t seq = 0;
};

// A customer's widget that outlives nodes: it connects to the first node of `ports` that serves
// (/healthz 200: the desk, or a standby relaying to it; reachable_port), resumes on every
// (re)connection (welcome's last_seq, `sync`, then every message without an ack again, same
// client_id), keeps up to `window` messages unacknowledged at `rate` messages per second, and logs
// every seq it holds (its own, acked, and the agents' replies) for the invariant checker.
class ChaosCustomer {
 public:
  ChaosCustomer(int index, std::string token, int window, double rate,
                std::vector<unsigned short> ports);

  // Sends until `stop`, then until every message sent has its ack. One thread.
  void run(const std::atomic<bool>& stop);
  // Connects once more, reads welcome and syncs what it misses (the delivery check's resume).
  void resume_once();

  std::map<std::string, AckedMessage> acked;  // client_id -> where it was stored
  std::set<std::int64_t> held;                // seqs of its conversation it holds
  std::atomic<std::int64_t> conversation_id{0};
  std::vector<std::string> problems;
  int connections = 0;

 private:
  std::string frame_for(const std::string& id) const;
  void resume(kefu::testing::WsClient& ws);
  void on_frame(const boost::json::object& frame);
  std::unique_ptr<kefu::testing::WsClient> connect();

  int index_;
  std::string token_;
  int window_;
  double rate_;
  std::vector<unsigned short> ports_;
  long next_ = 0;
  std::set<std::string> pending_;
};

}  // namespace kefu::load
