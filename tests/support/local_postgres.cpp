#include "tests/support/local_postgres.hpp"

#include <fcntl.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <sstream>
#include <stdexcept>
#include <string>

#include "server/store/postgres/pg_connection.hpp"

#ifndef KEFU_LOCAL_POSTGRES
#error "KEFU_LOCAL_POSTGRES must name scripts/local-postgres"
#endif

namespace kefu::testing {
namespace {

// Reads one line from `fd` (the child's "ready ..." line), or throws once it closes.
std::string read_line(int fd) {
  std::string line;
  char c = 0;
  for (;;) {
    const ssize_t n = ::read(fd, &c, 1);
    if (n == 1) {
      if (c == '\n') return line;
      line += c;
    } else if (n == 0 || errno != EINTR) {
      throw std::runtime_error("local-postgres ended before it was ready: '" + line + "'");
    }
  }
}

}  // namespace

LocalPostgres::LocalPostgres(const std::string& parent) {
  const std::string parent_setting = "KEFU_PG_PARENT=" + parent;  // built before fork
  int to_child[2];
  int from_child[2];
  if (::pipe2(to_child, O_CLOEXEC) != 0 || ::pipe2(from_child, O_CLOEXEC) != 0) {
    throw std::runtime_error("local-postgres: pipe failed");
  }
  child_ = ::fork();
  if (child_ < 0) throw std::runtime_error("local-postgres: fork failed");
  if (child_ == 0) {
    ::dup2(to_child[0], STDIN_FILENO);
    ::dup2(from_child[1], STDOUT_FILENO);
    ::execl("/usr/bin/env", "env", parent_setting.c_str(), "/bin/bash", KEFU_LOCAL_POSTGRES,
            static_cast<char*>(nullptr));
    ::_exit(127);
  }
  ::close(to_child[0]);
  ::close(from_child[1]);
  keep_alive_ = to_child[1];
  std::string line;
  try {
    line = read_line(from_child[0]);
  } catch (...) {
    ::close(from_child[0]);
    ::close(keep_alive_);
    ::waitpid(child_, nullptr, 0);
    throw;
  }
  ::close(from_child[0]);
  std::istringstream fields(line);
  std::string ready;
  fields >> ready >> port_ >> folder_;
  if (ready != "ready" || port_ == 0) {
    throw std::runtime_error("local-postgres: unexpected line '" + line + "'");
  }
}

LocalPostgres::~LocalPostgres() {
  ::close(keep_alive_);  // the script stops the server and removes its folder
  int status = 0;
  while (::waitpid(child_, &status, 0) < 0 && errno == EINTR) {
  }
}

LocalPostgres& LocalPostgres::shared() {
  // In memory when the machine has /dev/shm: the tests need no durability from the disk, and
  // copying the cluster there costs nothing.
  static LocalPostgres server(::access("/dev/shm", W_OK | X_OK) == 0 ? "/dev/shm" : "/tmp");
  return server;
}

std::string LocalPostgres::create_database() {
  const std::string base = "postgresql://kefu@127.0.0.1:" + std::to_string(port_) + "/";
  const std::string name = "kefu_test_" + std::to_string(++databases_);
  store::PgConnection admin(base + "postgres");
  admin.exec("CREATE DATABASE " + name + " TEMPLATE template0");
  return base + name;
}

bool testing_on_postgres() {
  const char* backend = std::getenv("KEFU_TEST_STORE");
  return backend != nullptr && std::string(backend) == "postgresql";
}

}  // namespace kefu::testing
