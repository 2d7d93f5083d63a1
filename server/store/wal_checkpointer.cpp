#include "server/store/wal_checkpointer.hpp"

#include <sqlite3.h>

#include <chrono>
#include <iostream>

#include "server/store/short_busy_wait.hpp"

namespace kefu::store {
namespace {

SQLite::Database open_checkpointer(const std::string& path, const std::string& synchronous) {
  SQLite::Database db(path, SQLite::OPEN_READWRITE | SQLite::OPEN_NOMUTEX);
  // Only a restart (below) ever waits, and it blocks the writer while it does: briefly, and it
  // takes the locks as soon as they are free (short_busy_wait.hpp).
  wait_briefly_when_busy(db.getHandle(), std::chrono::milliseconds(50));
  // The checkpoint's fsync of the database file follows the writer's level.
  db.exec("PRAGMA synchronous = " + synchronous);
  db.exec("PRAGMA wal_autocheckpoint = 0");
  return db;
}

}  // namespace

WalCheckpointer::WalCheckpointer(const std::string& path, const std::string& synchronous,
                                 int wal_pages)
    : db_(open_checkpointer(path, synchronous)),
      wal_pages_(wal_pages),
      restart_pages_(2 * wal_pages) {
  thread_ = std::thread([this] { run(); });
}

WalCheckpointer::~WalCheckpointer() {
  stop();
}

void WalCheckpointer::watch(sqlite3* writer) {
  sqlite3_wal_autocheckpoint(writer, 0);
  sqlite3_wal_hook(writer, &WalCheckpointer::on_commit, this);
}

int WalCheckpointer::on_commit(void* self, sqlite3*, const char*, int pages) {
  static_cast<WalCheckpointer*>(self)->log_grew(pages);
  return SQLITE_OK;
}

void WalCheckpointer::log_grew(int pages) {
  // Once the log has restarted from its beginning, it is counted from there.
  if (pages < mark_) mark_ = 0;
  if (pages - mark_ < wal_pages_) return;
  mark_ = pages;
  {
    std::lock_guard lock(mutex_);
    if (due_) return;
    due_ = true;
  }
  wake_.notify_one();
}

void WalCheckpointer::stop() {
  {
    std::lock_guard lock(mutex_);
    if (stopping_ && !thread_.joinable()) return;
    stopping_ = true;
  }
  wake_.notify_one();
  if (thread_.joinable()) thread_.join();
}

void WalCheckpointer::run() {
  for (;;) {
    bool last = false;
    {
      std::unique_lock lock(mutex_);
      wake_.wait(lock, [this] { return due_ || stopping_; });
      due_ = false;
      last = stopping_;
    }
    checkpoint();
    if (last) return;
  }
}

void WalCheckpointer::checkpoint() {
  int log_pages = 0;
  int copied = 0;
  const int rc = sqlite3_wal_checkpoint_v2(db_.getHandle(), nullptr, SQLITE_CHECKPOINT_PASSIVE,
                                           &log_pages, &copied);
  if (rc != SQLITE_OK && rc != SQLITE_BUSY) {
    std::cerr << "kefu: store: checkpoint failed: " << sqlite3_errstr(rc) << "\n";
    return;
  }
  ++checkpoints_;
  // The writer starts the log again from its beginning only if, when it begins a transaction,
  // every page has been copied and no reader still reads from the log: under steady reads that
  // almost never happens, and the log would grow without end (hundreds of MB a minute under
  // load). Once it is long, a RESTART checkpoint waits (at most the busy timeout) for those
  // readers, so that the next transaction writes the log from its start again.
  if (rc == SQLITE_OK && log_pages >= restart_pages_) {
    const int restarted = sqlite3_wal_checkpoint_v2(db_.getHandle(), nullptr,
                                                    SQLITE_CHECKPOINT_RESTART, &log_pages, &copied);
    if (restarted == SQLITE_OK) ++restarts_;
  }
}

}  // namespace kefu::store
