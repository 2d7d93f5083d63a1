#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "server/mail/mail_records.hpp"

namespace kefu::mail {

// What filing one received message stores besides the desk's conversation and message.
struct Filing {
  std::int64_t inbox_entry_id = 0;  // leaves the inbox
  MailThread thread;                // created when the conversation has none yet
  std::string message_id;           // the message's own Message-ID (may be empty)
  std::string sender_key;           // the sender's address match key
  std::int64_t customer_id = 0;     // the customer behind the sender
  std::int64_t at = 0;
};

// The threading of e-mail conversations: tokens, Message-IDs, the customer behind each sender,
// senders' recent volume (loops), bounced addresses. Each call is atomic. Not thread-safe.
class MailThreads {
 public:
  virtual ~MailThreads() = default;
  virtual std::optional<MailThread> thread_of(std::int64_t conversation_id) = 0;
  virtual std::optional<MailThread> thread_by_token(const std::string& token) = 0;
  // The conversation of the first of `message_ids` that Kefu received or sent, if any.
  virtual std::optional<std::int64_t> conversation_of_message_ids(
      const std::vector<std::string>& message_ids) = 0;
  // The Message-IDs of the conversation's mail, oldest first (at most the last `limit`).
  virtual std::vector<std::string> message_ids_of(std::int64_t conversation_id, int limit) = 0;
  // The customer who sent mail from this address before, if any.
  virtual std::optional<std::int64_t> customer_of_sender(const std::string& sender_key) = 0;
  // How many messages the sender sent within `window_ms` before `now`, counting this one
  // (noted here): a loop shows as many messages in little time.
  virtual int note_sender_message(const std::string& sender_key, std::int64_t now,
                                  std::int64_t window_ms) = 0;
  // Starts the mail side of a conversation that did not come in by mail (a ticket from the
  // widget's form with the customer's address); nothing changes when it has one already.
  virtual void start_thread(const MailThread& thread) = 0;
  // Stores a filed message in one transaction: the thread (if new), the Message-ID, the
  // sender's customer, and removes the inbox entry. A Message-ID stored before is kept.
  virtual void record_filing(const Filing& filing) = 0;
  // Marks an address as bouncing (a delivery failure report named it), or refreshes the mark.
  virtual void mark_bounced(const std::string& match_key, const std::string& address,
                            const std::string& reason, std::int64_t now) = 0;
  // The address works again (mail came from it): forgets its bounce.
  virtual void clear_bounce(const std::string& match_key) = 0;
  // Why the address bounced, if it did.
  virtual std::optional<std::string> bounce_of(const std::string& match_key) = 0;
  // Threads whose conversation has agent messages after queued_through_seq (replies the outbox
  // has not taken yet), at most `limit`.
  virtual std::vector<MailThread> threads_behind(int limit) = 0;
  // Erasure (docs/security/erasure.md), inside the caller's transaction: the threads of these
  // customers' conversations keep their token but lose their address and subject, the outbox
  // entries of those conversations (replies to them, queued or sent) are deleted, and so are
  // the customers' sender rows (their addresses) and those addresses' bounces.
  virtual void forget_customers(const std::vector<std::int64_t>& customers) = 0;
};

}  // namespace kefu::mail
