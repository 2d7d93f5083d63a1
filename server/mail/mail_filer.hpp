#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>

#include "server/domain/email_arrival.hpp"
#include "server/mail/inbound_attachments.hpp"
#include "server/mail/mail_inbox.hpp"
#include "server/mail/mail_outbox.hpp"
#include "server/mail/mail_reader.hpp"
#include "server/mail/mail_threads.hpp"
#include "server/mail/mailboxes.hpp"

namespace kefu::mail {

// Where the filer hands what it decided: the customers and the desk (MailService in the server).
class FilingDesk {
 public:
  virtual ~FilingDesk() = default;
  // A new customer for a sender Kefu has not seen, named `name` (or the address), holding the
  // address as an unverified email identity: a claim, which raises merge suggestions for the
  // customers holding it verified but never attaches the mail to them. Returns its id.
  virtual std::int64_t new_customer(const std::string& address, const std::string& name) = 0;
  // Hands the arrival to the desk and waits until it is durable (or failed).
  virtual EmailFiled file(EmailArrival arrival) = 0;
  // Keeps a filed mail's attachments for its conversation: the accepted ones in the
  // workspace's attachments (uploaded by the customer), the others on the shelf; every file's
  // bytes are kept. Throws when they could not be (the mail is then filed again, later).
  virtual void keep_attachments(std::int64_t conversation_id, std::int64_t customer_id,
                                const std::vector<SortedAttachment>& attachments) = 0;
};

// What became of one inbox entry.
struct FilingOutcome {
  std::string result;  // "filed", "set_aside" or "retry" (the desk could not store it now)
  std::string reason;  // why it was set aside: "unreadable: <code>", "bounce", "auto_reply: ...",
                       // "loop"
  std::int64_t conversation_id = 0;
  bool opened = false;
  bool reopened = false;
};

// Files received mail, oldest first: reads each message (MailReader), sets aside what no human
// should answer — unreadable messages, delivery failure reports (which mark the failed address
// and the reply that bounced), automatic replies (Auto-Submitted other than "no", Precedence
// bulk/junk/list/auto_reply, X-Autoreply, X-Autorespond) and a sender's messages beyond
// kLoopLimit in an hour — and files the rest: into the conversation its In-Reply-To/References
// or its token names (when the sender is that conversation's address), else as a new ticket
// for the sender's customer (found by address, else created). A message is never answered
// automatically. Its attachments are sorted (sort_attachments): a note under the text names
// each one set aside, and all are handed to FilingDesk::keep_attachments once the message is
// stored (not when its filing was recorded before). Each entry is filed by the worker that
// claimed it (MailInbox::take_next, named `worker`): several nodes' filers may share one inbox.
// Not thread-safe: the mail thread only.
class MailFiler {
 public:
  static constexpr int kLoopLimit = 20;                     // messages a sender may send...
  static constexpr std::int64_t kLoopWindowMs = 3'600'000;  // ...within an hour

  // `attachment_max_bytes`: one attachment's bytes at most (larger ones are set aside);
  // `worker`: this node's mail worker, unique among the nodes sharing the inbox.
  MailFiler(MailInbox& inbox, MailThreads& threads, MailOutbox& outbox, FilingDesk& desk,
            std::function<std::int64_t()> now, std::size_t attachment_max_bytes,
            std::string worker);

  // Files the inbox's oldest entry no other worker holds; nullopt when there is none.
  std::optional<FilingOutcome> file_next();

 private:
  FilingOutcome set_aside(const InboxEntry& entry, const std::string& reason,
                          const InboundMail* mail);
  void note_bounce(const DeliveryFailure& failure);

  MailInbox& inbox_;
  MailThreads& threads_;
  MailOutbox& outbox_;
  FilingDesk& desk_;
  std::function<std::int64_t()> now_;
  std::size_t attachment_max_bytes_;
  std::string worker_;
  MailReader reader_;
};

}  // namespace kefu::mail
