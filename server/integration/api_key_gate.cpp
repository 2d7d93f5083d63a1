#include "server/integration/api_key_gate.hpp"

#include <boost/asio/post.hpp>
#include <iostream>

#include "server/store/sql/open_connection.hpp"
#include "server/store/sql/sql_error.hpp"
#include "server/store/sql/sqlite_connection.hpp"

namespace kefu::integration {

ApiKeyGate::ApiKeyGate(const std::string& location)
    : db_(sql::open_connection(location)), store_(*db_), keys_(store_), thread_(location) {
  if (auto* sqlite = sql::as_sqlite(*db_)) {
    sqlite->database().setBusyTimeout(2000);
    // The store's checkpointer copies the log; this connection's commits must not do it too.
    sqlite->database().exec("PRAGMA wal_autocheckpoint = 0");
  }
}

ApiKeyGate::~ApiKeyGate() {
  thread_.stop();
}

void ApiKeyGate::admit_then(std::string key, ApiScope needed, std::int64_t now_ms,
                            std::function<void(KeyAdmission)> then) {
  if (!thread_.running()) {
    then(admit_or_unavailable(key, needed, now_ms));
    return;
  }
  boost::asio::post(thread_.executor_or({}),
                    [this, key = std::move(key), needed, now_ms, then = std::move(then)] {
                      then(admit_or_unavailable(key, needed, now_ms));
                    });
}

KeyAdmission ApiKeyGate::admit_or_unavailable(std::string_view key, ApiScope needed,
                                              std::int64_t now_ms) {
  try {
    return admit(key, needed, now_ms);
  } catch (const std::exception& failure) {
    std::cerr << "kefu: API key admission: " << failure.what() << "\n";
    KeyAdmission answer;
    answer.verdict = KeyAdmission::Verdict::unavailable;
    return answer;
  }
}

KeyAdmission ApiKeyGate::admit(std::string_view key, ApiScope needed, std::int64_t now_ms) {
  std::lock_guard lock(mutex_);
  KeyAdmission answer;
  auto holder = keys_.authenticate(key);
  if (!holder) return answer;
  answer.key_id = holder->id;
  const auto written = written_.find(holder->id);
  if (written == written_.end() || now_ms - written->second >= kLastUseResolutionMs) {
    try {
      keys_.record_use(holder->id, now_ms);
      written_[holder->id] = now_ms;
    } catch (const sql::Error& failure) {
      if (failure.kind() != sql::Error::Kind::busy) throw;
      // Another writer held the database past the busy timeout: the key's next request writes
      // its last use; this one is admitted on what was read.
      std::cerr << "kefu: API key " << holder->id << ": last use left for later: " << failure.what()
                << "\n";
    }
  }
  answer.retry_after_s = limiter_.take(holder->id, holder->rate_per_minute, now_ms);
  if (answer.retry_after_s > 0) {
    answer.verdict = KeyAdmission::Verdict::over_rate;
  } else if (!holder->scopes.contains(needed)) {
    answer.verdict = KeyAdmission::Verdict::insufficient_scope;
  } else {
    answer.verdict = KeyAdmission::Verdict::admitted;
  }
  return answer;
}

IssuedApiKey ApiKeyGate::create(const NewApiKey& request, std::int64_t now) {
  std::lock_guard lock(mutex_);
  return keys_.create(request, now);
}

bool ApiKeyGate::revoke(std::int64_t id, std::int64_t now) {
  std::lock_guard lock(mutex_);
  return keys_.revoke(id, now);
}

std::vector<ApiKeyRecord> ApiKeyGate::list() {
  std::lock_guard lock(mutex_);
  return keys_.list();
}

std::optional<ApiKeyRecord> ApiKeyGate::find(std::int64_t id) {
  std::lock_guard lock(mutex_);
  return keys_.find(id);
}

}  // namespace kefu::integration
