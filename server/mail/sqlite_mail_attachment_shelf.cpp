#include "server/mail/sqlite_mail_attachment_shelf.hpp"

#include <SQLiteCpp/Statement.h>

namespace kefu::mail {

std::int64_t SqliteMailAttachmentShelf::keep(const ShelvedAttachment& a) {
  SQLite::Statement s(db_,
                      "INSERT INTO mail_shelved_attachments(conversation_id, customer_id, name, "
                      "declared_type, size, file_key, reason, at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)");
  s.bind(1, a.conversation_id);
  s.bind(2, a.customer_id);
  s.bind(3, a.name);
  s.bind(4, a.declared_type);
  s.bind(5, a.size);
  s.bind(6, a.file_key);
  s.bind(7, a.reason);
  s.bind(8, a.at);
  s.exec();
  return db_.getLastInsertRowid();
}

std::vector<ShelvedAttachment> SqliteMailAttachmentShelf::of_conversation(
    std::int64_t conversation_id) {
  SQLite::Statement s(db_,
                      "SELECT id, conversation_id, customer_id, name, declared_type, size, "
                      "file_key, reason, at FROM mail_shelved_attachments "
                      "WHERE conversation_id = ? ORDER BY id");
  s.bind(1, conversation_id);
  std::vector<ShelvedAttachment> out;
  while (s.executeStep()) {
    out.push_back(ShelvedAttachment{
        s.getColumn(0).getInt64(), s.getColumn(1).getInt64(), s.getColumn(2).getInt64(),
        s.getColumn(3).getString(), s.getColumn(4).getString(), s.getColumn(5).getInt64(),
        s.getColumn(6).getString(), s.getColumn(7).getString(), s.getColumn(8).getInt64()});
  }
  return out;
}

std::vector<std::string> SqliteMailAttachmentShelf::forget_customers(
    const std::vector<std::int64_t>& customers) {
  std::vector<std::string> keys;
  SQLite::Statement select(db_,
                           "SELECT file_key FROM mail_shelved_attachments WHERE customer_id = ?");
  SQLite::Statement remove(db_, "DELETE FROM mail_shelved_attachments WHERE customer_id = ?");
  for (const auto customer : customers) {
    select.reset();
    select.bind(1, customer);
    while (select.executeStep()) keys.push_back(select.getColumn(0).getString());
    remove.reset();
    remove.bind(1, customer);
    remove.exec();
  }
  return keys;
}

}  // namespace kefu::mail
