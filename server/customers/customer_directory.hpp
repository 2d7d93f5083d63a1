#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "server/customers/identity.hpp"
#include "server/customers/name_search_key.hpp"
#include "server/store/sql/connection.hpp"
#include "server/store/sql/sqlite_connection.hpp"
#include "server/store/sql/statement.hpp"

namespace kefu::customers {

// One way of recognising a customer, as stored in customer_identities.
struct Identity {
  std::int64_t id = 0;
  std::int64_t customer_id = 0;
  IdentityKind kind = IdentityKind::email;
  std::string value;      // as typed
  std::string match_key;  // what it is matched by (see identity.hpp)
  bool verified = false;  // vouched for by the shop (signed); false for a customer's own claim
  std::int64_t created_at = 0;
};

// The customers and their identities, stored in the tables create_schema() makes. Every method
// is one atomic change (a savepoint), so it may also run inside a caller's transaction. Times
// are ms since the epoch, passed in. Not thread-safe: use it from one strand, as the database
// connection it borrows (which must outlive it).
class CustomerDirectory {
 public:
  // `default_country_code` (digits, e.g. "86") completes national phone numbers; empty
  // refuses them.
  explicit CustomerDirectory(sql::Connection& db, std::string default_country_code = "");
  // The same on a SQLite handle, for code not yet on the neutral layer (care's tests): `db`
  // must outlive the directory.
  explicit CustomerDirectory(SQLite::Database& db, std::string default_country_code = "");

  sql::Connection& database() { return db_; }
  const NameSearchKey& search_key() const { return search_key_; }

  // Creates a customer named `first_name` `last_name` (either may be empty: an anonymous
  // visitor) and returns its id.
  std::int64_t create_customer(std::string_view first_name, std::string_view last_name,
                               std::int64_t now);

  // Renames the customer (display name and search key). Throws CustomerNotFound.
  void rename(std::int64_t customer_id, std::string_view first_name, std::string_view last_name,
              std::int64_t now);

  // Replaces the customer's postal address (free text). Throws CustomerNotFound.
  void set_address(std::int64_t customer_id, std::string_view address, std::int64_t now);

  // True when a customer row with this id exists (merged or not).
  bool exists(std::int64_t customer_id) const;

  // The customer that holds `customer_id`'s data now: itself, or the customer it was merged
  // into (following a chain of merges). Throws CustomerNotFound.
  std::int64_t current(std::int64_t customer_id) const;

  // The key `typed` is matched by for `kind`; throws InvalidCustomerInput when `typed` is not a
  // valid email, phone or id.
  std::string key_for(IdentityKind kind, std::string_view typed) const;

  // The E.164 form of `typed` with the directory's default country code; nullopt if invalid.
  std::optional<std::string> key_for_phone(std::string_view typed) const {
    return phone_e164(typed, default_country_code_);
  }

  // The oldest current (not merged away) customer holding an identity of `kind` matching
  // `typed`, counting only verified identities when `verified_only`. Nullopt when none or when
  // `typed` does not normalise.
  std::optional<std::int64_t> find(IdentityKind kind, std::string_view typed,
                                   bool verified_only) const;

  // Gives the customer the identity (a verified one upgrades an unverified copy). Returns true
  // when the customer did not have it. Throws InvalidCustomerInput or CustomerNotFound.
  bool add_identity(std::int64_t customer_id, IdentityKind kind, std::string_view typed,
                    bool verified, std::int64_t now);

  // The customer's identities, oldest first.
  std::vector<Identity> identities(std::int64_t customer_id) const;

  // Throws CustomerNotFound unless the customer exists and is neither merged nor erased.
  void require_current(std::int64_t customer_id) const;

  // True when the customer holds an identity of `kind` matching `typed` (verified or not).
  bool has_identity(std::int64_t customer_id, IdentityKind kind, std::string_view typed) const;

 private:
  // The prepared statement for `sql` (a string literal), reset and unbound; prepared once.
  sql::Statement& cached(const char* sql) const;

  std::unique_ptr<sql::Connection> sqlite_view_;  // set by the SQLite::Database constructor
  sql::Connection& db_;
  mutable std::unordered_map<const char*, std::unique_ptr<sql::Statement>> statements_;
  std::string default_country_code_;
  NameSearchKey search_key_;
};

}  // namespace kefu::customers
