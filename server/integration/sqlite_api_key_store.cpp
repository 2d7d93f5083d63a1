#include "server/integration/sqlite_api_key_store.hpp"

#include <sstream>

#include "server/store/sql/statement.hpp"

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

std::optional<std::int64_t> optional_int(const sql::Column& column) {
  if (column.is_null()) return std::nullopt;
  return column.int64();
}

constexpr const char* kColumns =
    "SELECT id, name, prefix, scopes, rate_per_minute, created_by, created_at, last_used_at, "
    "revoked_at FROM api_keys ";

ApiKeyRecord record_of(sql::Statement& row) {
  ApiKeyRecord r;
  r.id = row.column(0).int64();
  r.name = row.column(1).text();
  r.prefix = row.column(2).text();
  r.scopes = split(row.column(3).text());
  r.rate_per_minute = row.column(4).int64();
  r.created_by = row.column(5).int64();
  r.created_at = row.column(6).int64();
  r.last_used_at = optional_int(row.column(7));
  r.revoked_at = optional_int(row.column(8));
  return r;
}

}  // namespace

std::int64_t SqliteApiKeyStore::insert(const ApiKeyRecord& r, const std::string& secret_hash) {
  sql::Statement insert(db_,
                        "INSERT INTO api_keys(name, prefix, secret_hash, scopes, "
                        "rate_per_minute, created_by, created_at) VALUES (?, ?, ?, ?, ?, ?, ?) "
                        "RETURNING id");
  insert.bind(1, r.name);
  insert.bind(2, r.prefix);
  insert.bind(3, secret_hash);
  insert.bind(4, joined(r.scopes));
  insert.bind(5, r.rate_per_minute);
  insert.bind(6, r.created_by);
  insert.bind(7, r.created_at);
  return insert.insert_returning_id().value();
}

std::optional<ApiKeyHolder> SqliteApiKeyStore::live_by_hash(const std::string& secret_hash) {
  sql::Statement row(db_,
                     "SELECT id, scopes, rate_per_minute FROM api_keys "
                     "WHERE secret_hash = ? AND revoked_at IS NULL");
  row.bind(1, secret_hash);
  if (!row.step()) return std::nullopt;
  return ApiKeyHolder{row.column(0).int64(), split(row.column(1).text()), row.column(2).int64()};
}

bool SqliteApiKeyStore::revoke(std::int64_t id, std::int64_t now) {
  sql::Statement update(db_,
                        "UPDATE api_keys SET revoked_at = COALESCE(revoked_at, ?) WHERE id = ?");
  update.bind(1, now);
  update.bind(2, id);
  return update.exec() == 1;
}

std::vector<ApiKeyRecord> SqliteApiKeyStore::list() {
  sql::Statement rows(db_, std::string(kColumns) + "ORDER BY id DESC");
  std::vector<ApiKeyRecord> out;
  while (rows.step()) out.push_back(record_of(rows));
  return out;
}

std::optional<ApiKeyRecord> SqliteApiKeyStore::find(std::int64_t id) {
  sql::Statement row(db_, std::string(kColumns) + "WHERE id = ?");
  row.bind(1, id);
  if (!row.step()) return std::nullopt;
  return record_of(row);
}

void SqliteApiKeyStore::record_use(std::int64_t id, std::int64_t at) {
  sql::Statement update(db_, "UPDATE api_keys SET last_used_at = ? WHERE id = ?");
  update.bind(1, at);
  update.bind(2, id);
  update.exec();
}

}  // namespace kefu::integration
