#include "tests/support/test_server.hpp"

#include <poll.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <stdexcept>
#include <thread>

#include "server/store/sql/open_connection.hpp"
#include "server/store/sql/sqlite_connection.hpp"
#include "tests/support/local_postgres.hpp"
#include "tests/support/postgres_server_databases.hpp"

namespace kefu::testing {
namespace {

int spawn(const std::vector<std::string>& args, int* stdout_fd) {
  int pipe_fds[2] = {-1, -1};
  if (stdout_fd != nullptr && pipe(pipe_fds) != 0) throw std::runtime_error("pipe failed");
  const pid_t parent = getpid();
  const pid_t pid = fork();
  if (pid < 0) throw std::runtime_error("fork failed");
  if (pid == 0) {
    // The server dies with the test that started it, even when the test is killed (a ctest
    // timeout): an orphan would keep the test's output pipe open and hang ctest.
    prctl(PR_SET_PDEATHSIG, SIGKILL);
    if (getppid() != parent) _exit(127);
    if (stdout_fd != nullptr) {
      dup2(pipe_fds[1], STDOUT_FILENO);
      close(pipe_fds[0]);
      close(pipe_fds[1]);
    }
    std::vector<char*> argv;
    std::string binary = KEFU_BIN;
    argv.push_back(binary.data());
    std::vector<std::string> copy = args;
    for (auto& a : copy) argv.push_back(a.data());
    argv.push_back(nullptr);
    execv(binary.c_str(), argv.data());
    _exit(127);
  }
  if (stdout_fd != nullptr) {
    close(pipe_fds[1]);
    *stdout_fd = pipe_fds[0];
  }
  return pid;
}

std::string read_line(int fd, std::chrono::seconds limit) {
  std::string line;
  const auto deadline = std::chrono::steady_clock::now() + limit;
  char c = 0;
  while (true) {
    const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
        deadline - std::chrono::steady_clock::now());
    if (left.count() <= 0) break;
    pollfd readable{fd, POLLIN, 0};
    if (poll(&readable, 1, static_cast<int>(left.count())) <= 0) break;
    const ssize_t n = read(fd, &c, 1);
    if (n <= 0) break;
    if (c == '\n') return line;
    line += c;
  }
  return line;
}

// Waits for the child to end; past `limit` it is killed, so that a server that does not stop
// fails its test instead of hanging it. Returns the exit code, or -1 if it did not exit itself.
int reap(pid_t pid, std::chrono::seconds limit) {
  const auto deadline = std::chrono::steady_clock::now() + limit;
  int status = 0;
  while (waitpid(pid, &status, WNOHANG) == 0) {
    if (std::chrono::steady_clock::now() >= deadline) {
      kill(pid, SIGKILL);
      waitpid(pid, &status, 0);
      return -1;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

// Gives `database` the demo's staff and data. `kefu demo` takes a second or more (its writes
// are synced, one transaction after another), so when ctest's fixture "demo seed" has made a
// demo database for this run (tests/CMakeLists.txt: KEFU_BINARY_DIR/tests/demo-seed, written
// after the kefu binary was built, within the hour: the demo's dates count from the day it
// ran) the test server gets a copy of that instead.
void seed_demo(const std::string& database) {
  namespace fs = std::filesystem;
  const char* binary_dir = std::getenv("KEFU_BINARY_DIR");
  if (binary_dir != nullptr) {
    const fs::path seed = fs::path(binary_dir) / "tests" / "demo-seed" / "kefu.db";
    std::error_code missing;
    const auto seeded = fs::last_write_time(seed, missing);
    const bool fresh = !missing && seeded > fs::last_write_time(KEFU_BIN) &&
                       seeded > fs::file_time_type::clock::now() - std::chrono::hours(1);
    if (fresh && !fs::exists(seed.string() + "-wal")) {
      fs::copy_file(seed, database);
      return;
    }
  }
  if (run_kefu({"demo", "--db", database}) != 0) throw std::runtime_error("kefu demo failed");
}

}  // namespace

int run_kefu(const std::vector<std::string>& args) {
  const int pid = spawn(args, nullptr);
  return reap(pid, std::chrono::seconds(120));
}

TestServer::TestServer(std::vector<std::string> extra_args) : extra_args_(std::move(extra_args)) {
  char pattern[] = "/tmp/kefu-test-XXXXXX";
  if (mkdtemp(pattern) == nullptr) throw std::runtime_error("mkdtemp failed");
  folder_ = pattern;
  database_ = folder_ + "/kefu.db";
  if (choose_store()) {
    store_uri_ = PostgresServerDatabases::new_demo_database();
  } else {
    seed_demo(database_);
  }
  start();
}

TestServer::TestServer(Empty, std::vector<std::string> extra_args)
    : extra_args_(std::move(extra_args)) {
  char pattern[] = "/tmp/kefu-test-XXXXXX";
  if (mkdtemp(pattern) == nullptr) throw std::runtime_error("mkdtemp failed");
  folder_ = pattern;
  database_ = folder_ + "/kefu.db";
  if (choose_store()) store_uri_ = PostgresServerDatabases::new_empty_database();
  start();
}

std::string TestServer::next_output_line() {
  return read_line(output_fd_, std::chrono::seconds(10));
}

TestServer::~TestServer() {
  if (pid_ > 0) stop();
  if (own_store_) PostgresServerDatabases::drop(store_uri_);
  std::error_code ignored;
  std::filesystem::remove_all(folder_, ignored);
}

void TestServer::start() {
  // A second start would lose the running server's pid and leave it running.
  if (pid_ > 0) throw std::logic_error("TestServer::start: the server is already running");
  std::vector<std::string> args = {"serve"};
  if (!store_named_) {
    for (auto& arg : store_args()) args.push_back(std::move(arg));
  }
  args.insert(args.end(), {"--listen", "127.0.0.1:0", "--static-dir", folder_});
  // On PostgreSQL the key sealing mailbox passwords and shop secrets is a file of its own (on
  // SQLite it sits beside the database), kept in the folder across restarts.
  if (own_store_) args.insert(args.end(), {"--mail-key-file", folder_ + "/mail.key"});
  args.insert(args.end(), extra_args_.begin(), extra_args_.end());
  pid_ = spawn(args, &output_fd_);
  const std::string line = read_line(output_fd_, std::chrono::seconds(20));
  const auto colon = line.rfind(':');
  if (line.rfind("listening on ", 0) != 0 || colon == std::string::npos) {
    crash();
    throw std::runtime_error("kefu serve did not start: '" + line + "'");
  }
  port_ = static_cast<unsigned short>(std::stoi(line.substr(colon + 1)));
}

bool TestServer::choose_store() {
  for (std::size_t i = 0; i + 1 < extra_args_.size(); ++i) {
    if (extra_args_[i] == "--store") {
      store_uri_ = extra_args_[i + 1];
      store_named_ = true;
      return false;
    }
  }
  own_store_ = testing_on_postgres();
  return own_store_;
}

const std::string& TestServer::database() const {
  if (on_postgres()) {
    throw std::logic_error("TestServer::database(): this server is on PostgreSQL (" + store_uri_ +
                           "): read it through reader()");
  }
  return database_;
}

std::vector<std::string> TestServer::store_args() const {
  if (on_postgres()) return {"--store", store_uri_};
  return {"--db", database_};
}

std::vector<std::string> TestServer::on_database(std::vector<std::string> words,
                                                 const std::vector<std::string>& rest) const {
  for (auto& arg : store_args()) words.push_back(std::move(arg));
  words.insert(words.end(), rest.begin(), rest.end());
  return words;
}

std::unique_ptr<sql::Connection> TestServer::reader() const {
  if (on_postgres()) return sql::open_connection(store_uri_);
  return std::make_unique<sql::SqliteConnection>(database_, SQLite::OPEN_READONLY);
}

std::unique_ptr<sql::Connection> TestServer::writer() const {
  return sql::open_connection(location());
}

void TestServer::stop() {
  if (pid_ <= 0) return;
  kill(pid_, SIGTERM);
  exit_status_ = reap(pid_, std::chrono::seconds(20));
  pid_ = -1;
  close(output_fd_);
}

void TestServer::crash() {
  if (pid_ <= 0) return;
  kill(pid_, SIGKILL);
  int status = 0;
  waitpid(pid_, &status, 0);
  exit_status_ = -1;
  pid_ = -1;
  close(output_fd_);
}

}  // namespace kefu::testing
