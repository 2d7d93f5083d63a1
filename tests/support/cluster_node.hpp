#pragma once

#include <sys/types.h>

#include <chrono>
#include <optional>
#include <string>
#include <vector>

namespace kefu::testing {

// One `kefu serve` node of a cluster in a child process (server/net/desk_candidate.hpp), for
// tests that kill, freeze and wake it: its standard output is read line by line, its exit
// status kept. The child gets SIGKILL if the test's thread that started it dies
// (PR_SET_PDEATHSIG), and the destructor kills it, so a failed test leaves nothing running.
class ClusterNode {
 public:
  // Starts `kefu serve` (this build's, or the environment's KEFU_SERVE_BIN) with `args` and waits
  // (up to 20 s) for its "listening on" line; throws std::runtime_error when it does not come.
  explicit ClusterNode(const std::vector<std::string>& args);
  ~ClusterNode();
  ClusterNode(const ClusterNode&) = delete;
  ClusterNode& operator=(const ClusterNode&) = delete;

  unsigned short port() const { return port_; }
  // http://127.0.0.1:PORT, the node's own origin.
  std::string origin() const;
  pid_t pid() const { return pid_; }

  // The next line of output that starts with `prefix` (earlier lines are kept in lines()), or
  // nothing when none came within `limit` or the output ended.
  std::optional<std::string> wait_for(const std::string& prefix, std::chrono::milliseconds limit);
  // Every line read so far.
  const std::vector<std::string>& lines() const { return lines_; }

  void signal(int sig) const;  // SIGSTOP, SIGCONT, SIGTERM, SIGKILL...
  // Waits up to `limit` for the process to end; its exit code, or -(signal) when a signal
  // ended it, or nothing when it still runs.
  std::optional<int> wait_exit(std::chrono::milliseconds limit);

 private:
  std::optional<std::string> read_line(std::chrono::steady_clock::time_point until);

  pid_t pid_ = -1;
  int output_ = -1;
  unsigned short port_ = 0;
  std::string pending_;  // bytes read after the last full line
  std::vector<std::string> lines_;
  std::size_t seen_ = 0;  // lines already returned or skipped by wait_for
  std::optional<int> exit_;
};

}  // namespace kefu::testing
