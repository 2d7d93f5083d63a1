#pragma once

#include "server/mail/mail_attachment_shelf.hpp"
#include "server/store/sql/connection.hpp"

namespace kefu::mail {

// MailAttachmentShelf over the table mail_shelved_attachments (migration step 16), on the
// neutral SQL layer (either engine). Uses the connection it is given, on one thread.
class SqliteMailAttachmentShelf final : public MailAttachmentShelf {
 public:
  explicit SqliteMailAttachmentShelf(sql::Connection& db) : db_(db) {}

  std::int64_t keep(const ShelvedAttachment& attachment) override;
  std::vector<ShelvedAttachment> of_conversation(std::int64_t conversation_id) override;
  std::vector<std::string> forget_customers(const std::vector<std::int64_t>& customers) override;

 private:
  sql::Connection& db_;
};

}  // namespace kefu::mail
