#pragma once

#include <string>
#include <vector>

namespace kefu::load {

// A server (kefu serve or the echo server) in a child process. start() runs `argv` and waits
// for its "listening on http://ADDRESS:PORT" line; the port is taken from it. Reads the
// child's memory and CPU time from /proc/PID.
class ServerProcess {
 public:
  ServerProcess() = default;
  ~ServerProcess();
  ServerProcess(const ServerProcess&) = delete;
  ServerProcess& operator=(const ServerProcess&) = delete;

  // Throws std::runtime_error when the program does not announce itself within 20 s.
  void start(const std::vector<std::string>& argv);
  void stop();   // SIGTERM and wait
  void crash();  // SIGKILL and wait
  bool running() const { return pid_ > 0; }

  int pid() const { return pid_; }
  unsigned short port() const { return port_; }
  // Resident set size in KiB (VmRSS), 0 when not running.
  long rss_kb() const;
  // User plus system CPU seconds used so far.
  double cpu_seconds() const;

 private:
  int pid_ = -1;
  int output_fd_ = -1;
  unsigned short port_ = 0;
};

// Runs a program to completion; returns its exit status (-1 when it did not exit normally).
int run_program(const std::vector<std::string>& argv);

}  // namespace kefu::load
