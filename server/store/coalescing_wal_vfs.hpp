#pragma once

#include <cstdint>

namespace kefu::store {

// The name of an SQLite VFS that is the platform's default VFS except for write-ahead logs:
// the frames a transaction appends to its log are gathered in memory and written with one
// system call when SQLite syncs the log at COMMIT, instead of two `pwrite` calls per page
// (frame header, then page). On this project's virtual machines a system call costs several
// microseconds, and a group commit of the store writer appends hundreds of pages.
//
// What SQLite sees does not change: a read, truncate, size query, file control or close of the
// log first writes what is gathered, so the connection always reads its own writes, and a sync
// writes it before it syncs. Other connections read only frames of committed transactions, and
// with `synchronous = FULL` (or EXTRA) SQLite syncs the log before it publishes a commit, so
// they never see a frame that is still in memory. Use it only with those two levels: with
// NORMAL or OFF a commit is published without a sync. A failed write surfaces at the sync, and
// SQLite then fails the COMMIT as it would have failed the write.
//
// Registers the VFS on first use (thread-safe) and returns its name, for `sqlite3_open_v2`.
const char* coalescing_wal_vfs();

// What the VFS has done since the process started, over all its logs.
struct WalWriteCounts {
  std::uint64_t received = 0;  // writes SQLite asked for (two per frame)
  std::uint64_t issued = 0;    // writes handed to the file system
};

// Thread-safe.
WalWriteCounts coalescing_wal_vfs_counts();

}  // namespace kefu::store
