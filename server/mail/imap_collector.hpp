#pragma once

#include <cstdint>
#include <memory>
#include <stdexcept>
#include <string>
#include <vector>

#include "server/mail/mail_records.hpp"

namespace kefu::mail {

// The IMAP server could not be reached or refused a command.
struct ImapFailed : std::runtime_error {
  using std::runtime_error::runtime_error;
};

// One IMAP session with a mailbox's folder, spoken by libcurl (one easy handle, so its commands
// share one connection and login). libcurl offers no IDLE, so Kefu polls: MailService opens a
// session every poll interval. The few untagged answers curl hands back verbatim (STATUS,
// SEARCH) are read for their numbers only. Blocking; not thread-safe.
class ImapCollector {
 public:
  // `ca_file`: certificates to trust instead of the system's (tests). Throws ImapFailed when
  // libcurl cannot start.
  ImapCollector(const Mailbox& mailbox, std::string password, std::string ca_file = "");
  ~ImapCollector();
  ImapCollector(const ImapCollector&) = delete;
  ImapCollector& operator=(const ImapCollector&) = delete;

  // The folder's UIDVALIDITY (RFC 3501): UIDs are only comparable while it stays the same.
  std::int64_t uid_validity();
  // The UIDs of the folder's messages without \Seen, ascending.
  std::vector<std::int64_t> unseen();
  // The message's bytes (UID FETCH BODY[], which also sets \Seen on the server).
  std::string fetch(std::int64_t uid);
  // Sets \Seen on the message, so no later poll takes it again.
  void mark_seen(std::int64_t uid);

 private:
  // Runs one request on `url_suffix` (appended to the folder's URL, or to the server's when
  // `on_server`) with an optional custom command; returns what the server wrote back.
  std::string request(const std::string& url_suffix, const std::string& command, bool on_server);

  Mailbox mailbox_;
  std::string password_;
  std::string ca_file_;
  std::string folder_url_;
  std::string server_url_;
  void* curl_ = nullptr;
};

}  // namespace kefu::mail
