#include "server/workspace/sql_attachment_files.hpp"

#include <stdexcept>

#include "server/store/sql/statement.hpp"

namespace kefu::workspace {
namespace {

// PostgreSQL's parameters and results travel as text here (sql::Statement binds text, which
// may not hold a NUL byte), so the bytes cross as hex and the database stores them raw
// (decode/encode). SQLite binds the bytes themselves and keeps them as a BLOB.
std::string to_hex(std::string_view bytes) {
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out;
  out.reserve(bytes.size() * 2);
  for (unsigned char b : bytes) {
    out += kHex[b >> 4];
    out += kHex[b & 0xF];
  }
  return out;
}

int hex_digit(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  throw std::runtime_error("attachment bytes: not hex");
}

std::string from_hex(std::string_view hex) {
  if (hex.size() % 2 != 0) throw std::runtime_error("attachment bytes: odd hex");
  std::string out;
  out.reserve(hex.size() / 2);
  for (std::size_t i = 0; i < hex.size(); i += 2) {
    out += static_cast<char>(hex_digit(hex[i]) * 16 + hex_digit(hex[i + 1]));
  }
  return out;
}

bool on_postgres(const sql::Connection& db) {
  return db.engine() == sql::Engine::postgresql;
}

}  // namespace

SqlAttachmentFiles::SqlAttachmentFiles(std::unique_ptr<sql::Connection> db) : db_(std::move(db)) {}

std::string SqlAttachmentFiles::keep(std::string_view bytes) {
  const std::string key = random_attachment_key();
  const std::lock_guard lock(mutex_);
  const bool pg = on_postgres(*db_);
  sql::Statement insert(*db_, std::string("INSERT INTO attachment_bytes(file_key, bytes, size, "
                                          "created_at) VALUES (?, ") +
                                  (pg ? "decode(?, 'hex')" : "CAST(? AS BLOB)") + ", ?, " +
                                  std::string(db_->dialect().now_ms) + ")");
  insert.bind(1, key);
  insert.bind(2, pg ? to_hex(bytes) : std::string(bytes));
  insert.bind(3, static_cast<std::int64_t>(bytes.size()));
  insert.exec();
  return key;
}

std::string SqlAttachmentFiles::read(const std::string& key) const {
  if (!is_attachment_key(key)) throw std::runtime_error("not an attachment key");
  const std::lock_guard lock(mutex_);
  const bool pg = on_postgres(*db_);
  sql::Statement query(*db_, std::string("SELECT ") + (pg ? "encode(bytes, 'hex')" : "bytes") +
                                 ", size FROM attachment_bytes WHERE file_key = ?");
  query.bind(1, key);
  if (!query.step()) throw std::runtime_error("attachment file " + key + " is gone");
  std::string bytes = pg ? from_hex(query.column(0).view()) : query.column(0).text();
  if (static_cast<std::int64_t>(bytes.size()) != query.column(1).int64()) {
    throw std::runtime_error("attachment file " + key + " is damaged");
  }
  return bytes;
}

void SqlAttachmentFiles::remove(const std::string& key) {
  if (!is_attachment_key(key)) throw std::runtime_error("not an attachment key");
  const std::lock_guard lock(mutex_);
  sql::Statement erase(*db_, "DELETE FROM attachment_bytes WHERE file_key = ?");
  erase.bind(1, key);
  erase.exec();
}

}  // namespace kefu::workspace
