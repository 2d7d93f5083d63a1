#include "server/workspace/sqlite_attachment_store.hpp"

#include <SQLiteCpp/Statement.h>

namespace kefu::workspace {
namespace {

constexpr const char* kColumns =
    "SELECT id, conversation_id, uploader_kind, uploader_id, name, content_type, size, file_key, "
    "created_at FROM attachments";

AttachmentRecord read_record(SQLite::Statement& row) {
  return AttachmentRecord{
      row.getColumn(0).getInt64(), row.getColumn(1).getInt64(),  row.getColumn(2).getString(),
      row.getColumn(3).getInt64(), row.getColumn(4).getString(), row.getColumn(5).getString(),
      row.getColumn(6).getInt64(), row.getColumn(7).getString(), row.getColumn(8).getInt64()};
}

}  // namespace

AttachmentRecord SqliteAttachmentStore::add(AttachmentRecord r) {
  SQLite::Statement insert(db_,
                           "INSERT INTO attachments(conversation_id, uploader_kind, uploader_id, "
                           "name, content_type, size, file_key, created_at) "
                           "VALUES (?, ?, ?, ?, ?, ?, ?, ?)");
  insert.bind(1, r.conversation_id);
  insert.bind(2, r.uploader_kind);
  insert.bind(3, r.uploader_id);
  insert.bind(4, r.name);
  insert.bind(5, r.content_type);
  insert.bind(6, r.size);
  insert.bind(7, r.file_key);
  insert.bind(8, r.created_at);
  insert.exec();
  r.id = db_.getLastInsertRowid();
  return r;
}

std::optional<AttachmentRecord> SqliteAttachmentStore::find(std::int64_t id) {
  SQLite::Statement query(db_, std::string(kColumns) + " WHERE id = ?");
  query.bind(1, id);
  if (!query.executeStep()) return std::nullopt;
  return read_record(query);
}

std::optional<std::int64_t> SqliteAttachmentStore::customer_of(std::int64_t conversation_id) {
  SQLite::Statement query(db_, "SELECT customer_id FROM conversations WHERE id = ?");
  query.bind(1, conversation_id);
  if (!query.executeStep()) return std::nullopt;
  return query.getColumn(0).getInt64();
}

std::vector<AttachmentRecord> SqliteAttachmentStore::of_conversation(std::int64_t conversation_id) {
  SQLite::Statement query(db_, std::string(kColumns) + " WHERE conversation_id = ? ORDER BY id");
  query.bind(1, conversation_id);
  std::vector<AttachmentRecord> out;
  while (query.executeStep()) out.push_back(read_record(query));
  return out;
}

std::vector<std::string> SqliteAttachmentStore::forget_customers(
    const std::vector<std::int64_t>& customers) {
  std::vector<std::string> keys;
  for (std::int64_t customer : customers) {
    SQLite::Statement query(db_,
                            "SELECT file_key FROM attachments WHERE conversation_id IN "
                            "(SELECT id FROM conversations WHERE customer_id = ?)");
    query.bind(1, customer);
    while (query.executeStep()) keys.push_back(query.getColumn(0).getString());
    SQLite::Statement erase(db_,
                            "DELETE FROM attachments WHERE conversation_id IN "
                            "(SELECT id FROM conversations WHERE customer_id = ?)");
    erase.bind(1, customer);
    erase.exec();
  }
  return keys;
}

}  // namespace kefu::workspace
