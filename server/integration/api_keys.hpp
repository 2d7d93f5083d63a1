#pragma once

#include <cstdint>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "server/integration/api_scope.hpp"

namespace kefu::integration {

// What an admin asks for: a name, one or more scopes, a rate (ApiKeyRequest validates these).
struct NewApiKey {
  std::string name;
  std::set<ApiScope> scopes;
  std::int64_t rate_per_minute = 0;
  std::int64_t created_by = 0;  // users.id
};

// A key as admins see it: never the key or its hash.
struct ApiKeyRecord {
  std::int64_t id = 0;
  std::string name;
  std::string prefix;
  std::set<ApiScope> scopes;
  std::int64_t rate_per_minute = 0;
  std::int64_t created_by = 0;
  std::int64_t created_at = 0;
  std::optional<std::int64_t> last_used_at;
  std::optional<std::int64_t> revoked_at;
};

// A new key: the record and the key itself, which exists nowhere else (shown once).
struct IssuedApiKey {
  ApiKeyRecord record;
  std::string key;
};

// The live key behind a presented key.
struct ApiKeyHolder {
  std::int64_t id = 0;
  std::set<ApiScope> scopes;
  std::int64_t rate_per_minute = 0;
};

class ApiKeyStore;

// The shop's API keys, kept by an ApiKeyStore (the `api_keys` table, migration step 5). A key is
// "kefu." + 256 random bits as base64url (libsodium); only its SHA-256 is stored, with its
// first characters (prefix) so admins can tell keys apart. Not thread-safe: one caller at a time
// (ApiKeyGate serialises them).
class ApiKeys {
 public:
  // What every key starts with. A dot never occurs in visitor tokens (base64url), so a Bearer
  // credential starting with it is a key, never a visitor token.
  static constexpr std::string_view kKeyStart = "kefu.";
  // How many characters of the key are kept and shown as its prefix.
  static constexpr std::size_t kPrefixLength = 12;

  explicit ApiKeys(ApiKeyStore& store) : store_(store) {}

  // True when `credential` has the shape of an API key (starts with kKeyStart).
  static bool looks_like_key(std::string_view credential);

  // Stores a new key and returns it; the only time the key is available.
  IssuedApiKey create(const NewApiKey& request, std::int64_t now);
  // The live (not revoked) key whose hash matches `key`; nullopt for unknown or revoked keys.
  std::optional<ApiKeyHolder> authenticate(std::string_view key) const;
  // Revokes the key at `now`; false when there is no such key. Revoking a revoked key keeps the
  // first time and returns true.
  bool revoke(std::int64_t id, std::int64_t now);
  // Every key, revoked ones included, newest first.
  std::vector<ApiKeyRecord> list() const;
  // The key `id`, if it exists.
  std::optional<ApiKeyRecord> find(std::int64_t id) const;
  // Records that the key was used at `at`.
  void record_use(std::int64_t id, std::int64_t at);

 private:
  ApiKeyStore& store_;
};

}  // namespace kefu::integration
