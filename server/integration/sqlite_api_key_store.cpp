#include "server/integration/sqlite_api_key_store.hpp"

#include <SQLiteCpp/Statement.h>

#include <sstream>

namespace kefu::integration {
namespace {
std::string joined(const std::set<ApiScope>& scopes) {
  std::string out;
  for (ApiScope scope : scopes) {
    if (!out.empty()) out += ' ';
    out += to_string(scope);
  }
  return out;
}

std::set<ApiScope> split(const std::string& text) {
  std::set<ApiScope> scopes;
  std::istringstream words(text);
  std::string word;
  while (words >> word) {
    if (auto scope = scope_from_string(word)) scopes.insert(*scope);
  }
  return scopes;
}

std::optional<std::int64_t> optional_int(const SQLite::Column& column) {
  if (column.isNull()) return std::nullopt;
  return column.getInt64();
}

constexpr const char* kColumns =
    "SELECT id, name, prefix, scopes, rate_per_minute, created_by, created_at, last_used_at, "
    "revoked_at FROM api_keys ";

ApiKeyRecord record_of(SQLite::Statement& row) {
  ApiKeyRecord r;
  r.id = row.getColumn(0).getInt64();
  r.name = row.getColumn(1).getString();
  r.prefix = row.getColumn(2).getString();
  r.scopes = split(row.getColumn(3).getString());
  r.rate_per_minute = row.getColumn(4).getInt64();
  r.created_by = row.getColumn(5).getInt64();
  r.created_at = row.getColumn(6).getInt64();
  r.last_used_at = optional_int(row.getColumn(7));
  r.revoked_at = optional_int(row.getColumn(8));
  return r;
}

}  // namespace

std::int64_t SqliteApiKeyStore::insert(const ApiKeyRecord& r, const std::string& secret_hash) {
  SQLite::Statement insert(db_,
                           "INSERT INTO api_keys(name, prefix, secret_hash, scopes, "
                           "rate_per_minute, created_by, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)");
  insert.bind(1, r.name);
  insert.bind(2, r.prefix);
  insert.bind(3, secret_hash);
  insert.bind(4, joined(r.scopes));
  insert.bind(5, r.rate_per_minute);
  insert.bind(6, r.created_by);
  insert.bind(7, r.created_at);
  insert.exec();
  return db_.getLastInsertRowid();
}

std::optional<ApiKeyHolder> SqliteApiKeyStore::live_by_hash(const std::string& secret_hash) {
  SQLite::Statement row(db_,
                        "SELECT id, scopes, rate_per_minute FROM api_keys "
                        "WHERE secret_hash = ? AND revoked_at IS NULL");
  row.bind(1, secret_hash);
  if (!row.executeStep()) return std::nullopt;
  return ApiKeyHolder{row.getColumn(0).getInt64(), split(row.getColumn(1).getString()),
                      row.getColumn(2).getInt64()};
}

bool SqliteApiKeyStore::revoke(std::int64_t id, std::int64_t now) {
  SQLite::Statement update(db_,
                           "UPDATE api_keys SET revoked_at = COALESCE(revoked_at, ?) WHERE id = ?");
  update.bind(1, now);
  update.bind(2, id);
  return update.exec() == 1;
}

std::vector<ApiKeyRecord> SqliteApiKeyStore::list() {
  SQLite::Statement rows(db_, std::string(kColumns) + "ORDER BY id DESC");
  std::vector<ApiKeyRecord> out;
  while (rows.executeStep()) out.push_back(record_of(rows));
  return out;
}

std::optional<ApiKeyRecord> SqliteApiKeyStore::find(std::int64_t id) {
  SQLite::Statement row(db_, std::string(kColumns) + "WHERE id = ?");
  row.bind(1, id);
  if (!row.executeStep()) return std::nullopt;
  return record_of(row);
}

void SqliteApiKeyStore::record_use(std::int64_t id, std::int64_t at) {
  SQLite::Statement update(db_, "UPDATE api_keys SET last_used_at = ? WHERE id = ?");
  update.bind(1, at);
  update.bind(2, id);
  update.exec();
}

}  // namespace kefu::integration
