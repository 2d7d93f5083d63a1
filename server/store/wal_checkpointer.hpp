#pragma once

#include <SQLiteCpp/Database.h>

#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <mutex>
#include <string>
#include <thread>

struct sqlite3;

namespace kefu::store {

// Copies committed pages from the write-ahead log into the database file on a thread and a
// connection of its own (PASSIVE checkpoints: never blocks the writer or readers), so that the
// writer's COMMIT does not run the checkpoint and the acknowledgements of that group do not wait
// for it. The writer's connection reports each commit through `watch` (SQLite's WAL hook, which
// also turns that connection's automatic checkpoint off). Durability is unchanged: a
// checkpoint only moves pages that are already durable in the log. A log twice the
// threshold is restarted (RESTART checkpoint: it waits up to 50 ms for readers and holds the
// writer back meanwhile) so that it does not grow without end. Thread-safe.
class WalCheckpointer {
 public:
  // Opens its own connection to `path`; a checkpoint runs once the log holds `wal_pages` pages.
  WalCheckpointer(const std::string& path, const std::string& synchronous, int wal_pages);
  ~WalCheckpointer();
  WalCheckpointer(const WalCheckpointer&) = delete;
  WalCheckpointer& operator=(const WalCheckpointer&) = delete;

  // Installs the commit hook on `writer` (the connection that commits); `writer` must outlive
  // this object or be closed first.
  void watch(sqlite3* writer);
  // Stops the thread after a last checkpoint; idempotent.
  void stop();
  // Checkpoints run so far.
  std::uint64_t checkpoints() const { return checkpoints_; }
  // Times the log was started again from its beginning by this checkpointer.
  std::uint64_t restarts() const { return restarts_; }

 private:
  static int on_commit(void* self, sqlite3* db, const char* schema, int pages);
  void log_grew(int pages);
  void run();
  void checkpoint();

  SQLite::Database db_;
  const int wal_pages_;
  const int restart_pages_;  // a log this long is restarted (RESTART checkpoint)
  int mark_ = 0;             // log pages at the last request (touched by the writer's thread only)
  std::mutex mutex_;
  std::condition_variable wake_;
  bool due_ = false;       // GUARDED_BY(mutex_)
  bool stopping_ = false;  // GUARDED_BY(mutex_)
  std::atomic<std::uint64_t> checkpoints_{0};
  std::atomic<std::uint64_t> restarts_{0};
  std::thread thread_;
};

}  // namespace kefu::store
