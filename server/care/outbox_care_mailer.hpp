#pragma once

#include <memory>

#include "server/care/care_facts.hpp"
#include "server/care/care_mailer.hpp"
#include "server/mail/mail_outbox.hpp"
#include "server/mail/notice_composer.hpp"

namespace kefu::care {

// CareMailer through the e-mail channel's outbox (server/mail, docs/architecture.md
// "E-mail"): the mail is composed (NoticeComposer) from the shop's sending mailbox
// (CareFacts::mail_sender) and queued as an outbox entry outside any conversation
// (conversation_id kNoConversation, seq the job's id: UNIQUE, so once per job), in the caller's
// transaction. MailService sends it after the commit, at most once, as it sends replies. The
// facts and the outbox (on the same connection as the caller's unit of work) must outlive it.
class OutboxCareMailer final : public CareMailer {
 public:
  // The outbox entries of care mails have this conversation id (no conversation has it).
  static constexpr std::int64_t kNoConversation = 0;

  OutboxCareMailer(CareFacts& facts, std::unique_ptr<mail::MailOutbox> outbox)
      : facts_(facts), outbox_(std::move(outbox)) {}
  bool ready() override;
  std::string queue(const CareMail& mail) override;
  void forget(std::int64_t job_id) override;

 private:
  CareFacts& facts_;
  std::unique_ptr<mail::MailOutbox> outbox_;
  mail::NoticeComposer composer_;
};

}  // namespace kefu::care
