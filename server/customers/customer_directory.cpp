#include "server/customers/customer_directory.hpp"

#include <unicode/uscript.h>
#include <unicode/ustring.h>
#include <unicode/utf8.h>

#include "server/customers/errors.hpp"
#include "server/customers/savepoint.hpp"
#include "server/store/sql/statement.hpp"

namespace kefu::customers {
namespace {

// Whether every character of `text` is a Han (Chinese) character; false for "" and for text
// that is not UTF-8.
bool all_han(std::string_view text) {
  if (text.empty()) return false;
  const auto* bytes = reinterpret_cast<const std::uint8_t*>(text.data());
  const auto length = static_cast<std::int32_t>(text.size());
  for (std::int32_t i = 0; i < length;) {
    UChar32 c = 0;
    U8_NEXT(bytes, i, length, c);
    UErrorCode status = U_ZERO_ERROR;
    if (c < 0 || uscript_getScript(c, &status) != USCRIPT_HAN || U_FAILURE(status)) return false;
  }
  return true;
}

// "Ann Lee", or for a Chinese name the family name first and no space: 王 + 芳 is "王芳".
std::string display_name(std::string_view first_name, std::string_view last_name) {
  if (all_han(first_name) && all_han(last_name)) {
    return std::string(last_name) + std::string(first_name);
  }
  std::string name(first_name);
  if (!name.empty() && !last_name.empty()) name += ' ';
  name += last_name;
  return name;
}

std::string missing(std::int64_t customer_id) {
  return "no customer " + std::to_string(customer_id);
}

}  // namespace

CustomerDirectory::CustomerDirectory(sql::Connection& db, std::string default_country_code)
    : db_(db), default_country_code_(std::move(default_country_code)) {}

CustomerDirectory::CustomerDirectory(SQLite::Database& db, std::string default_country_code)
    : sqlite_view_(std::make_unique<sql::SqliteConnection>(db)),
      db_(*sqlite_view_),
      default_country_code_(std::move(default_country_code)) {}

sql::Statement& CustomerDirectory::cached(const char* sql) const {
  auto& slot = statements_[sql];
  if (!slot) slot = std::make_unique<sql::Statement>(db_, sql);
  slot->reset();
  slot->clear_bindings();
  return *slot;
}

bool CustomerDirectory::has_identity(std::int64_t customer_id, IdentityKind kind,
                                     std::string_view typed) const {
  const auto key = match_key(kind, typed, default_country_code_);
  if (!key) return false;
  auto& query = cached(
      "SELECT 1 FROM customer_identities WHERE customer_id = ? AND kind = ? AND match_key = ?");
  query.bind(1, customer_id);
  query.bind(2, std::string(to_string(kind)));
  query.bind(3, *key);
  const bool found = query.step();
  query.reset();
  return found;
}

std::int64_t CustomerDirectory::create_customer(std::string_view first_name,
                                                std::string_view last_name, std::int64_t now) {
  const std::string name = display_name(first_name, last_name);
  auto& insert = cached(
      "INSERT INTO customers (display_name, first_name, last_name, "
      "search_key, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?) RETURNING id");
  insert.bind(1, name);
  insert.bind(2, std::string(first_name));
  insert.bind(3, std::string(last_name));
  insert.bind(4, name.empty() ? std::string() : search_key_.key_for_name(name));
  insert.bind(5, now);
  insert.bind(6, now);
  return insert.insert_returning_id().value();
}

void CustomerDirectory::rename(std::int64_t customer_id, std::string_view first_name,
                               std::string_view last_name, std::int64_t now) {
  auto& names = cached("SELECT first_name, last_name FROM customers WHERE id = ?");
  names.bind(1, customer_id);
  if (!names.step()) throw CustomerNotFound(missing(customer_id));
  const bool unchanged =
      names.column(0).text() == first_name && names.column(1).text() == last_name;
  names.reset();
  if (unchanged) return;
  const std::string name = display_name(first_name, last_name);
  auto& update = cached(
      "UPDATE customers SET display_name = ?, first_name = ?, last_name = ?, "
      "search_key = ?, updated_at = ? WHERE id = ?");
  update.bind(1, name);
  update.bind(2, std::string(first_name));
  update.bind(3, std::string(last_name));
  update.bind(4, name.empty() ? std::string() : search_key_.key_for_name(name));
  update.bind(5, now);
  update.bind(6, customer_id);
  if (update.exec() == 0) throw CustomerNotFound(missing(customer_id));
}

void CustomerDirectory::set_address(std::int64_t customer_id, std::string_view address,
                                    std::int64_t now) {
  auto& current_address = cached("SELECT address FROM customers WHERE id = ?");
  current_address.bind(1, customer_id);
  if (!current_address.step()) throw CustomerNotFound(missing(customer_id));
  const bool unchanged = current_address.column(0).text() == address;
  current_address.reset();
  if (unchanged) return;
  auto& update = cached("UPDATE customers SET address = ?, updated_at = ? WHERE id = ?");
  update.bind(1, std::string(address));
  update.bind(2, now);
  update.bind(3, customer_id);
  update.exec();
}

bool CustomerDirectory::exists(std::int64_t customer_id) const {
  auto& query = cached("SELECT 1 FROM customers WHERE id = ?");
  query.bind(1, customer_id);
  const bool found = query.step();
  query.reset();
  return found;
}

std::int64_t CustomerDirectory::current(std::int64_t customer_id) const {
  auto& query = cached("SELECT merged_into FROM customers WHERE id = ?");
  std::int64_t id = customer_id;
  for (int hops = 0; hops < 64; ++hops) {
    query.reset();
    query.bind(1, id);
    if (!query.step()) throw CustomerNotFound(missing(customer_id));
    if (query.column(0).is_null()) {
      query.reset();
      return id;
    }
    id = query.column(0).int64();
  }
  throw std::logic_error("merge chain too long from customer " + std::to_string(customer_id));
}

void CustomerDirectory::require_current(std::int64_t customer_id) const {
  auto& query = cached(
      "SELECT 1 FROM customers WHERE id = ? AND merged_into IS NULL "
      "AND erased_at IS NULL");
  query.bind(1, customer_id);
  if (!query.step()) throw CustomerNotFound(missing(customer_id));
  query.reset();
}

std::string CustomerDirectory::key_for(IdentityKind kind, std::string_view typed) const {
  auto key = match_key(kind, typed, default_country_code_);
  if (!key)
    throw InvalidCustomerInput("not a valid " + std::string(to_string(kind)) + ": '" +
                               std::string(typed.substr(0, 80)) + "'");
  return *key;
}

std::optional<std::int64_t> CustomerDirectory::find(IdentityKind kind, std::string_view typed,
                                                    bool verified_only) const {
  const auto key = match_key(kind, typed, default_country_code_);
  if (!key) return std::nullopt;
  auto& query = cached(
      "SELECT i.customer_id FROM customer_identities i "
      "JOIN customers c ON c.id = i.customer_id "
      "WHERE i.kind = ? AND i.match_key = ? AND i.verified >= ? "
      "AND c.merged_into IS NULL AND c.erased_at IS NULL "
      "ORDER BY i.customer_id LIMIT 1");
  query.bind(1, std::string(to_string(kind)));
  query.bind(2, *key);
  query.bind(3, verified_only ? 1 : 0);
  if (!query.step()) return std::nullopt;
  const std::int64_t customer_id = query.column(0).int64();
  query.reset();
  return customer_id;
}

bool CustomerDirectory::add_identity(std::int64_t customer_id, IdentityKind kind,
                                     std::string_view typed, bool verified, std::int64_t now) {
  const std::string key = key_for(kind, typed);
  Savepoint savepoint(db_);
  require_current(customer_id);
  auto& existing = cached(
      "SELECT verified FROM customer_identities "
      "WHERE customer_id = ? AND kind = ? AND match_key = ?");
  existing.bind(1, customer_id);
  existing.bind(2, std::string(to_string(kind)));
  existing.bind(3, key);
  if (existing.step()) {
    const bool was_verified = existing.column(0).int32() != 0;
    existing.reset();
    if (verified && !was_verified) {
      auto& upgrade = cached(
          "UPDATE customer_identities SET verified = 1 "
          "WHERE customer_id = ? AND kind = ? AND match_key = ?");
      upgrade.bind(1, customer_id);
      upgrade.bind(2, std::string(to_string(kind)));
      upgrade.bind(3, key);
      upgrade.exec();
    }
    savepoint.release();
    return false;
  }
  auto& insert = cached(
      "INSERT INTO customer_identities "
      "(customer_id, kind, value, match_key, verified, created_at) "
      "VALUES (?, ?, ?, ?, ?, ?)");
  insert.bind(1, customer_id);
  insert.bind(2, std::string(to_string(kind)));
  insert.bind(3, std::string(typed.substr(0, 254)));
  insert.bind(4, key);
  insert.bind(5, verified ? 1 : 0);
  insert.bind(6, now);
  insert.exec();
  savepoint.release();
  return true;
}

std::vector<Identity> CustomerDirectory::identities(std::int64_t customer_id) const {
  auto& query = cached(
      "SELECT id, kind, value, match_key, verified, created_at "
      "FROM customer_identities WHERE customer_id = ? ORDER BY id");
  query.bind(1, customer_id);
  std::vector<Identity> result;
  while (query.step()) {
    Identity identity;
    identity.id = query.column(0).int64();
    identity.customer_id = customer_id;
    identity.kind = identity_kind_from_string(query.column(1).text()).value_or(IdentityKind::email);
    identity.value = query.column(2).text();
    identity.match_key = query.column(3).text();
    identity.verified = query.column(4).int32() != 0;
    identity.created_at = query.column(5).int64();
    result.push_back(std::move(identity));
  }
  return result;
}

}  // namespace kefu::customers
