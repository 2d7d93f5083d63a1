#include "server/mail/sqlite_mail_attachment_shelf.hpp"

#include "server/store/sql/statement.hpp"

namespace kefu::mail {

std::int64_t SqliteMailAttachmentShelf::keep(const ShelvedAttachment& a) {
  sql::Statement s(db_,
                   "INSERT INTO mail_shelved_attachments(conversation_id, customer_id, name, "
                   "declared_type, size, file_key, reason, at) VALUES (?, ?, ?, ?, ?, ?, ?, ?) "
                   "RETURNING id");
  s.bind(1, a.conversation_id).bind(2, a.customer_id).bind(3, a.name).bind(4, a.declared_type);
  s.bind(5, a.size).bind(6, a.file_key).bind(7, a.reason).bind(8, a.at);
  return *s.insert_returning_id();
}

std::vector<ShelvedAttachment> SqliteMailAttachmentShelf::of_conversation(
    std::int64_t conversation_id) {
  sql::Statement s(db_,
                   "SELECT id, conversation_id, customer_id, name, declared_type, size, "
                   "file_key, reason, at FROM mail_shelved_attachments "
                   "WHERE conversation_id = ? ORDER BY id");
  s.bind(1, conversation_id);
  std::vector<ShelvedAttachment> out;
  while (s.step()) {
    out.push_back(ShelvedAttachment{s.column(0).int64(), s.column(1).int64(), s.column(2).int64(),
                                    s.column(3).text(), s.column(4).text(), s.column(5).int64(),
                                    s.column(6).text(), s.column(7).text(), s.column(8).int64()});
  }
  return out;
}

std::vector<std::string> SqliteMailAttachmentShelf::forget_customers(
    const std::vector<std::int64_t>& customers) {
  std::vector<std::string> keys;
  sql::Statement select(db_, "SELECT file_key FROM mail_shelved_attachments WHERE customer_id = ?");
  sql::Statement remove(db_, "DELETE FROM mail_shelved_attachments WHERE customer_id = ?");
  for (const auto customer : customers) {
    select.reset();
    select.bind(1, customer);
    while (select.step()) keys.push_back(select.column(0).text());
    remove.reset();
    remove.bind(1, customer);
    remove.exec();
  }
  return keys;
}

}  // namespace kefu::mail
