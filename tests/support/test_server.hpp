#pragma once

#include <memory>
#include <string>
#include <vector>

namespace kefu::sql {
class Connection;
}  // namespace kefu::sql

namespace kefu::testing {

// The real `kefu serve` in a child process on 127.0.0.1 with an ephemeral port and a database
// in a fresh temporary folder (made once per TestServer and kept across restarts). The database
// gets the demo staff (alice, bob, wei, sam, admin; password LOGIN-demo-pass).
//
// The backend: a SQLite file in that folder, or, when the test process runs with
// KEFU_TEST_STORE=postgresql (ctest's `postgresql` label), a PostgreSQL database of the
// server's own on the process's throw-away PostgreSQL (`kefu serve --store`; a copy of a
// demo-seeded template, postgres_server_databases.hpp), dropped with the TestServer. Tests that
// read what the server stored use reader() and store_args(), which work on both; database() is
// the SQLite file alone. A test that names a store itself (`--store URI` among its arguments)
// keeps it, on either run, and that database is its own to drop.
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
  // The running `kefu serve`'s process id (-1 while stopped).
  int pid() const { return pid_; }

  unsigned short port() const { return port_; }
  std::string origin() const { return "http://127.0.0.1:" + std::to_string(port_); }
  // The SQLite file; throws std::logic_error on PostgreSQL (read through reader() instead).
  const std::string& database() const;
  bool on_postgres() const { return !store_uri_.empty(); }
  // Where the data is: the SQLite file or the PostgreSQL URI.
  const std::string& location() const { return on_postgres() ? store_uri_ : database_; }
  // How a `kefu` command names it: {"--db", file} or {"--store", uri}.
  std::vector<std::string> store_args() const;
  // The arguments of `kefu <words...> <store_args()> <rest...>`, for run_kefu.
  std::vector<std::string> on_database(std::vector<std::string> words,
                                       const std::vector<std::string>& rest) const;
  // A new connection to the server's database, for the test to read what it stored (opened
  // read-only on SQLite; write nothing through it on PostgreSQL either).
  std::unique_ptr<sql::Connection> reader() const;
  // A connection that may write, for a test that changes the database behind the server's back
  // (while it is stopped).
  std::unique_ptr<sql::Connection> writer() const;
  const std::string& folder() const { return folder_; }
  // The next line the server writes on standard output after "listening on" ("" after 10 s).
  std::string next_output_line();

 private:
  std::vector<std::string> extra_args_;
  std::string folder_;
  std::string database_;
  std::string store_uri_;     // on PostgreSQL: the server's database
  bool own_store_ = false;    // store_uri_ made for this server (dropped with it)
  bool store_named_ = false;  // store_uri_ given by the test in extra_args_

  // Picks the backend (the constructors): the test's own --store, else a database of its own
  // on PostgreSQL when the run asks for it (returns true: the constructor makes it), else the
  // SQLite file.
  bool choose_store();
  int pid_ = -1;
  int output_fd_ = -1;
  unsigned short port_ = 0;
  int exit_status_ = -1;
};

// Runs the kefu binary with arguments and returns its exit status.
int run_kefu(const std::vector<std::string>& args);

}  // namespace kefu::testing
