#pragma once

#include <sys/types.h>

#include <string>

namespace kefu::testing {

// A throw-away PostgreSQL 15 for tests: `scripts/local-postgres` started as a child, a cluster
// in a fresh folder under /dev/shm on a free 127.0.0.1 port, stopped and removed when this object
// goes. The child runs until its standard input closes, and this process holds the only write
// end of that pipe (close-on-exec, so servers the test starts do not inherit it): when the
// test process dies, even by kill -9, the server stops and its folder goes with it.
class LocalPostgres {
 public:
  // Starts the server with its folder under `parent` (/dev/shm: in memory, for tests; a folder
  // on disk for benchmarks); throws std::runtime_error when it does not come up.
  explicit LocalPostgres(const std::string& parent = "/dev/shm");
  ~LocalPostgres();
  LocalPostgres(const LocalPostgres&) = delete;
  LocalPostgres& operator=(const LocalPostgres&) = delete;

  // One server for the whole test process, started on first use (under /dev/shm, else /tmp).
  static LocalPostgres& shared();

  // A new empty database and its URI (postgresql://kefu@127.0.0.1:<port>/<name>).
  std::string create_database();

  int port() const { return port_; }
  // The folder holding the cluster and its socket (gone once the server stopped).
  const std::string& folder() const { return folder_; }

 private:
  pid_t child_ = -1;
  int keep_alive_ = -1;  // the write end of the child's stdin
  int port_ = 0;
  std::string folder_;
  int databases_ = 0;
};

// The backend the store-level tests run against: "sqlite" unless KEFU_TEST_STORE says
// "postgresql" (CTest's `postgresql` label sets it).
bool testing_on_postgres();

}  // namespace kefu::testing
