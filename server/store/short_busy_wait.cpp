#include "server/store/short_busy_wait.hpp"

#include <cstdint>
#include <thread>

namespace kefu::store {
namespace {

constexpr auto kRetryEvery = std::chrono::microseconds(100);

// SQLite calls this with `tries` = 0 when a lock is first found busy and counts up while it
// stays busy; returning 0 gives up with SQLITE_BUSY. The limit travels in the pointer itself,
// so nothing has to outlive the connection.
int retry_shortly(void* limit_ms, int tries) {
  thread_local std::chrono::steady_clock::time_point started;
  const auto now = std::chrono::steady_clock::now();
  if (tries == 0) started = now;
  const auto limit = std::chrono::milliseconds(reinterpret_cast<std::intptr_t>(limit_ms));
  if (now - started >= limit) return 0;
  std::this_thread::sleep_for(kRetryEvery);
  return 1;
}

}  // namespace

void wait_briefly_when_busy(sqlite3* db, std::chrono::milliseconds limit) {
  sqlite3_busy_handler(db, retry_shortly,
                       reinterpret_cast<void*>(static_cast<std::intptr_t>(limit.count())));
}

}  // namespace kefu::store
