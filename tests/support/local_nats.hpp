#pragma once

#include <sys/types.h>

#include <string>

namespace kefu::testing {

// A throw-away nats-server (Debian's, core NATS only) for tests, on 127.0.0.1 and a free port.
// The server gets SIGKILL if the thread that started it dies (PR_SET_PDEATHSIG), so a test
// killed mid-way leaves nothing running; the destructor stops it too. Tests kill it and start
// it again on the same port, as an operator's restart.
class LocalNats {
 public:
  // Starts the server and waits (up to 5 s) until it takes connections; throws
  // std::runtime_error when it does not come up.
  LocalNats();
  ~LocalNats();
  LocalNats(const LocalNats&) = delete;
  LocalNats& operator=(const LocalNats&) = delete;

  // nats://127.0.0.1:<port>
  std::string url() const;
  int port() const { return port_; }

  // Kills the server at once (SIGKILL) and waits for it: clients see their sockets close.
  void kill();
  // Starts it again on the same port (after kill()).
  void start();
  bool running() const { return child_ > 0; }

 private:
  int port_ = 0;
  pid_t child_ = -1;
};

}  // namespace kefu::testing
