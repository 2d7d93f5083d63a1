#include "tests/bench/postgres_outage.hpp"

#include <fcntl.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <stdexcept>
#include <thread>
#include <vector>

namespace kefu::load {
namespace {

const std::string kBin = "/usr/lib/postgresql/15/bin/";

// The command's argv, run as the `postgres` user when we are root (PostgreSQL refuses root),
// through setpriv, which also sets the parent-death signal after the change of user.
std::vector<std::string> as_server(std::vector<std::string> argv, const char* death_signal) {
  std::vector<std::string> out{"/usr/bin/setpriv"};
  if (::getuid() == 0) {
    for (const char* a : {"--reuid=postgres", "--regid=postgres", "--clear-groups"}) {
      out.push_back(a);
    }
  }
  if (death_signal != nullptr) {
    out.push_back("--pdeathsig");
    out.push_back(death_signal);
  }
  out.push_back("--");
  out.insert(out.end(), argv.begin(), argv.end());
  return out;
}

pid_t spawn(std::vector<std::string> args, const std::string& log) {
  std::vector<char*> argv;
  for (auto& a : args) argv.push_back(a.data());
  argv.push_back(nullptr);
  const pid_t parent = ::getpid();
  const pid_t pid = ::fork();
  if (pid < 0) throw std::runtime_error("postgres outage: fork failed");
  if (pid == 0) {
    ::prctl(PR_SET_PDEATHSIG, SIGKILL);  // setpriv itself, until it execs the server
    if (::getppid() != parent) ::_exit(1);
    const int null = ::open("/dev/null", O_RDWR);
    const int out = ::open(log.c_str(), O_WRONLY | O_CREAT | O_APPEND, 0644);
    ::dup2(null, STDIN_FILENO);
    ::dup2(out >= 0 ? out : null, STDOUT_FILENO);
    ::dup2(out >= 0 ? out : null, STDERR_FILENO);
    ::execv(argv[0], argv.data());
    ::_exit(127);
  }
  return pid;
}

int wait_for(pid_t pid) {
  int status = 0;
  while (::waitpid(pid, &status, 0) < 0 && errno == EINTR) {
  }
  return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

}  // namespace

PostgresOutage::PostgresOutage(std::string folder, int port)
    : folder_(std::move(folder)), port_(port) {}

PostgresOutage::~PostgresOutage() {
  stop_own();
}

void PostgresOutage::stop_immediately() {
  const int code = wait_for(
      spawn(as_server({kBin + "pg_ctl", "stop", "-D", folder_ + "/data", "-m", "immediate", "-w"},
                      nullptr),
            folder_ + "/outage.log"));
  if (code != 0) throw std::runtime_error("pg_ctl stop -m immediate failed (" + folder_ + ")");
  if (postmaster_ > 0) {
    wait_for(postmaster_);
    postmaster_ = -1;
  }
}

void PostgresOutage::start_again() {
  postmaster_ = spawn(
      as_server({kBin + "postgres", "-D", folder_ + "/data", "-p", std::to_string(port_), "-k",
                 folder_, "-c", "listen_addresses=127.0.0.1", "-c", "max_connections=200", "-c",
                 "shared_buffers=32MB", "-c", "log_min_messages=warning"},
                "SIGINT"),
      folder_ + "/log");
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(30);
  const std::string port = std::to_string(port_);
  while (wait_for(spawn({kBin + "pg_isready", "-q", "-h", folder_, "-p", port},
                        folder_ + "/outage.log")) != 0) {
    int status = 0;
    if (::waitpid(postmaster_, &status, WNOHANG) == postmaster_) {
      postmaster_ = -1;
      throw std::runtime_error("postgres outage: the postmaster exited at start (" + folder_ +
                               "/log)");
    }
    if (std::chrono::steady_clock::now() > deadline) {
      throw std::runtime_error("postgres outage: PostgreSQL did not come back within 30 s");
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
}

void PostgresOutage::stop_own() {
  if (postmaster_ <= 0) return;
  ::kill(postmaster_, SIGINT);
  wait_for(postmaster_);
  postmaster_ = -1;
}

}  // namespace kefu::load
