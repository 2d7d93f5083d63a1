#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "server/integration/api_keys.hpp"
#include "server/integration/key_rate_limiter.hpp"
#include "server/integration/sqlite_api_key_store.hpp"
#include "server/store/sql/connection.hpp"
#include "server/store/sql/query_thread.hpp"

namespace kefu::integration {

// The answer to a request presenting an API key, checked in this order: the key must be live
// (else `unknown`), within its rate (else `over_rate`, with the seconds to wait), and hold the
// scope the endpoint needs (else `insufficient_scope`). `unavailable`: the database could not
// answer (ApiKeyGate::admit_then), the request should be retried.
struct KeyAdmission {
  enum class Verdict { admitted, unknown, over_rate, insufficient_scope, unavailable };
  Verdict verdict = Verdict::unknown;
  std::int64_t key_id = 0;
  std::int64_t retry_after_s = 0;
};

// The server's door for API keys: ApiKeys on a connection of its own, the keys' rate limits,
// and the keys' last use. Thread-safe (one mutex; every call is a short indexed statement).
// last_used_at is written at most once a minute per key (kLastUseResolutionMs), not on every
// request, so admission costs one indexed read; when another writer holds the database past the
// busy timeout, the write is left to the key's next request and the admission goes on. On
// PostgreSQL that read is a round trip: the server admits through admit_then(), which runs it on
// the gate's own thread (QueryThread).
class ApiKeyGate {
 public:
  static constexpr std::int64_t kLastUseResolutionMs = 60 * 1000;

  // Opens `location` (already migrated): a SQLite file or a postgresql:// URI
  // (sql::open_connection). Throws when it cannot.
  explicit ApiKeyGate(const std::string& location);
  // Waits for an admission running on the gate's thread.
  ~ApiKeyGate();

  // Checks `key` for `needed` at `now_ms` (see KeyAdmission), on the caller's thread.
  KeyAdmission admit(std::string_view key, ApiScope needed, std::int64_t now_ms);
  // The same, answered through `then`: on the caller's thread at once on SQLite (a local read),
  // on the gate's own thread on PostgreSQL, so that no io thread waits for the database. On
  // either, an admission that throws (the key could not be read) is answered `unavailable` and
  // told on stderr; it takes nothing from the key's rate. `then` is called once, outside that
  // catch.
  void admit_then(std::string key, ApiScope needed, std::int64_t now_ms,
                  std::function<void(KeyAdmission)> then);

  IssuedApiKey create(const NewApiKey& request, std::int64_t now);
  bool revoke(std::int64_t id, std::int64_t now);
  std::vector<ApiKeyRecord> list();
  std::optional<ApiKeyRecord> find(std::int64_t id);

 private:
  KeyAdmission admit_or_unavailable(std::string_view key, ApiScope needed, std::int64_t now_ms);

  std::mutex mutex_;
  std::unique_ptr<sql::Connection> db_;                     // GUARDED_BY(mutex_)
  SqliteApiKeyStore store_;                                 // GUARDED_BY(mutex_)
  ApiKeys keys_;                                            // GUARDED_BY(mutex_)
  KeyRateLimiter limiter_;                                  // GUARDED_BY(mutex_)
  std::unordered_map<std::int64_t, std::int64_t> written_;  // key id -> last_used_at written
  sql::QueryThread thread_;                                 // last: stops before the rest goes
};

}  // namespace kefu::integration
