#pragma once

#include <string>
#include <thread>
#include <vector>

namespace kefu::load {

// A server (kefu serve or the echo server) in a child process. start() runs `argv` and waits
// for its "listening on http://ADDRESS:PORT" line; the port is taken from it. Reads the
// child's memory and CPU time from /proc/PID. The child gets SIGKILL when the thread that
// started it ends (PR_SET_PDEATHSIG), so a benchmark killed mid-way leaves no server behind.
class ServerProcess {
 public:
  ServerProcess() = default;
  ~ServerProcess();
  ServerProcess(const ServerProcess&) = delete;
  ServerProcess& operator=(const ServerProcess&) = delete;

  // Throws std::runtime_error when the program does not announce itself within 20 s.
  // `error_log`, when given, receives the child's standard error (appended) instead of ours,
  // and everything it writes to standard output after its first line; without it that output
  // is read and dropped. Either way the pipe is drained, so a chatty child never blocks on it.
  void start(const std::vector<std::string>& argv, const std::string& error_log = "");
  void stop();   // SIGTERM and wait
  void crash();  // SIGKILL and wait
  bool running() const { return pid_ > 0; }
  // Sends `sig` (SIGSTOP, SIGCONT...) to the running child.
  void signal(int sig);
  // When the child has ended (without waiting): its exit code, or 128 + the signal that ended
  // it, and the process is no longer running. -1 while it runs (or when none was started).
  int reap();

  int pid() const { return pid_; }
  unsigned short port() const { return port_; }
  // Resident set size in KiB (VmRSS), 0 when not running.
  long rss_kb() const;
  // User plus system CPU seconds used so far.
  double cpu_seconds() const;

 private:
  // Waits for the child and for the thread draining its output (which ends at EOF).
  int wait_for_exit(int options);

  int pid_ = -1;
  int output_fd_ = -1;  // owned by drain_ once the first line is read
  std::thread drain_;
  unsigned short port_ = 0;
};

// Runs a program to completion; returns its exit status (-1 when it did not exit normally).
int run_program(const std::vector<std::string>& argv);

}  // namespace kefu::load
