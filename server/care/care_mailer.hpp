#pragma once

#include <cstdint>
#include <string>

namespace kefu::care {

// A rule's e-mail to a customer (action email_customer), written in the customer's language
// when the job is carried out.
struct CareMail {
  std::int64_t job_id = 0;
  std::int64_t rule_id = 0;
  std::int64_t customer_id = 0;
  std::string address;
  std::string subject;
  std::string text;
  std::int64_t at = 0;
};

// Where the engine hands e-mails to customers. Implementations queue them durably in the
// caller's unit of work (the job's), once per job, for a sender to deliver after it commits.
// Not thread-safe.
class CareMailer {
 public:
  virtual ~CareMailer() = default;
  // True when the shop can send mail now (it has a mailbox to send from).
  virtual bool ready() = 0;
  // Queues the mail; returns its Message-ID. Throws when it cannot (the unit of work fails).
  virtual std::string queue(const CareMail& mail) = 0;
  // Erasure: the job's mail, queued or sent, is removed from where it was queued (its address
  // and text with it); a queued one never leaves. Nothing when the job queued none.
  virtual void forget(std::int64_t job_id) = 0;
};

}  // namespace kefu::care
