#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "server/integration/api_keys.hpp"

namespace kefu::integration {

// Where API keys are kept (SQLite: SqliteApiKeyStore; PostgreSQL with issue 19). Holds only
// the key's hash, never the key. Not thread-safe: one caller at a time (ApiKeyGate).
class ApiKeyStore {
 public:
  virtual ~ApiKeyStore() = default;
  // Stores `r` (its id is ignored) with the key's hash; returns the new id.
  virtual std::int64_t insert(const ApiKeyRecord& r, const std::string& secret_hash) = 0;
  // The live (not revoked) key with this hash.
  virtual std::optional<ApiKeyHolder> live_by_hash(const std::string& secret_hash) = 0;
  // Sets revoked_at unless already set; false when there is no such key.
  virtual bool revoke(std::int64_t id, std::int64_t now) = 0;
  // Every key, newest first.
  virtual std::vector<ApiKeyRecord> list() = 0;
  virtual std::optional<ApiKeyRecord> find(std::int64_t id) = 0;
  virtual void record_use(std::int64_t id, std::int64_t at) = 0;
};

}  // namespace kefu::integration
