#include "server/care/outbox_care_mailer.hpp"

#include <stdexcept>

namespace kefu::care {

bool OutboxCareMailer::ready() {
  return facts_.mail_sender().has_value();
}

std::string OutboxCareMailer::queue(const CareMail& care) {
  const auto sender = facts_.mail_sender();
  if (!sender) throw std::runtime_error("care: the shop has no mailbox to send from");
  mail::Mailbox mailbox;
  mailbox.id = sender->mailbox_id;
  mailbox.address = sender->address;
  mailbox.display_name = sender->display_name;
  const auto composed =
      composer_.compose(mailbox, mail::Notice{care.address, care.subject, care.text,
                                              "care." + std::to_string(care.job_id), care.at});
  mail::OutboxEntry entry;
  entry.conversation_id = kNoConversation;
  entry.seq = care.job_id;
  entry.mailbox_id = sender->mailbox_id;
  entry.recipient = care.address;
  entry.message_id = composed.message_id;
  entry.raw = composed.raw;
  entry.next_attempt_at = care.at;
  entry.created_at = care.at;
  outbox_->queue(kNoConversation, 0, entry);
  return composed.message_id;
}

void OutboxCareMailer::forget(std::int64_t job_id) {
  outbox_->forget(kNoConversation, job_id);
}

}  // namespace kefu::care
