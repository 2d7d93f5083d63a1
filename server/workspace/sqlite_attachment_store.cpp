#include "server/workspace/sqlite_attachment_store.hpp"

#include "server/store/sql/statement.hpp"

namespace kefu::workspace {
namespace {

constexpr const char* kColumns =
    "SELECT id, conversation_id, uploader_kind, uploader_id, name, content_type, size, file_key, "
    "created_at FROM attachments";

AttachmentRecord read_record(const sql::Statement& row) {
  return AttachmentRecord{row.column(0).int64(), row.column(1).int64(), row.column(2).text(),
                          row.column(3).int64(), row.column(4).text(),  row.column(5).text(),
                          row.column(6).int64(), row.column(7).text(),  row.column(8).int64()};
}

}  // namespace

AttachmentRecord SqliteAttachmentStore::add(AttachmentRecord r) {
  sql::Statement insert(db_,
                        "INSERT INTO attachments(conversation_id, uploader_kind, uploader_id, "
                        "name, content_type, size, file_key, created_at) "
                        "VALUES (?, ?, ?, ?, ?, ?, ?, ?) RETURNING id");
  insert.bind(1, r.conversation_id);
  insert.bind(2, r.uploader_kind);
  insert.bind(3, r.uploader_id);
  insert.bind(4, r.name);
  insert.bind(5, r.content_type);
  insert.bind(6, r.size);
  insert.bind(7, r.file_key);
  insert.bind(8, r.created_at);
  r.id = insert.insert_returning_id().value();
  return r;
}

std::optional<AttachmentRecord> SqliteAttachmentStore::find(std::int64_t id) {
  sql::Statement query(db_, std::string(kColumns) + " WHERE id = ?");
  query.bind(1, id);
  if (!query.step()) return std::nullopt;
  return read_record(query);
}

std::optional<std::int64_t> SqliteAttachmentStore::customer_of(std::int64_t conversation_id) {
  sql::Statement query(db_, "SELECT customer_id FROM conversations WHERE id = ?");
  query.bind(1, conversation_id);
  if (!query.step()) return std::nullopt;
  return query.column(0).int64();
}

std::vector<AttachmentRecord> SqliteAttachmentStore::of_conversation(std::int64_t conversation_id) {
  sql::Statement query(db_, std::string(kColumns) + " WHERE conversation_id = ? ORDER BY id");
  query.bind(1, conversation_id);
  std::vector<AttachmentRecord> out;
  while (query.step()) out.push_back(read_record(query));
  return out;
}

std::vector<std::string> SqliteAttachmentStore::forget_customers(
    const std::vector<std::int64_t>& customers) {
  std::vector<std::string> keys;
  for (std::int64_t customer : customers) {
    sql::Statement query(db_,
                         "SELECT file_key FROM attachments WHERE conversation_id IN "
                         "(SELECT id FROM conversations WHERE customer_id = ?) ORDER BY id");
    query.bind(1, customer);
    while (query.step()) keys.push_back(query.column(0).text());
    sql::Statement erase(db_,
                         "DELETE FROM attachments WHERE conversation_id IN "
                         "(SELECT id FROM conversations WHERE customer_id = ?)");
    erase.bind(1, customer);
    erase.exec();
  }
  return keys;
}

}  // namespace kefu::workspace
