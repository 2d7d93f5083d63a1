#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace kefu::mail {

// A shop mailbox connected to a queue by an admin (docs/protocol.md, "Admin: mailboxes").
struct Mailbox {
  std::int64_t id = 0;
  std::string name;          // what `kefu mail receive --mailbox NAME` names
  std::string address;       // the shop's address: From of every reply
  std::string display_name;  // the From's name, e.g. "Tea Shop support"
  std::string queue;         // where its new conversations wait
  std::string smtp_url;      // smtp://host:port (STARTTLS or none) or smtps://host:port (TLS)
  // For SMTP and IMAP: "starttls" (STARTTLS required), "tls" (smtps://, imaps://) or "none"
  // (no TLS; for loopback only).
  std::string security = "starttls";
  std::string imap_url;  // imap://host:port or imaps://host:port; empty: none
  std::string imap_folder = "INBOX";
  std::string login;            // for SMTP and IMAP
  std::string sealed_password;  // PasswordSeal::seal output; empty: no password
  std::int64_t created_at = 0;
  std::int64_t updated_at = 0;
};

// A received message waiting to be filed.
struct InboxEntry {
  std::int64_t id = 0;
  std::int64_t mailbox_id = 0;
  std::string raw;     // the RFC 5322 message as received
  std::string source;  // "pipe" or "imap"
  std::int64_t received_at = 0;
};

// The mail side of a conversation that came in (or goes out) by e-mail.
struct MailThread {
  std::int64_t conversation_id = 0;
  std::int64_t mailbox_id = 0;
  std::string token;                    // in the Reply-To address and the subject of every reply
  std::string address;                  // the customer's address
  std::string subject;                  // of the first message
  std::int64_t queued_through_seq = 0;  // agent messages up to here are in the outbox
};

// One reply waiting for, in or past its SMTP delivery. States: queued (to send at
// next_attempt_at), sending (claimed before the SMTP transaction), sent, failed (the server
// refused it for good, or retries ran out), uncertain (a crash or a broken connection during
// the transaction: it may or may not have arrived, so it is never sent again by itself).
struct OutboxEntry {
  std::int64_t id = 0;
  std::int64_t conversation_id = 0;
  std::int64_t seq = 0;
  std::int64_t mailbox_id = 0;
  std::string recipient;
  std::string message_id;
  std::string raw;
  std::string state = "queued";
  int attempts = 0;
  std::int64_t next_attempt_at = 0;
  std::string error;
  std::int64_t created_at = 0;
  std::int64_t updated_at = 0;
};

}  // namespace kefu::mail
