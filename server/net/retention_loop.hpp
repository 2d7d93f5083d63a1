#pragma once

#include <boost/asio/steady_timer.hpp>
#include <cstdint>

#include "server/back_office/message_retention.hpp"

namespace kefu::net {

class ServerState;

// The daily retention job (docs/protocol.md, "Admin: retention"): when the admin set a number
// of days, message text and attachments older than that are removed at start and then once a
// day, on the back office strand.
class RetentionLoop {
 public:
  explicit RetentionLoop(ServerState& state);
  RetentionLoop(const RetentionLoop&) = delete;
  RetentionLoop& operator=(const RetentionLoop&) = delete;

  void start();
  void stop();  // on any thread

 private:
  void schedule();

  ServerState& state_;
  boost::asio::steady_timer timer_;  // on the back office strand
  bool stopped_ = false;             // on the back office strand
};

// One sweep now with the stored setting (nothing when retention is off), by `by` (0: the daily
// job): the rows in one write transaction of the back office, then the attachments' files, then
// the log truncated so the old text leaves the disk. On the back office strand only.
RetentionSweep sweep_messages(ServerState& state, std::int64_t by);

}  // namespace kefu::net
