#pragma once

#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "server/mail/imap_collector.hpp"
#include "server/mail/mail_filer.hpp"
#include "server/mail/password_seal.hpp"
#include "server/mail/reply_composer.hpp"
#include "server/mail/smtp_sender.hpp"
#include "server/mail/sqlite_mail_attachment_shelf.hpp"
#include "server/mail/sqlite_mail_inbox.hpp"
#include "server/mail/sqlite_mail_outbox.hpp"
#include "server/mail/sqlite_mail_threads.hpp"
#include "server/mail/sqlite_mailboxes.hpp"
#include "server/store/sql/connection.hpp"
#include "server/workspace/sqlite_attachment_store.hpp"

namespace kefu::net {

class ServerState;

// The e-mail channel's worker (docs/architecture.md, "E-mail"): one thread of its own, with its
// own connection to the database (sql::open_connection: the SQLite file, or PostgreSQL), because
// libcurl's SMTP and IMAP calls block. Each turn (at least every 250 ms, at once after wake()) it
// 1. files the mail inbox (MailFiler), handing arrivals to the desk strand and new senders'
//    customers to the back office strand, waiting for each to be durable;
// 2. takes the agents' new replies on e-mail conversations from the store (the conversation's
//    messages after its thread's queued_through_seq) into the outbox, composed (ReplyComposer)
//    with the files staff attached to the conversation since the agent's reply before;
// 3. sends what is due (SmtpSender), claiming each entry durably first, retrying refusals for
//    a while (kMaxAttempts, doubling from retry_ms), and telling the agent of each change
//    (`mail_delivery` frame);
// 4. every poll_ms, collects each mailbox's IMAP folder into the inbox (ImapCollector).
// At start, replies this worker left "sending" (a crash) become "uncertain" (never sent twice);
// so do, at each turn, those of another node whose claim's lease ran out. Nodes sharing one
// database each claim what they file and send (MailInbox::take_next, MailOutbox::claim_next),
// under their worker name (the host's).
class MailService : private mail::FilingDesk {
 public:
  static constexpr int kMaxAttempts = 8;

  struct Settings {
    std::string database;            // the store's location: a SQLite file or a postgresql:// URI
    std::string key_file;            // the mailbox passwords' key (ServeSettings::mail_key_path)
    std::string ca_file;             // certificates to trust for SMTP/IMAP (tests); "": system's
    std::int64_t poll_ms = 60'000;   // IMAP polling interval (libcurl has no IDLE)
    std::int64_t retry_ms = 60'000;  // first retry after a refusal; doubles each time
  };

  MailService(ServerState& state, Settings settings);
  ~MailService();
  MailService(const MailService&) = delete;
  MailService& operator=(const MailService&) = delete;

  void start();
  // Stops the thread after its current step (a desk wait gives up at once) and joins it.
  void stop();
  // Runs a turn soon (new mail in the inbox, a new reply).
  void wake();

  // A ticket from the widget's form left the customer's address (POST /api/tickets): its
  // agent's replies go by mail from the shop's first mailbox (by name), if there is one.
  // `through_seq`: the ticket's own message. Thread-safe.
  void adopt_ticket(std::int64_t conversation_id, std::string address, std::string subject,
                    std::int64_t through_seq);

  // Sealing of mailbox passwords (for the admin routes; thread-safe).
  const mail::PasswordSeal& seal() const { return seal_; }

 private:
  void run();
  void turn();
  void file_inbox();
  void take_adopted_tickets();
  void take_replies();
  // Replies left "sending" by this worker's previous run or past another's lease become
  // "uncertain"; their agents are told.
  void settle_abandoned();
  void send_due();
  void collect_imap();
  void tell_agent(const mail::OutboxEntry& entry);
  std::int64_t now() const;

  // FilingDesk
  std::int64_t new_customer(const std::string& address, const std::string& name) override;
  EmailFiled file(EmailArrival arrival) override;
  void keep_attachments(std::int64_t conversation_id, std::int64_t customer_id,
                        const std::vector<mail::SortedAttachment>& attachments) override;
  // The files staff attached to the conversation after `after_ms` and up to `through_ms`.
  std::vector<mail::ReplyFile> files_for_reply(std::int64_t conversation_id, std::int64_t after_ms,
                                               std::int64_t through_ms);

  ServerState& state_;
  Settings settings_;
  mail::PasswordSeal seal_;
  // This node's mail worker: the host's name, unique among the nodes sharing a database and
  // the same across the node's restarts (claims it left are its own to settle at start).
  std::string worker_;
  std::unique_ptr<sql::Connection> db_;  // on the mail thread
  std::unique_ptr<mail::SqliteMailboxes> mailboxes_;
  std::unique_ptr<mail::SqliteMailInbox> inbox_;
  std::unique_ptr<mail::SqliteMailThreads> threads_;
  std::unique_ptr<mail::SqliteMailOutbox> outbox_;
  std::unique_ptr<mail::SqliteMailAttachmentShelf> shelf_;
  std::unique_ptr<workspace::SqliteAttachmentStore> attachments_;
  std::unique_ptr<mail::MailFiler> filer_;
  mail::ReplyComposer composer_;
  mail::SmtpSender sender_;
  std::int64_t next_poll_at_ = 0;
  std::atomic<bool> stopping_{false};
  std::mutex mutex_;
  std::condition_variable woken_;
  bool wake_ = false;                      // GUARDED_BY(mutex_)
  std::vector<mail::MailThread> adopted_;  // GUARDED_BY(mutex_)
  std::thread thread_;
};

}  // namespace kefu::net
