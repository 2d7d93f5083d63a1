#pragma once

#include <sqlite3.h>

#include <chrono>

namespace kefu::store {

// Makes `db` wait for a lock another connection holds by retrying every 100 microseconds, for
// at most `limit`, instead of SQLite's default busy handler, which sleeps 1, 2, 5, 10, 15 ms and
// longer between tries: a lock the store writer or the checkpointer holds for 2 ms would cost
// the other one 8 ms, and every message in its group waits with it. Replaces any busy timeout
// or handler set before. The wait's start is kept per thread: use a connection from one thread
// at a time (as every store connection is).
void wait_briefly_when_busy(sqlite3* db, std::chrono::milliseconds limit);

}  // namespace kefu::store
