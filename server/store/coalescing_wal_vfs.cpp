#include "server/store/coalescing_wal_vfs.hpp"

#include <sqlite3.h>

#include <algorithm>
#include <atomic>
#include <cstddef>
#include <cstring>
#include <mutex>
#include <stdexcept>
#include <string>
#include <vector>

namespace kefu::store {
namespace {

constexpr const char* kVfsName = "kefu-coalescing-wal";
// Beyond this many gathered bytes the log is written at once: a transaction that spills its
// cache should not hold a copy of all of it in memory.
constexpr std::size_t kMaxGathered = std::size_t{8} << 20;
// The unix VFS writes at most 128 KiB - 1 bytes per call (it masks the length with 0x1ffff), so
// gathered bytes go out in pieces of 124 KiB: about 30 frames of 4 KiB pages each.
constexpr std::size_t kMaxWrite = 124 * 1024;

std::atomic<std::uint64_t> writes_received{0};
std::atomic<std::uint64_t> writes_issued{0};

// Bytes written to the log and not yet handed to the file: one contiguous run from `offset`.
struct Gathered {
  std::vector<unsigned char> bytes;
  sqlite3_int64 offset = 0;
};

// An open write-ahead log. SQLite allocates `szOsFile` bytes for it: this header, then the
// default VFS's own file object.
struct WalFile {
  sqlite3_file base;
  sqlite3_file* real;
  Gathered* gathered;
};

constexpr int kHeaderSize = static_cast<int>((sizeof(WalFile) + 7) / 8 * 8);

sqlite3_vfs* default_vfs(sqlite3_vfs* ours) {
  return static_cast<sqlite3_vfs*>(ours->pAppData);
}

WalFile* wal(sqlite3_file* file) {
  return reinterpret_cast<WalFile*>(file);
}

int flush(WalFile* f) {
  Gathered& g = *f->gathered;
  int rc = SQLITE_OK;
  for (std::size_t done = 0; done < g.bytes.size() && rc == SQLITE_OK; done += kMaxWrite) {
    const std::size_t n = std::min(kMaxWrite, g.bytes.size() - done);
    writes_issued.fetch_add(1, std::memory_order_relaxed);
    rc = f->real->pMethods->xWrite(f->real, g.bytes.data() + done, static_cast<int>(n),
                                   g.offset + static_cast<sqlite3_int64>(done));
  }
  g.bytes.clear();
  return rc;
}

int wal_close(sqlite3_file* file) {
  WalFile* f = wal(file);
  int flushed = flush(f);
  int closed = f->real->pMethods->xClose(f->real);
  delete f->gathered;
  f->gathered = nullptr;
  return flushed != SQLITE_OK ? flushed : closed;
}

int wal_read(sqlite3_file* file, void* out, int amount, sqlite3_int64 offset) {
  WalFile* f = wal(file);
  if (int rc = flush(f); rc != SQLITE_OK) return rc;
  return f->real->pMethods->xRead(f->real, out, amount, offset);
}

int wal_write(sqlite3_file* file, const void* data, int amount, sqlite3_int64 offset) {
  WalFile* f = wal(file);
  Gathered& g = *f->gathered;
  writes_received.fetch_add(1, std::memory_order_relaxed);
  const auto n = static_cast<std::size_t>(amount);
  bool follows = !g.bytes.empty() &&
                 offset == g.offset + static_cast<sqlite3_int64>(g.bytes.size()) &&
                 g.bytes.size() + n <= kMaxGathered;
  if (!follows) {
    if (int rc = flush(f); rc != SQLITE_OK) return rc;
    g.offset = offset;
  }
  const auto* bytes = static_cast<const unsigned char*>(data);
  g.bytes.insert(g.bytes.end(), bytes, bytes + n);
  return SQLITE_OK;
}

int wal_truncate(sqlite3_file* file, sqlite3_int64 size) {
  WalFile* f = wal(file);
  if (int rc = flush(f); rc != SQLITE_OK) return rc;
  return f->real->pMethods->xTruncate(f->real, size);
}

int wal_sync(sqlite3_file* file, int flags) {
  WalFile* f = wal(file);
  if (int rc = flush(f); rc != SQLITE_OK) return rc;
  return f->real->pMethods->xSync(f->real, flags);
}

int wal_file_size(sqlite3_file* file, sqlite3_int64* size) {
  WalFile* f = wal(file);
  if (int rc = flush(f); rc != SQLITE_OK) return rc;
  return f->real->pMethods->xFileSize(f->real, size);
}

int wal_lock(sqlite3_file* file, int level) {
  return wal(file)->real->pMethods->xLock(wal(file)->real, level);
}

int wal_unlock(sqlite3_file* file, int level) {
  return wal(file)->real->pMethods->xUnlock(wal(file)->real, level);
}

int wal_check_reserved_lock(sqlite3_file* file, int* out) {
  return wal(file)->real->pMethods->xCheckReservedLock(wal(file)->real, out);
}

int wal_file_control(sqlite3_file* file, int op, void* arg) {
  WalFile* f = wal(file);
  // A size hint only asks the file system to reserve space; anything else may look at the
  // file's contents.
  if (op != SQLITE_FCNTL_SIZE_HINT) {
    if (int rc = flush(f); rc != SQLITE_OK) return rc;
  }
  return f->real->pMethods->xFileControl(f->real, op, arg);
}

int wal_sector_size(sqlite3_file* file) {
  return wal(file)->real->pMethods->xSectorSize(wal(file)->real);
}

int wal_device_characteristics(sqlite3_file* file) {
  return wal(file)->real->pMethods->xDeviceCharacteristics(wal(file)->real);
}

int wal_shm_map(sqlite3_file* file, int page, int size, int extend, void volatile** out) {
  return wal(file)->real->pMethods->xShmMap(wal(file)->real, page, size, extend, out);
}

int wal_shm_lock(sqlite3_file* file, int offset, int n, int flags) {
  return wal(file)->real->pMethods->xShmLock(wal(file)->real, offset, n, flags);
}

void wal_shm_barrier(sqlite3_file* file) {
  wal(file)->real->pMethods->xShmBarrier(wal(file)->real);
}

int wal_shm_unmap(sqlite3_file* file, int delete_flag) {
  return wal(file)->real->pMethods->xShmUnmap(wal(file)->real, delete_flag);
}

int wal_fetch(sqlite3_file* file, sqlite3_int64 offset, int amount, void** out) {
  WalFile* f = wal(file);
  if (int rc = flush(f); rc != SQLITE_OK) return rc;
  return f->real->pMethods->xFetch(f->real, offset, amount, out);
}

int wal_unfetch(sqlite3_file* file, sqlite3_int64 offset, void* page) {
  return wal(file)->real->pMethods->xUnfetch(wal(file)->real, offset, page);
}

// Version 3 methods; `open` lowers the version to the default VFS's file's.
sqlite3_io_methods wal_methods_template() {
  sqlite3_io_methods m{};
  m.iVersion = 3;
  m.xClose = wal_close;
  m.xRead = wal_read;
  m.xWrite = wal_write;
  m.xTruncate = wal_truncate;
  m.xSync = wal_sync;
  m.xFileSize = wal_file_size;
  m.xLock = wal_lock;
  m.xUnlock = wal_unlock;
  m.xCheckReservedLock = wal_check_reserved_lock;
  m.xFileControl = wal_file_control;
  m.xSectorSize = wal_sector_size;
  m.xDeviceCharacteristics = wal_device_characteristics;
  m.xShmMap = wal_shm_map;
  m.xShmLock = wal_shm_lock;
  m.xShmBarrier = wal_shm_barrier;
  m.xShmUnmap = wal_shm_unmap;
  m.xFetch = wal_fetch;
  m.xUnfetch = wal_unfetch;
  return m;
}

// One table of methods per version the default VFS's files may have (1 to 3).
const sqlite3_io_methods* wal_methods(int version) {
  static const sqlite3_io_methods v3 = wal_methods_template();
  static const sqlite3_io_methods v2 = [] {
    sqlite3_io_methods m = wal_methods_template();
    m.iVersion = 2;
    return m;
  }();
  static const sqlite3_io_methods v1 = [] {
    sqlite3_io_methods m = wal_methods_template();
    m.iVersion = 1;
    return m;
  }();
  return version >= 3 ? &v3 : version == 2 ? &v2 : &v1;
}

int vfs_open(sqlite3_vfs* vfs, sqlite3_filename name, sqlite3_file* file, int flags,
             int* out_flags) {
  sqlite3_vfs* real_vfs = default_vfs(vfs);
  if ((flags & SQLITE_OPEN_WAL) == 0) {
    // Everything but the log is the default VFS's own file, in the space SQLite gave us.
    return real_vfs->xOpen(real_vfs, name, file, flags, out_flags);
  }
  WalFile* f = wal(file);
  f->base.pMethods = nullptr;
  f->real = reinterpret_cast<sqlite3_file*>(reinterpret_cast<char*>(file) + kHeaderSize);
  f->gathered = nullptr;
  int rc = real_vfs->xOpen(real_vfs, name, f->real, flags, out_flags);
  if (rc != SQLITE_OK || f->real->pMethods == nullptr) return rc;
  f->gathered = new Gathered();
  f->base.pMethods = wal_methods(f->real->pMethods->iVersion);
  return SQLITE_OK;
}

sqlite3_vfs* register_vfs() {
  sqlite3_vfs* real = sqlite3_vfs_find(nullptr);
  if (real == nullptr) throw std::runtime_error("SQLite has no default VFS");
  // Every other method is the default VFS's, which reads only fields copied here.
  static sqlite3_vfs ours = *real;
  ours.zName = kVfsName;
  ours.pNext = nullptr;
  ours.pAppData = real;
  ours.szOsFile = std::max(real->szOsFile, kHeaderSize + real->szOsFile);
  ours.xOpen = vfs_open;
  if (int rc = sqlite3_vfs_register(&ours, 0); rc != SQLITE_OK) {
    throw std::runtime_error(std::string("cannot register the coalescing WAL VFS: ") +
                             sqlite3_errstr(rc));
  }
  return &ours;
}

}  // namespace

const char* coalescing_wal_vfs() {
  static std::once_flag once;
  std::call_once(once, [] { register_vfs(); });
  return kVfsName;
}

WalWriteCounts coalescing_wal_vfs_counts() {
  return {writes_received.load(std::memory_order_relaxed),
          writes_issued.load(std::memory_order_relaxed)};
}

}  // namespace kefu::store
