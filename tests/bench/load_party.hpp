#pragma once

#include <atomic>
#include <boost/asio/steady_timer.hpp>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "tests/bench/load_socket.hpp"

namespace kefu::load {

class LoadCustomer;

// What the whole run shares: its settings, the phase and the counters every party adds to.
struct LoadRun {
  int window = 8;        // messages a customer keeps unacknowledged (closed loop)
  double rate_each = 0;  // messages per second per customer (open loop); 0: closed loop
  std::size_t text_bytes = 64;
  bool agents_reply = true;
  bool echo = false;  // the sockets talk to the echo server

  std::atomic<bool> sending{false};
  std::atomic<int> ready{0};          // customers whose first message was acknowledged
  std::atomic<int> assigned{0};       // conversations announced to agents
  std::atomic<long> sent{0};          // customer messages sent while measuring
  std::atomic<long> acked{0};         // customer messages acknowledged (or echoed)
  std::atomic<long> to_agents{0};     // customer messages delivered to agents
  std::atomic<long> to_customers{0};  // agent replies delivered to customers
  std::atomic<long> replies_acked{0};
  std::atomic<long> errors{0};
  std::atomic<long> rate_limited{0};

  // Every customer by index, filled before the measured phase and read-only during it: an agent
  // that receives a customer's message tells that customer (closed loop).
  std::vector<std::shared_ptr<LoadCustomer>> customers;
};

// Now on the load generator's steady clock, in nanoseconds.
std::int64_t now_ns();

// A text of `bytes` bytes that starts with the send stamp and the sender ("t<ns> c12 ").
std::string stamped_text(std::int64_t stamp, std::size_t bytes, std::string_view who);

// A customer's widget (or, with LoadRun::echo, a client of the echo server): sends messages
// closed-loop or open-loop (a timer at a fixed rate), records ack (or echo round-trip) latency
// and agent→customer latency. Closed loop, a message leaves the window when an agent has
// received it (the echo: when it came back), so the window bounds what waits in the server's
// queues as well as in its store. All on its strand.
class LoadCustomer : public std::enable_shared_from_this<LoadCustomer> {
 public:
  LoadCustomer(LoadRun& run, int index, std::shared_ptr<LoadSocket> socket);
  void open();
  // Starts the measured phase (closed loop: fills the window; open loop: starts the timer).
  void start();
  bool ended() const { return socket_->ended(); }
  // An agent received one of this customer's messages (any thread).
  void delivered();

  std::vector<std::uint32_t> ack_us;         // send → ack (or echo)
  std::vector<std::uint32_t> from_agent_us;  // agent's send → customer receives

 private:
  void on_frame(std::string_view frame);
  void send_one();
  void tick();

  LoadRun& run_;
  int index_;
  std::shared_ptr<LoadSocket> socket_;
  boost::asio::steady_timer timer_;
  long next_ = 0;
  long in_flight_ = 0;
  bool said_hello_ = false;
};

// An agent's console: counts conversations assigned to it, records customer→agent latency of
// each customer message and answers it (when LoadRun::agents_reply) in the same conversation.
class LoadAgent : public std::enable_shared_from_this<LoadAgent> {
 public:
  LoadAgent(LoadRun& run, int index, std::shared_ptr<LoadSocket> socket);
  void open();
  bool ended() const { return socket_->ended(); }

  std::vector<std::uint32_t> from_customer_us;
  std::vector<std::int64_t> from_customer_sent_ns;  // when each of those left the customer
  std::vector<std::uint32_t> ack_us;

 private:
  void on_frame(std::string_view frame);

  LoadRun& run_;
  int index_;
  std::shared_ptr<LoadSocket> socket_;
  long next_ = 0;
};

}  // namespace kefu::load
