#include "server/mail/mail_filer.hpp"

#include <sodium.h>

#include "server/customers/identity.hpp"
#include "server/mail/conversation_token.hpp"

namespace kefu::mail {
namespace {

constexpr std::size_t kMaxSubjectBytes = 250;

// The desk's client id for a message: from its Message-ID, so that filing it twice (a crash,
// the same mail piped and fetched) stores it once.
std::string client_id_of(const InboundMail& mail, std::int64_t entry_id) {
  if (mail.message_id.empty()) return "mail:entry:" + std::to_string(entry_id);
  unsigned char digest[16];
  crypto_generichash(digest, sizeof digest,
                     reinterpret_cast<const unsigned char*>(mail.message_id.data()),
                     mail.message_id.size(), nullptr, 0);
  char hex[sizeof digest * 2 + 1];
  sodium_bin2hex(hex, sizeof hex, digest, sizeof digest);
  return std::string("mail:") + hex;
}

std::string cut_subject(std::string subject) {
  if (subject.size() <= kMaxSubjectBytes) return subject;
  std::size_t end = kMaxSubjectBytes;
  while (end > 0 && (static_cast<unsigned char>(subject[end]) & 0xC0) == 0x80) --end;
  subject.resize(end);
  return subject;
}

}  // namespace

MailFiler::MailFiler(MailInbox& inbox, MailThreads& threads, MailOutbox& outbox, FilingDesk& desk,
                     std::function<std::int64_t()> now, std::size_t attachment_max_bytes,
                     std::string worker)
    : inbox_(inbox),
      threads_(threads),
      outbox_(outbox),
      desk_(desk),
      now_(std::move(now)),
      attachment_max_bytes_(attachment_max_bytes),
      worker_(std::move(worker)) {}

FilingOutcome MailFiler::set_aside(const InboxEntry& entry, const std::string& reason,
                                   const InboundMail* mail) {
  inbox_.set_aside(entry.id, entry.mailbox_id, reason, mail ? mail->from_address : "",
                   mail ? mail->subject : "", now_());
  FilingOutcome out;
  out.result = "set_aside";
  out.reason = reason;
  return out;
}

void MailFiler::note_bounce(const DeliveryFailure& failure) {
  const auto key = customers::email_match_key(failure.recipient);
  if (!key) return;
  const std::string reason =
      "bounced" + (failure.status.empty() ? "" : " (" + failure.status + ")");
  threads_.mark_bounced(*key, failure.recipient, reason, now_());
  if (failure.original_message_id.empty()) return;
  auto conversation = threads_.conversation_of_message_ids({failure.original_message_id});
  if (!conversation) return;
  for (const auto& reply : outbox_.of_conversation(*conversation)) {
    if (reply.message_id == failure.original_message_id) {
      outbox_.mark_failed(reply.id, "the customer's mail server returned it: " + reason, now_());
    }
  }
}

std::optional<FilingOutcome> MailFiler::file_next() {
  auto entry = inbox_.take_next(now_(), worker_, MailInbox::kLeaseMs);
  if (!entry) return std::nullopt;
  InboundMail mail;
  try {
    mail = reader_.read(entry->raw);
  } catch (const MailRefused& refused) {
    return set_aside(*entry, "unreadable: " + refused.code, nullptr);
  }
  if (mail.failure) {
    note_bounce(*mail.failure);
    return set_aside(*entry, "bounce", &mail);
  }
  const auto sender_key = customers::email_match_key(mail.from_address);
  if (!sender_key) return set_aside(*entry, "unreadable: no_sender", &mail);
  if (!mail.automatic.empty()) return set_aside(*entry, "auto_reply: " + mail.automatic, &mail);
  if (threads_.note_sender_message(*sender_key, now_(), kLoopWindowMs) > kLoopLimit) {
    return set_aside(*entry, "loop", &mail);
  }

  // Threading: a Message-ID Kefu received or sent, else the token; only for the address the
  // conversation is with (anyone can copy a subject).
  std::optional<MailThread> thread;
  std::vector<std::string> own = {mail.message_id};
  const bool recorded_before =
      !mail.message_id.empty() && threads_.conversation_of_message_ids(own).has_value();
  if (recorded_before) {
    // Filed before: the desk stored it then (its client id makes this a no-op there too).
    auto conversation = threads_.conversation_of_message_ids(own);
    thread = threads_.thread_of(*conversation);
  }
  if (!thread) {
    if (auto conversation = threads_.conversation_of_message_ids(mail.references)) {
      thread = threads_.thread_of(*conversation);
    }
  }
  if (!thread) {
    if (auto token = token_in(mail)) thread = threads_.thread_by_token(*token);
  }
  if (thread) {
    const auto thread_key = customers::email_match_key(thread->address);
    if (!thread_key || *thread_key != *sender_key) thread.reset();
  }

  std::int64_t customer_id = 0;
  if (auto known = threads_.customer_of_sender(*sender_key)) {
    customer_id = *known;
  } else {
    customer_id = desk_.new_customer(mail.from_address, mail.from_name);
  }

  EmailArrival arrival;
  arrival.customer_id = customer_id;
  if (thread) arrival.conversation_id = thread->conversation_id;
  arrival.subject = cut_subject(mail.subject.empty() ? "(no subject)" : mail.subject);
  const auto attachments = sort_attachments(std::move(mail.attachments), attachment_max_bytes_);
  arrival.text = mail.text.empty() ? (attachments.empty() ? "(no text)" : "") : mail.text;
  if (const auto note = set_aside_note(attachments); !note.empty()) {
    arrival.text += (arrival.text.empty() ? "" : "\n\n") + note;
  }
  if (arrival.text.empty()) arrival.text = "(attachments only)";
  arrival.client_id = client_id_of(mail, entry->id);
  const EmailFiled filed = desk_.file(std::move(arrival));
  FilingOutcome out;
  if (!filed.ok) {
    out.result = "retry";
    out.reason = filed.error;
    return out;
  }
  // Kept unless this message's filing was recorded before (a crash after the desk stored it but
  // before its filing was recorded keeps them now).
  if (!recorded_before && !attachments.empty()) {
    desk_.keep_attachments(filed.conversation_id, customer_id, attachments);
  }
  Filing filing;
  filing.inbox_entry_id = entry->id;
  filing.message_id = mail.message_id;
  filing.sender_key = *sender_key;
  filing.customer_id = customer_id;
  filing.at = now_();
  if (thread && thread->conversation_id == filed.conversation_id) {
    filing.thread = *thread;
  } else {
    filing.thread.conversation_id = filed.conversation_id;
    filing.thread.mailbox_id = entry->mailbox_id;
    filing.thread.token = new_conversation_token();
    filing.thread.address = mail.from_address;
    filing.thread.subject = cut_subject(mail.subject);
    filing.thread.queued_through_seq = filed.seq;
  }
  threads_.record_filing(filing);
  threads_.clear_bounce(*sender_key);
  out.result = "filed";
  out.conversation_id = filed.conversation_id;
  out.opened = filed.opened;
  out.reopened = filed.reopened;
  return out;
}

}  // namespace kefu::mail
