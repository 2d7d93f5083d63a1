#pragma once

#include <string>

#include "server/mail/mail_records.hpp"

namespace kefu::mail {

// How one SMTP transaction ended.
struct SmtpOutcome {
  enum class Kind {
    sent,       // the server took the message (250 after DATA)
    retry,      // nothing was handed over (no connection, TLS or login failed, 4xx): try later
    refused,    // the server refused it for good (5xx)
    uncertain,  // the connection broke mid-transaction: it may have arrived
  };
  Kind kind = Kind::sent;
  std::string error;  // for the agent, empty when sent
};

// Sends a message by SMTP with libcurl: smtp:// with STARTTLS required ("starttls") or plain
// ("none", loopback and tests only), smtps:// for TLS from the first byte ("tls"); the
// mailbox's login when it has one. Certificates are verified against the system's store, or
// `ca_file` when set. Blocks for up to a minute: call it from the mail thread. Thread-safe.
class SmtpSender {
 public:
  explicit SmtpSender(std::string ca_file = "") : ca_file_(std::move(ca_file)) {}
  SmtpOutcome send(const Mailbox& mailbox, const std::string& password,
                   const std::string& recipient, const std::string& raw) const;

 private:
  std::string ca_file_;
};

// Makes sure libcurl is initialised (once per process).
void use_curl();

}  // namespace kefu::mail
