#include "tests/bench/server_process.hpp"

#include <fcntl.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <fstream>
#include <sstream>
#include <stdexcept>

namespace kefu::load {
namespace {

int spawn(const std::vector<std::string>& args, int* stdout_fd, const std::string& error_log = "") {
  int fds[2] = {-1, -1};
  if (stdout_fd != nullptr && pipe2(fds, O_CLOEXEC) != 0) throw std::runtime_error("pipe failed");
  // Built before fork: between fork and exec the child only makes system calls.
  std::vector<std::string> copy = args;
  std::vector<char*> argv;
  for (auto& a : copy) argv.push_back(a.data());
  argv.push_back(nullptr);
  const pid_t parent = getpid();
  const pid_t pid = fork();
  if (pid < 0) throw std::runtime_error("fork failed");
  if (pid == 0) {
    prctl(PR_SET_PDEATHSIG, SIGKILL);
    if (getppid() != parent) _exit(1);  // the parent died before prctl
    if (!error_log.empty()) {
      const int log = open(error_log.c_str(), O_WRONLY | O_CREAT | O_APPEND, 0644);
      if (log >= 0) {
        dup2(log, STDERR_FILENO);
        close(log);
      }
    }
    if (stdout_fd != nullptr) {
      dup2(fds[1], STDOUT_FILENO);
    } else {
      // Set-up commands (demo, user add) talk a lot; their exit status is what counts.
      const int null = open("/dev/null", O_WRONLY);
      dup2(null, STDOUT_FILENO);
      close(null);
    }
    execv(argv[0], argv.data());
    _exit(127);
  }
  if (stdout_fd != nullptr) {
    close(fds[1]);
    *stdout_fd = fds[0];
  }
  return pid;
}

std::string read_line(int fd) {
  std::string line;
  char c = 0;
  while (read(fd, &c, 1) == 1 && c != '\n') line += c;
  return line;
}

}  // namespace

int run_program(const std::vector<std::string>& argv) {
  const int pid = spawn(argv, nullptr);
  int status = 0;
  waitpid(pid, &status, 0);
  return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

ServerProcess::~ServerProcess() {
  stop();
}

void ServerProcess::start(const std::vector<std::string>& argv, const std::string& error_log) {
  pid_ = spawn(argv, &output_fd_, error_log);
  const std::string line = read_line(output_fd_);
  const auto colon = line.rfind(':');
  if (line.rfind("listening on ", 0) != 0 || colon == std::string::npos) {
    crash();
    throw std::runtime_error(argv[0] + " did not start: '" + line + "'");
  }
  port_ = static_cast<unsigned short>(std::stoi(line.substr(colon + 1)));
  // What the child says from now on (a node's "desk: ...", "node gone: ...") goes to its log
  // beside its standard error, as it comes.
  drain_ = std::thread([fd = output_fd_, error_log] {
    const int log = error_log.empty()
                        ? -1
                        : open(error_log.c_str(), O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0644);
    char buffer[4096];
    for (;;) {
      const ssize_t n = read(fd, buffer, sizeof buffer);
      if (n < 0 && errno == EINTR) continue;
      if (n <= 0) break;
      if (log >= 0) {
        const ssize_t written = write(log, buffer, static_cast<std::size_t>(n));
        (void)written;  // a log that cannot be written loses lines, nothing else
      }
    }
    if (log >= 0) close(log);
    close(fd);
  });
  output_fd_ = -1;
}

int ServerProcess::wait_for_exit(int options) {
  int status = 0;
  if (waitpid(pid_, &status, options) != pid_) return -1;
  pid_ = -1;
  if (drain_.joinable()) drain_.join();
  if (output_fd_ >= 0) close(output_fd_);
  output_fd_ = -1;
  return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}

void ServerProcess::stop() {
  if (pid_ <= 0) return;
  kill(pid_, SIGTERM);
  wait_for_exit(0);
}

void ServerProcess::crash() {
  if (pid_ <= 0) return;
  kill(pid_, SIGKILL);
  wait_for_exit(0);
}

void ServerProcess::signal(int sig) {
  if (pid_ > 0) kill(pid_, sig);
}

int ServerProcess::reap() {
  if (pid_ <= 0) return -1;
  return wait_for_exit(WNOHANG);
}

long ServerProcess::rss_kb() const {
  if (pid_ <= 0) return 0;
  std::ifstream status("/proc/" + std::to_string(pid_) + "/status");
  std::string line;
  while (std::getline(status, line)) {
    if (line.rfind("VmRSS:", 0) == 0) return std::stol(line.substr(6));
  }
  return 0;
}

double ServerProcess::cpu_seconds() const {
  if (pid_ <= 0) return 0;
  std::ifstream stat("/proc/" + std::to_string(pid_) + "/stat");
  std::string all((std::istreambuf_iterator<char>(stat)), std::istreambuf_iterator<char>());
  // Fields after the command name (which may hold spaces) start after the last ')'.
  std::istringstream rest(all.substr(all.rfind(')') + 2));
  std::string field;
  long utime = 0, stime = 0;
  for (int i = 3; i <= 15 && rest >> field; ++i) {
    if (i == 14) utime = std::stol(field);
    if (i == 15) stime = std::stol(field);
  }
  return static_cast<double>(utime + stime) / static_cast<double>(sysconf(_SC_CLK_TCK));
}

}  // namespace kefu::load
