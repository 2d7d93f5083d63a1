#include "tests/support/cluster_node.hpp"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cstdlib>
#include <stdexcept>
#include <thread>

namespace kefu::testing {
using Clock = std::chrono::steady_clock;

ClusterNode::ClusterNode(const std::vector<std::string>& args) {
  int fds[2] = {-1, -1};
  if (::pipe2(fds, O_CLOEXEC) != 0) throw std::runtime_error("pipe failed");
  // KEFU_SERVE_BIN runs another build of kefu (a benchmark's "before" figures).
  const char* other = std::getenv("KEFU_SERVE_BIN");
  std::vector<std::string> argv_text{other != nullptr && *other != '\0' ? other : KEFU_BIN,
                                     "serve"};
  argv_text.insert(argv_text.end(), args.begin(), args.end());
  std::vector<char*> argv;
  for (auto& a : argv_text) argv.push_back(a.data());
  argv.push_back(nullptr);
  const pid_t parent = ::getpid();
  pid_ = ::fork();
  if (pid_ < 0) throw std::runtime_error("fork failed");
  if (pid_ == 0) {
    ::prctl(PR_SET_PDEATHSIG, SIGKILL);
    if (::getppid() != parent) ::_exit(127);
    ::dup2(fds[1], STDOUT_FILENO);
    ::execv(argv[0], argv.data());
    ::_exit(127);
  }
  ::close(fds[1]);
  output_ = fds[0];
  const auto line = wait_for("listening on ", std::chrono::seconds(20));
  const auto colon = line ? line->rfind(':') : std::string::npos;
  if (colon == std::string::npos) {
    throw std::runtime_error("kefu serve did not start: " + line.value_or("no output"));
  }
  port_ = static_cast<unsigned short>(std::stoi(line->substr(colon + 1)));
}

ClusterNode::~ClusterNode() {
  if (!exit_ && pid_ > 0) {
    ::kill(pid_, SIGKILL);
    ::kill(pid_, SIGCONT);
    wait_exit(std::chrono::seconds(5));
  }
  if (output_ >= 0) ::close(output_);
}

std::string ClusterNode::origin() const {
  return "http://127.0.0.1:" + std::to_string(port_);
}

void ClusterNode::signal(int sig) const {
  if (!exit_) ::kill(pid_, sig);
}

std::optional<std::string> ClusterNode::read_line(Clock::time_point until) {
  for (;;) {
    const auto end = pending_.find('\n');
    if (end != std::string::npos) {
      std::string line = pending_.substr(0, end);
      pending_.erase(0, end + 1);
      lines_.push_back(line);
      return line;
    }
    // Once the time is up, only what is already there is read.
    const auto left = std::max<std::int64_t>(
        0, std::chrono::duration_cast<std::chrono::milliseconds>(until - Clock::now()).count());
    pollfd p{output_, POLLIN, 0};
    if (::poll(&p, 1, static_cast<int>(left)) <= 0) {
      if (left == 0) return std::nullopt;
      continue;
    }
    char buffer[4096];
    const ssize_t n = ::read(output_, buffer, sizeof buffer);
    if (n <= 0) return std::nullopt;  // the output ended: the process exited
    pending_.append(buffer, static_cast<std::size_t>(n));
  }
}

std::optional<std::string> ClusterNode::wait_for(const std::string& prefix,
                                                 std::chrono::milliseconds limit) {
  const auto until = Clock::now() + limit;
  for (;;) {
    while (seen_ < lines_.size()) {
      const std::string& line = lines_[seen_++];
      if (line.rfind(prefix, 0) == 0) return line;
    }
    if (!read_line(until)) return std::nullopt;
  }
}

std::optional<int> ClusterNode::wait_exit(std::chrono::milliseconds limit) {
  if (exit_) return exit_;
  const auto until = Clock::now() + limit;
  for (;;) {
    int status = 0;
    const pid_t done = ::waitpid(pid_, &status, WNOHANG);
    if (done == pid_) {
      exit_ = WIFEXITED(status) ? WEXITSTATUS(status) : -WTERMSIG(status);
      return exit_;
    }
    if (Clock::now() > until) return std::nullopt;
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
}

}  // namespace kefu::testing
