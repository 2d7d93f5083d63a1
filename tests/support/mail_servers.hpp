#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace kefu::testing {

// A self-signed certificate for 127.0.0.1 (CN and subjectAltName), made with the openssl tool
// in a fresh temporary folder, removed with it.
struct SelfSignedCertificate {
  SelfSignedCertificate();
  ~SelfSignedCertificate();
  SelfSignedCertificate(const SelfSignedCertificate&) = delete;
  SelfSignedCertificate& operator=(const SelfSignedCertificate&) = delete;
  std::string folder;
  std::string cert;  // PEM, also what a client trusts
  std::string key;
};

// A real SMTP server (aiosmtpd, tests/support/smtp_sink.py) on 127.0.0.1 with an ephemeral
// port, keeping what it accepts in a temporary folder. Stops with the object.
class SmtpSink {
 public:
  struct Options {
    const SelfSignedCertificate* certificate = nullptr;  // STARTTLS required
    std::string login;                                   // "user:password": AUTH required
    int defer = 0;                                       // the first N messages get 451
    double delay_s = 0;  // each message is kept, then answered after this long
  };
  explicit SmtpSink(Options options);
  SmtpSink() : SmtpSink(Options{}) {}
  ~SmtpSink();
  SmtpSink(const SmtpSink&) = delete;
  SmtpSink& operator=(const SmtpSink&) = delete;

  unsigned short port() const { return port_; }
  // The messages accepted so far, in order, once there are at least `count` (or after the
  // timeout, however many there are).
  std::vector<std::string> messages(std::size_t count, int timeout_ms = 10000) const;
  // The envelope recipients of the n-th message (from 1).
  std::string recipients(std::size_t n) const;

 private:
  std::string folder_;
  int pid_ = -1;
  int stdin_fd_ = -1;
  unsigned short port_ = 0;
};

// A real IMAP server (Dovecot, Debian's dovecot-imapd) on 127.0.0.1 with an ephemeral port,
// run from a temporary folder with one user; stops with the object.
class ImapServer {
 public:
  ImapServer(std::string user, std::string password);
  ~ImapServer();
  ImapServer(const ImapServer&) = delete;
  ImapServer& operator=(const ImapServer&) = delete;
  unsigned short port() const { return port_; }
  // Puts `message` into the user's INBOX as a new, unseen message (IMAP APPEND), as if it had
  // been delivered.
  void deliver(const std::string& message) const;
  // Runs tests/support/imap_client.py with these arguments against the server (APPEND, SEARCH
  // and FLAGS as a mail client would); returns its standard output.
  std::string client(const std::string& arguments) const;
  // How many logins of the user Dovecot has refused so far (its log's "auth failed" lines).
  int refused_logins() const;
  // True once refused_logins() reaches `count`; false if it has not after `timeout_ms`.
  bool wait_for_refused_logins(int count, int timeout_ms = 20000) const;

 private:
  std::string folder_;
  std::string user_;
  std::string password_;
  unsigned short port_ = 0;
};

// The contents of tests/data/mail/NAME.
std::string mail_fixture(const std::string& name);

// `kefu mail receive --db DATABASE --mailbox MAILBOX` with `message` on standard input; its exit
// status.
int pipe_mail(const std::string& database, const std::string& mailbox, const std::string& message);

// The first column of the first row of `sql` (an integer) once it equals `expected`, or its last
// value after `timeout_ms`.
std::int64_t wait_for_value(const std::string& database, const std::string& sql,
                            std::int64_t expected, int timeout_ms = 10000);

// The same for a text value.
std::string wait_for_text(const std::string& database, const std::string& sql,
                          const std::string& expected, int timeout_ms = 10000);

}  // namespace kefu::testing
