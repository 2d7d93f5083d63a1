#pragma once

#include <SQLiteCpp/Database.h>

#include <cstdint>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "server/integration/api_keys.hpp"
#include "server/integration/key_rate_limiter.hpp"
#include "server/integration/sqlite_api_key_store.hpp"
#include "server/store/sql/sqlite_connection.hpp"

namespace kefu::integration {

// The answer to a request presenting an API key, checked in this order: the key must be live
// (else `unknown`), within its rate (else `over_rate`, with the seconds to wait), and hold the
// scope the endpoint needs (else `insufficient_scope`).
struct KeyAdmission {
  enum class Verdict { admitted, unknown, over_rate, insufficient_scope };
  Verdict verdict = Verdict::unknown;
  std::int64_t key_id = 0;
  std::int64_t retry_after_s = 0;
};

// The server's door for API keys: ApiKeys on a connection of its own, the keys' rate limits,
// and the keys' last use. Thread-safe (one mutex; every call is a short indexed statement).
// last_used_at is written at most once a minute per key (kLastUseResolutionMs), not on every
// request, so admission costs one indexed read.
class ApiKeyGate {
 public:
  static constexpr std::int64_t kLastUseResolutionMs = 60 * 1000;

  // Opens `database` (already migrated) for reading and writing.
  explicit ApiKeyGate(const std::string& database);

  // Checks `key` for `needed` at `now_ms` (see KeyAdmission).
  KeyAdmission admit(std::string_view key, ApiScope needed, std::int64_t now_ms);

  IssuedApiKey create(const NewApiKey& request, std::int64_t now);
  bool revoke(std::int64_t id, std::int64_t now);
  std::vector<ApiKeyRecord> list();
  std::optional<ApiKeyRecord> find(std::int64_t id);

 private:
  std::mutex mutex_;
  SQLite::Database db_;                                     // GUARDED_BY(mutex_)
  sql::SqliteConnection sql_{db_};                          // GUARDED_BY(mutex_)
  SqliteApiKeyStore store_;                                 // GUARDED_BY(mutex_)
  ApiKeys keys_;                                            // GUARDED_BY(mutex_)
  KeyRateLimiter limiter_;                                  // GUARDED_BY(mutex_)
  std::unordered_map<std::int64_t, std::int64_t> written_;  // key id -> last_used_at written
};

}  // namespace kefu::integration
