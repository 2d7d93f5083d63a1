#include "tests/support/mail_servers.hpp"

#include <SQLiteCpp/Database.h>
#include <netinet/in.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <thread>

namespace kefu::testing {
namespace {

// Debian's Python, which has Debian's python3-aiosmtpd (not a python3 earlier on the PATH).
constexpr const char* kPython = "/usr/bin/python3";

std::string temporary_folder() {
  char pattern[] = "/tmp/kefu-mail-XXXXXX";
  if (mkdtemp(pattern) == nullptr) throw std::runtime_error("mkdtemp failed");
  return pattern;
}

std::string read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

std::string quote(const std::string& s) {
  std::string out = "'";
  for (char c : s) {
    if (c == '\'') {
      out += "'\\''";
    } else {
      out += c;
    }
  }
  return out + "'";
}

int shell(const std::string& command) {
  const int status = std::system(command.c_str());
  return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

unsigned short free_port() {
  const int fd = socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in a{};
  a.sin_family = AF_INET;
  a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  bind(fd, reinterpret_cast<sockaddr*>(&a), sizeof a);
  socklen_t n = sizeof a;
  getsockname(fd, reinterpret_cast<sockaddr*>(&a), &n);
  close(fd);
  return ntohs(a.sin_port);
}

}  // namespace

SelfSignedCertificate::SelfSignedCertificate() : folder(temporary_folder()) {
  cert = folder + "/cert.pem";
  key = folder + "/key.pem";
  const std::string command =
      "openssl req -x509 -newkey rsa:2048 -nodes -days 1 -subj /CN=127.0.0.1 -addext "
      "subjectAltName=IP:127.0.0.1 -keyout " +
      quote(key) + " -out " + quote(cert) + " >/dev/null 2>&1";
  if (shell(command) != 0) throw std::runtime_error("openssl could not make a certificate");
}

SelfSignedCertificate::~SelfSignedCertificate() {
  std::error_code ignored;
  std::filesystem::remove_all(folder, ignored);
}

SmtpSink::SmtpSink(Options options) : folder_(temporary_folder()) {
  std::vector<std::string> args = {kPython, KEFU_SOURCE_DIR "/tests/support/smtp_sink.py", folder_};
  if (options.certificate != nullptr) {
    args.insert(args.end(),
                {"--cert", options.certificate->cert, "--key", options.certificate->key});
  }
  if (!options.login.empty()) args.insert(args.end(), {"--login", options.login});
  if (options.defer > 0) args.insert(args.end(), {"--defer", std::to_string(options.defer)});
  if (options.delay_s > 0) args.insert(args.end(), {"--delay", std::to_string(options.delay_s)});
  int in[2];
  int out[2];
  if (pipe(in) != 0 || pipe(out) != 0) throw std::runtime_error("pipe failed");
  pid_ = fork();
  if (pid_ == 0) {
    dup2(in[0], STDIN_FILENO);
    dup2(out[1], STDOUT_FILENO);
    close(in[1]);
    close(out[0]);
    std::vector<char*> argv;
    for (auto& a : args) argv.push_back(a.data());
    argv.push_back(nullptr);
    execv(kPython, argv.data());
    _exit(127);
  }
  close(in[0]);
  close(out[1]);
  stdin_fd_ = in[1];
  std::string line;
  char c = 0;
  while (read(out[0], &c, 1) == 1 && c != '\n') line += c;
  close(out[0]);
  if (line.rfind("port ", 0) != 0) throw std::runtime_error("smtp_sink.py did not start: " + line);
  port_ = static_cast<unsigned short>(std::stoi(line.substr(5)));
}

SmtpSink::~SmtpSink() {
  close(stdin_fd_);
  int status = 0;
  for (int i = 0; i < 100 && waitpid(pid_, &status, WNOHANG) == 0; ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  if (waitpid(pid_, &status, WNOHANG) == 0) {
    kill(pid_, SIGKILL);
    waitpid(pid_, &status, 0);
  }
  std::error_code ignored;
  std::filesystem::remove_all(folder_, ignored);
}

std::vector<std::string> SmtpSink::messages(std::size_t count, int timeout_ms) const {
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(timeout_ms);
  std::vector<std::string> out;
  for (;;) {
    out.clear();
    for (std::size_t n = 1;; ++n) {
      const std::string path = folder_ + "/" + std::to_string(n) + ".eml";
      if (!std::filesystem::exists(path)) break;
      out.push_back(read_file(path));
    }
    if (out.size() >= count || std::chrono::steady_clock::now() > deadline) return out;
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
}

std::string SmtpSink::recipients(std::size_t n) const {
  return read_file(folder_ + "/" + std::to_string(n) + ".rcpt");
}

ImapServer::ImapServer(std::string user, std::string password)
    : folder_(temporary_folder()), user_(std::move(user)), password_(std::move(password)) {
  port_ = free_port();
  const std::string& d = folder_;
  // Dovecot's processes run as the dovecot user: they must reach the folder.
  std::filesystem::permissions(
      d, std::filesystem::perms::owner_all | std::filesystem::perms::group_read |
             std::filesystem::perms::group_exec | std::filesystem::perms::others_read |
             std::filesystem::perms::others_exec);
  std::filesystem::create_directories(d + "/run");
  std::filesystem::create_directories(d + "/mail");
  {
    std::ofstream users(d + "/users");
    users << user_ << ":{PLAIN}" << password_ << "\n";
  }
  std::ofstream conf(d + "/dovecot.conf");
  conf << "base_dir = " << d << "/run\nlisten = 127.0.0.1\nprotocols = imap\nssl = no\n"
       << "disable_plaintext_auth = no\nauth_mechanisms = plain login\nlog_path = " << d
       << "/dovecot.log\nmail_location = maildir:" << d << "/mail/%u\nfirst_valid_uid = 1\n"
       << "passdb {\n  driver = passwd-file\n  args = scheme=PLAIN username_format=%u " << d
       << "/users\n}\nuserdb {\n  driver = static\n  args = uid=dovecot gid=dovecot home=" << d
       << "/mail/%u\n}\nservice imap-login {\n  inet_listener imap {\n    address = 127.0.0.1\n"
       << "    port = " << port_ << "\n  }\n}\n";
  conf.close();
  shell("chown -R dovecot:dovecot " + quote(d + "/mail"));
  if (shell("dovecot -c " + quote(d + "/dovecot.conf")) != 0) {
    throw std::runtime_error("dovecot did not start");
  }
  // Ready once it answers a login.
  for (int i = 0; i < 100; ++i) {
    if (shell(std::string(kPython) +
              " " KEFU_SOURCE_DIR "/tests/support/imap_client.py 127.0.0.1 " +
              std::to_string(port_) + " " + quote(user_) + " " + quote(password_) +
              " count >/dev/null 2>&1") == 0) {
      return;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  throw std::runtime_error("dovecot does not answer");
}

ImapServer::~ImapServer() {
  shell("doveadm -c " + quote(folder_ + "/dovecot.conf") + " stop >/dev/null 2>&1");
  std::error_code ignored;
  std::filesystem::remove_all(folder_, ignored);
}

void ImapServer::deliver(const std::string& message) const {
  const std::string file = folder_ + "/to-deliver.eml";
  {
    std::ofstream out(file, std::ios::binary);
    out << message;
  }
  client("append " + quote(file));
}

std::string ImapServer::client(const std::string& arguments) const {
  const std::string command =
      std::string(kPython) + " " KEFU_SOURCE_DIR "/tests/support/imap_client.py 127.0.0.1 " +
      std::to_string(port_) + " " + quote(user_) + " " + quote(password_) + " " + arguments;
  FILE* p = popen(command.c_str(), "r");
  if (p == nullptr) throw std::runtime_error("popen failed");
  std::string out;
  char buffer[4096];
  std::size_t n = 0;
  while ((n = fread(buffer, 1, sizeof buffer, p)) > 0) out.append(buffer, n);
  if (pclose(p) != 0) throw std::runtime_error("imap_client.py " + arguments + " failed: " + out);
  return out;
}

int ImapServer::refused_logins() const {
  std::ifstream log(folder_ + "/dovecot.log");
  int refused = 0;
  for (std::string line; std::getline(log, line);) {
    if (line.find("auth failed") != std::string::npos &&
        line.find("user=<" + user_ + ">") != std::string::npos) {
      ++refused;
    }
  }
  return refused;
}

bool ImapServer::wait_for_refused_logins(int count, int timeout_ms) const {
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(timeout_ms);
  while (refused_logins() < count) {
    if (std::chrono::steady_clock::now() > deadline) return false;
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  return true;
}

std::string mail_fixture(const std::string& name) {
  return read_file(KEFU_SOURCE_DIR "/tests/data/mail/" + name);
}

int pipe_mail(const std::string& database, const std::string& mailbox, const std::string& message) {
  const std::string folder = temporary_folder();
  const std::string file = folder + "/message.eml";
  {
    std::ofstream out(file, std::ios::binary);
    out << message;
  }
  const int status =
      shell(std::string(KEFU_BIN) + " mail receive --db " + quote(database) + " --mailbox " +
            quote(mailbox) + " < " + quote(file) + " >/dev/null 2>&1");
  std::error_code ignored;
  std::filesystem::remove_all(folder, ignored);
  return status;
}

std::int64_t wait_for_value(const std::string& database, const std::string& sql,
                            std::int64_t expected, int timeout_ms) {
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(timeout_ms);
  std::int64_t value = 0;
  for (;;) {
    {
      SQLite::Database db(database, SQLite::OPEN_READONLY);
      db.setBusyTimeout(1000);
      value = db.execAndGet(sql).getInt64();
    }
    if (value == expected || std::chrono::steady_clock::now() > deadline) return value;
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
}

std::string wait_for_text(const std::string& database, const std::string& sql,
                          const std::string& expected, int timeout_ms) {
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(timeout_ms);
  std::string value;
  for (;;) {
    {
      SQLite::Database db(database, SQLite::OPEN_READONLY);
      db.setBusyTimeout(1000);
      value = db.execAndGet(sql).getString();
    }
    if (value == expected || std::chrono::steady_clock::now() > deadline) return value;
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
}

}  // namespace kefu::testing
