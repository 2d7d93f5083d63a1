#pragma once

#include <string>
#include <vector>

namespace kefu::testing {

// The real `kefu serve` in a child process on 127.0.0.1 with an ephemeral port and a database
// in a fresh temporary folder (made once per TestServer and kept across restarts). The database
// gets the demo staff (alice, bob, wei, sam, admin; password LOGIN-demo-pass).
class TestServer {
 public:
  explicit TestServer(std::vector<std::string> extra_args = {});
  // A server on an empty database (no `kefu demo`): it prints the first admin's setup link.
  struct Empty {};
  explicit TestServer(Empty, std::vector<std::string> extra_args = {});
  ~TestServer();
  TestServer(const TestServer&) = delete;
  TestServer& operator=(const TestServer&) = delete;

  void start();
  void stop();   // SIGTERM, then waits for the process to exit
  void crash();  // SIGKILL
  int exit_status() const { return exit_status_; }

  unsigned short port() const { return port_; }
  std::string origin() const { return "http://127.0.0.1:" + std::to_string(port_); }
  const std::string& database() const { return database_; }
  const std::string& folder() const { return folder_; }
  // The next line the server writes on standard output after "listening on" ("" after 10 s).
  std::string next_output_line();

 private:
  std::vector<std::string> extra_args_;
  std::string folder_;
  std::string database_;
  int pid_ = -1;
  int output_fd_ = -1;
  unsigned short port_ = 0;
  int exit_status_ = -1;
};

// Runs the kefu binary with arguments and returns its exit status.
int run_kefu(const std::vector<std::string>& args);

}  // namespace kefu::testing
