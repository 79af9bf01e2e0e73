#include "wal_gather.h"

#include <sqlite3.h>

#include <cstdint>
#include <mutex>
#include <new>
#include <stdexcept>
#include <string>

#include "library.h"

namespace localcloud::sqlite {
namespace {

constexpr int kFrameHeaderBytes = 24;
// A commit larger than this goes out in pieces of at most this size: the
// unix VFS writes less than 128 KiB a call (it masks the count to 17 bits).
constexpr size_t kMaxHeldBytes = 96 * 1024;

// What SQLite allocates for each file we open (szOsFile bytes, not
// constructed): this header, then the underlying VFS's file.
struct alignas(8) File {
  sqlite3_file base;              // base.pMethods: ours
  std::string* held = nullptr;    // a WAL's pending writes, contiguous; null for other files
  sqlite3_int64 held_at = 0;      // the file offset of held's first byte
  bool commit_page_next = false;  // the last write was a commit frame's header

  sqlite3_file* real() { return reinterpret_cast<sqlite3_file*>(this + 1); }
  const sqlite3_io_methods& io() { return *real()->pMethods; }
};

File& as_file(sqlite3_file* f) { return *reinterpret_cast<File*>(f); }

sqlite3_vfs* underlying = nullptr;
sqlite3_vfs gather_vfs;

int write_held(File& f) {
  if (!f.held || f.held->empty()) return SQLITE_OK;
  int rc = f.io().xWrite(f.real(), f.held->data(), static_cast<int>(f.held->size()), f.held_at);
  f.held->clear();
  return rc;
}

// A frame header's bytes 4..7 hold the database size after a commit, and are
// zero on every other frame.
bool is_commit_frame_header(const void* data, int amount) {
  if (amount != kFrameHeaderBytes) return false;
  const auto* p = static_cast<const unsigned char*>(data);
  return (p[4] | p[5] | p[6] | p[7]) != 0;
}

int x_close(sqlite3_file* file) {
  File& f = as_file(file);
  int rc = write_held(f);
  delete f.held;
  f.held = nullptr;
  int closed = f.io().xClose(f.real());
  return rc != SQLITE_OK ? rc : closed;
}

int x_read(sqlite3_file* file, void* out, int amount, sqlite3_int64 offset) {
  File& f = as_file(file);
  if (int rc = write_held(f); rc != SQLITE_OK) return rc;
  return f.io().xRead(f.real(), out, amount, offset);
}

int x_write(sqlite3_file* file, const void* data, int amount, sqlite3_int64 offset) {
  File& f = as_file(file);
  if (!f.held) return f.io().xWrite(f.real(), data, amount, offset);
  std::string& held = *f.held;
  if (!held.empty() && (offset != f.held_at + static_cast<sqlite3_int64>(held.size()) ||
                        held.size() + static_cast<size_t>(amount) > kMaxHeldBytes)) {
    if (int rc = write_held(f); rc != SQLITE_OK) return rc;
  }
  if (held.empty()) f.held_at = offset;
  try {
    held.append(static_cast<const char*>(data), static_cast<size_t>(amount));
  } catch (const std::bad_alloc&) {
    return SQLITE_NOMEM;
  }
  bool ends_commit = f.commit_page_next;
  f.commit_page_next = is_commit_frame_header(data, amount);
  return ends_commit ? write_held(f) : SQLITE_OK;
}

int x_truncate(sqlite3_file* file, sqlite3_int64 size) {
  File& f = as_file(file);
  if (int rc = write_held(f); rc != SQLITE_OK) return rc;
  return f.io().xTruncate(f.real(), size);
}

int x_sync(sqlite3_file* file, int flags) {
  File& f = as_file(file);
  if (int rc = write_held(f); rc != SQLITE_OK) return rc;
  return f.io().xSync(f.real(), flags);
}

int x_file_size(sqlite3_file* file, sqlite3_int64* size) {
  File& f = as_file(file);
  if (int rc = write_held(f); rc != SQLITE_OK) return rc;
  return f.io().xFileSize(f.real(), size);
}

int x_lock(sqlite3_file* file, int level) {
  File& f = as_file(file);
  return f.io().xLock(f.real(), level);
}

int x_unlock(sqlite3_file* file, int level) {
  File& f = as_file(file);
  return f.io().xUnlock(f.real(), level);
}

int x_check_reserved_lock(sqlite3_file* file, int* out) {
  File& f = as_file(file);
  return f.io().xCheckReservedLock(f.real(), out);
}

int x_file_control(sqlite3_file* file, int op, void* arg) {
  File& f = as_file(file);
  if (int rc = write_held(f); rc != SQLITE_OK) return rc;
  return f.io().xFileControl(f.real(), op, arg);
}

int x_sector_size(sqlite3_file* file) {
  File& f = as_file(file);
  return f.io().xSectorSize(f.real());
}

int x_device_characteristics(sqlite3_file* file) {
  File& f = as_file(file);
  return f.io().xDeviceCharacteristics(f.real());
}

int x_shm_map(sqlite3_file* file, int page, int page_size, int extend, void volatile** out) {
  File& f = as_file(file);
  return f.io().xShmMap(f.real(), page, page_size, extend, out);
}

int x_shm_lock(sqlite3_file* file, int offset, int n, int flags) {
  File& f = as_file(file);
  return f.io().xShmLock(f.real(), offset, n, flags);
}

void x_shm_barrier(sqlite3_file* file) {
  File& f = as_file(file);
  f.io().xShmBarrier(f.real());
}

int x_shm_unmap(sqlite3_file* file, int delete_flag) {
  File& f = as_file(file);
  return f.io().xShmUnmap(f.real(), delete_flag);
}

int x_fetch(sqlite3_file* file, sqlite3_int64 offset, int amount, void** out) {
  File& f = as_file(file);
  if (int rc = write_held(f); rc != SQLITE_OK) return rc;
  return f.io().xFetch(f.real(), offset, amount, out);
}

int x_unfetch(sqlite3_file* file, sqlite3_int64 offset, void* p) {
  File& f = as_file(file);
  return f.io().xUnfetch(f.real(), offset, p);
}

const sqlite3_io_methods kMethods = {3,
                                     x_close,
                                     x_read,
                                     x_write,
                                     x_truncate,
                                     x_sync,
                                     x_file_size,
                                     x_lock,
                                     x_unlock,
                                     x_check_reserved_lock,
                                     x_file_control,
                                     x_sector_size,
                                     x_device_characteristics,
                                     x_shm_map,
                                     x_shm_lock,
                                     x_shm_barrier,
                                     x_shm_unmap,
                                     x_fetch,
                                     x_unfetch};

int x_open(sqlite3_vfs*, sqlite3_filename name, sqlite3_file* file, int flags, int* out_flags) {
  File& f = as_file(file);
  f.base.pMethods = nullptr;  // until the real file is open: SQLite then skips xClose
  f.held = nullptr;
  f.held_at = 0;
  f.commit_page_next = false;
  int rc = underlying->xOpen(underlying, name, f.real(), flags, out_flags);
  if (rc != SQLITE_OK) return rc;
  // The methods above call the underlying file's, of version 3 for unix.
  if (f.real()->pMethods->iVersion < 3) {
    f.io().xClose(f.real());
    return SQLITE_CANTOPEN;
  }
  if (flags & SQLITE_OPEN_WAL) {
    f.held = new (std::nothrow) std::string;
    if (!f.held) {
      f.io().xClose(f.real());
      return SQLITE_NOMEM;
    }
  }
  f.base.pMethods = &kMethods;
  return SQLITE_OK;
}

}  // namespace

const char* wal_gather_vfs() {
  static std::once_flag once;
  std::call_once(once, [] {
    configure_library();  // before sqlite3_vfs_find initialises SQLite
    underlying = sqlite3_vfs_find("unix-excl");
    if (!underlying) throw std::runtime_error("SQLite has no unix-excl VFS");
    // Everything but opening files is the underlying VFS's, whose other
    // methods read nothing of the VFS object but what is copied here.
    gather_vfs = *underlying;
    gather_vfs.pNext = nullptr;
    gather_vfs.zName = "localcloud-unix-excl";
    gather_vfs.szOsFile = static_cast<int>(sizeof(File)) + underlying->szOsFile;
    gather_vfs.xOpen = x_open;
    int rc = sqlite3_vfs_register(&gather_vfs, 0);
    if (rc != SQLITE_OK) throw std::runtime_error("cannot register the SQLite VFS");
  });
  return gather_vfs.zName;
}

}  // namespace localcloud::sqlite
