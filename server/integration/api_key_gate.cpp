#include "server/integration/api_key_gate.hpp"

namespace kefu::integration {

ApiKeyGate::ApiKeyGate(const std::string& database)
    : db_(database, SQLite::OPEN_READWRITE), store_(sql_), keys_(store_) {
  db_.setBusyTimeout(2000);
  // The store's checkpointer copies the log; this connection's commits must not do it too.
  db_.exec("PRAGMA wal_autocheckpoint = 0");
}

KeyAdmission ApiKeyGate::admit(std::string_view key, ApiScope needed, std::int64_t now_ms) {
  std::lock_guard lock(mutex_);
  KeyAdmission answer;
  auto holder = keys_.authenticate(key);
  if (!holder) return answer;
  answer.key_id = holder->id;
  const auto written = written_.find(holder->id);
  if (written == written_.end() || now_ms - written->second >= kLastUseResolutionMs) {
    keys_.record_use(holder->id, now_ms);
    written_[holder->id] = now_ms;
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
