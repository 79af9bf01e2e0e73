#include "localcloud/sqlite/store.h"

#include <sqlite3.h>
#include <sys/statvfs.h>
#include <unistd.h>

#include <atomic>
#include <future>

#include "localcloud/core/inline_work.h"
#include "wal_gather.h"

namespace localcloud::sqlite {
namespace {

// Every connection maps the database file, up to 1 GiB.
constexpr const char* kMapTheFile = "PRAGMA mmap_size=1073741824";

// Jobs in one transaction at most: bounds the latency a job adds to others.
constexpr size_t kMaxBatch = 512;

// A server thread with at most this many connections commits a lone write
// itself (see write_async). With more, its other clients would wait behind
// the commit, and the writer thread's groups would shrink: PutItem at 16
// connections did 18% fewer writes when every server thread committed inline.
constexpr int kInlineCommitConnections = 2;

// WAL frames (pages) not yet copied into the database file after which the
// checkpointer copies them: SQLite's own default threshold. Counted from the
// last checkpoint, not from the start of the WAL: asked after every commit
// once the WAL held 1000 frames, the checkpointer ran back to back, each run
// copying a few frames and paying two fsyncs (some 100 runs a second under
// PutItem at 16 connections).
constexpr int kCheckpointPages = 1000;

// WAL frames after which the WAL is restarted (~64 MB): SQLite starts it
// over only at a write that finds it wholly copied, which a sustained stream
// of writes never gives by itself. Past this size the checkpointer runs back
// to back, each run copying what was committed during the one before, and
// the writer restarts the WAL inside a commit once no run is in progress and
// little is left to copy. A restart stalls every write for as long as it
// takes, mostly the fsync of all the pages copied since the last one, so
// fewer of them win: PutItem on a table with two GSIs and a stream at 16
// connections, 3 alternating rounds, went from 8,274-9,112 to 11,049-11,481
// writes/s and p99 from 28.5 to 4.8 ms against a restart every 8,000 frames
// that first waited for a run in progress (80 of them in 12 s, 15-35 ms
// each); a plain table +5%.
constexpr int kRestartPages = 16 * kCheckpointPages;
constexpr int kRestartRemainder = 200;

// WAL frames after which the writer restarts the WAL however much is left to
// copy, waiting for a run in progress: the bound on the WAL (~128 MB).
constexpr int kForcedRestartPages = 2 * kRestartPages;

constexpr uintmax_t kTmpfsFree = uintmax_t{1} << 30;

// Where in-memory stores go by default: tmpfs, unless it is missing or too
// small to be worth it (a container's 64 MB /dev/shm).
std::filesystem::path default_memory_parent() {
  const char* shm = "/dev/shm";
  struct statvfs fs;
  if (::access(shm, W_OK | X_OK) == 0 && ::statvfs(shm, &fs) == 0 &&
      uintmax_t{fs.f_bavail} * fs.f_frsize >= kTmpfsFree)
    return shm;
  return std::filesystem::temp_directory_path();
}

}  // namespace

std::unique_ptr<Store> Store::open(const StoreOptions& options) {
  // In memory: the durable store's WAL database, on tmpfs and never synced.
  // A shared-cache memory database (every connection on one B-tree, entered
  // under a mutex at each step) did half the Scans at 16 connections.
  if (options.in_memory) {
    auto scratch = ScratchDir::make(
        options.memory_parent.empty() ? default_memory_parent() : options.memory_parent,
        "localcloud-memory-");
    auto uri = "file:" + (scratch->path() / "localcloud.db").string() + "?vfs=" + wal_gather_vfs();
    return std::unique_ptr<Store>(new Store(uri, "memory", options.readers, std::move(scratch)));
  }
  std::error_code ec;
  std::filesystem::create_directories(options.data_dir, ec);
  if (ec)
    throw std::runtime_error("cannot create data directory " + options.data_dir.string() + ": " +
                             ec.message());
  auto file = std::filesystem::absolute(options.data_dir / "localcloud.db");
  // unix-excl: the first connection locks the file for this process alone,
  // so the WAL index lives in the heap and reads take no file locks (an
  // fcntl pair per read transaction otherwise); a second process finds the
  // database busy. Wrapped so that a commit's WAL frames go out in one write
  // (wal_gather.h).
  try {
    return std::unique_ptr<Store>(new Store("file:" + file.string() + "?vfs=" + wal_gather_vfs(),
                                            file.string(), options.readers));
  } catch (const SqliteError& e) {
    if ((e.code() & 0xff) != SQLITE_BUSY) throw;
    throw std::runtime_error(options.data_dir.string() +
                             " is in use by another process (one localcloud per data directory)");
  }
}

Store::Store(std::string uri, std::string description, int readers,
             std::unique_ptr<ScratchDir> scratch)
    : scratch_(std::move(scratch)), uri_(std::move(uri)), description_(std::move(description)) {
  writer_ = std::make_unique<Connection>(uri_, Connection::Mode::kReadWrite);
  writer_->exec("PRAGMA journal_mode=WAL");
  // In memory nothing is to survive the process: no fsync at all.
  writer_->exec(scratch_ ? "PRAGMA synchronous=OFF" : "PRAGMA synchronous=NORMAL");
  // Checkpoints (copying the WAL into the database file, with fsyncs)
  // would otherwise run inside the commit that crosses the threshold and
  // stall every write queued behind it; a thread of their own runs them
  // beside the writer instead (PASSIVE: never blocking it or readers).
  writer_->exec("PRAGMA wal_autocheckpoint=0");
  // Pages that are not in the WAL are read through the map, as the readers
  // do, instead of one pread each: with random keys the index B-trees soon
  // outgrow the writer's page cache (PutItem on a table with two GSIs and
  // a stream at 16 connections: ~5,000 preads of the database file a
  // second; in 6 alternating pairs of runs the map won 5, median ops/s
  // +7%, server CPU per write 113-151 -> 109-136 us; a plain table within
  // noise).
  writer_->exec(kMapTheFile);
  sqlite3_wal_hook(
      writer_->handle(),
      [](void* self, sqlite3* db, const char*, int pages) {
        auto* store = static_cast<Store*>(self);
        // Fewer frames than were copied: the WAL has started over.
        int copied = store->checkpointed_frames_.load(std::memory_order_relaxed);
        int waiting = pages >= copied ? pages - copied : pages;
        if (pages >= kForcedRestartPages) {
          store->restart_wal(db, true);
        } else if (pages >= kRestartPages && waiting <= kRestartRemainder) {
          store->restart_wal(db, false);
        } else if (waiting >= kCheckpointPages || pages >= kRestartPages) {
          store->request_checkpoint();
        }
        return SQLITE_OK;
      },
      this);
  checkpointer_ = std::make_unique<Connection>(uri_, Connection::Mode::kReadWrite);
  // A connection learns that the database is in WAL mode, and opens the
  // WAL, only when it first reads; until then its checkpoints do nothing.
  checkpointer_->exec("SELECT count(*) FROM sqlite_master");
  checkpoint_thread_ = std::thread([this] { checkpoint_loop(); });
  writer_->exec("PRAGMA foreign_keys=ON");
  writer_->exec(
      "CREATE TABLE IF NOT EXISTS schema_migrations ("
      "component TEXT PRIMARY KEY, version INTEGER NOT NULL)");
  for (int i = 0; i < std::max(1, readers); ++i) {
    auto conn = std::make_unique<Connection>(uri_, Connection::Mode::kReadWrite);
    conn->exec("PRAGMA query_only=1");
    conn->exec(kMapTheFile);
    conn->exec("PRAGMA cache_size=-8192");
    idle_readers_.push_back(conn.get());
    readers_.push_back(std::move(conn));
  }
  writer_thread_ = std::thread([this] { writer_loop(); });
}

Store::~Store() {
  {
    std::lock_guard lock(queue_mu_);
    stopping_ = true;
  }
  queue_cv_.notify_all();
  if (writer_thread_.joinable()) writer_thread_.join();
  {
    std::lock_guard lock(checkpoint_mu_);
    checkpoint_stopping_ = true;
  }
  checkpoint_cv_.notify_all();
  if (checkpoint_thread_.joinable()) checkpoint_thread_.join();
  checkpointer_.reset();
  readers_.clear();
  std::lock_guard writing(writer_mu_);  // a server thread may be finishing an inline commit
  if (!scratch_) {
    try {
      writer_->exec("PRAGMA wal_checkpoint(TRUNCATE)");
    } catch (const SqliteError&) {
      // A reader elsewhere may hold the WAL; SQLite checkpoints on close anyway.
    }
  }
  writer_.reset();
  scratch_.reset();
}

void Store::migrate(std::string_view component, std::span<const Migration> steps) {
  write([&](Connection& conn) {
    int current = 0;
    {
      auto q = conn.prepare("SELECT version FROM schema_migrations WHERE component = ?");
      q.bind(1, component);
      if (q.step()) current = static_cast<int>(q.column_int(0));
    }
    for (const auto& step : steps) {
      if (step.version <= current) continue;
      if (step.version != current + 1)
        throw std::runtime_error("migration gap in " + std::string(component));
      conn.exec(step.sql);
      current = step.version;
    }
    auto up = conn.prepare(
        "INSERT INTO schema_migrations(component, version) VALUES(?, ?) "
        "ON CONFLICT(component) DO UPDATE SET version = excluded.version");
    up.bind(1, component).bind(2, static_cast<int64_t>(current)).run();
  });
}

void Store::write_async(WriteFn fn, DoneFn done, bool here_if_idle) {
  // A lone write from a server thread with few connections while the writer
  // is idle: commit it here (twice the PutItem rate at one connection). Only
  // with nothing queued, so that jobs still run in the order they came; a
  // thread already inside inline work (a job, a completion) queues as before.
  int connections = here_if_idle ? inline_work::connections() : -1;
  if (connections >= 0 && connections <= kInlineCommitConnections && inline_work::available()) {
    std::unique_lock writing(writer_mu_, std::try_to_lock);
    if (writing.owns_lock()) {
      bool idle = false;
      {
        std::lock_guard lock(queue_mu_);
        idle = !stopping_ && queue_.empty();
      }
      if (idle) {
        inline_work::Section busy;
        std::vector<Job> batch;
        batch.push_back(Job{std::move(fn), std::move(done)});
        run_batch(batch);
        return;
      }
    }
  }
  {
    std::lock_guard lock(queue_mu_);
    if (stopping_) {
      done(std::make_exception_ptr(std::runtime_error("store is shutting down")));
      return;
    }
    queue_.push_back(Job{std::move(fn), std::move(done)});
  }
  queue_cv_.notify_one();
}

void Store::write(WriteFn fn) {
  std::promise<void> committed;
  auto future = committed.get_future();
  write_async(std::move(fn), [&committed](std::exception_ptr error) {
    if (error) {
      committed.set_exception(error);
    } else {
      committed.set_value();
    }
  });
  future.get();
}

void Store::writer_loop() {
  std::vector<Job> batch;
  for (;;) {
    {
      std::unique_lock lock(queue_mu_);
      queue_cv_.wait(lock, [this] { return stopping_ || !queue_.empty(); });
      if (queue_.empty()) return;  // stopping, and everything queued has run
    }
    // Only this thread takes jobs off the queue, so they are still there
    // once the writer is free.
    std::lock_guard writing(writer_mu_);
    {
      std::lock_guard lock(queue_mu_);
      while (!queue_.empty() && batch.size() < kMaxBatch) {
        batch.push_back(std::move(queue_.front()));
        queue_.pop_front();
      }
    }
    run_batch(batch);
    batch.clear();
  }
}

void Store::run_batch(std::vector<Job>& batch) {
  std::vector<std::exception_ptr> errors(batch.size());
  std::exception_ptr commit_error;
  batch_number_.fetch_add(1, std::memory_order_acq_rel);
  try {
    Transaction tx(*writer_);
    // A lone job needs no savepoint: the transaction itself rolls it back.
    bool alone = batch.size() == 1;
    for (size_t i = 0; i < batch.size(); ++i) {
      if (!alone) writer_->cached("SAVEPOINT job").run();
      try {
        batch[i].fn(*writer_);
        if (!alone) writer_->cached("RELEASE job").run();
        writer_->end_job(true);
      } catch (...) {
        errors[i] = std::current_exception();
        if (alone) throw;
        writer_->end_job(false);
        writer_->cached("ROLLBACK TO job").run();
        writer_->cached("RELEASE job").run();
      }
    }
    tx.commit();
  } catch (...) {
    // A lone job's own failure is its error; anything else failed the commit.
    if (batch.size() == 1 && errors[0]) {
      commit_error = nullptr;
    } else {
      commit_error = std::current_exception();
    }
  }
  {
    std::lock_guard lock(queue_mu_);
    ++commits_;
    committed_jobs_ += batch.size();
  }
  if (!commit_error)
    for (const auto& listener : commit_listeners_) listener();
  for (size_t i = 0; i < batch.size(); ++i) {
    if (batch[i].done) batch[i].done(commit_error ? commit_error : errors[i]);
  }
}

void Store::request_checkpoint() {
  {
    std::lock_guard lock(checkpoint_mu_);
    checkpoint_wanted_ = true;
  }
  checkpoint_cv_.notify_one();
}

// In the writer's commit: copies what the checkpointer has not and restarts
// the WAL (waiting, up to the busy timeout, for readers of older snapshots;
// if they outlast it, a later commit retries). Unless `wait`, only when the
// checkpointer is between runs; otherwise it runs again.
void Store::restart_wal(sqlite3* writer, bool wait) {
  std::unique_lock running(checkpoint_running_, std::defer_lock);
  if (wait) {
    running.lock();
  } else if (!running.try_lock()) {
    request_checkpoint();
    return;
  }
  int copied = -1;
  int rc = sqlite3_wal_checkpoint_v2(writer, nullptr, SQLITE_CHECKPOINT_RESTART, nullptr, &copied);
  // Done, the next write starts the WAL over; busy, it copied what it could.
  if (rc == SQLITE_OK) copied = 0;
  if (copied >= 0) checkpointed_frames_.store(copied, std::memory_order_relaxed);
}

void Store::checkpoint_loop() {
  std::unique_lock lock(checkpoint_mu_);
  for (;;) {
    checkpoint_cv_.wait(lock, [this] { return checkpoint_stopping_ || checkpoint_wanted_; });
    if (checkpoint_stopping_) return;
    checkpoint_wanted_ = false;
    lock.unlock();
    {
      // Busy (the WAL being reset) just means later.
      std::lock_guard running(checkpoint_running_);
      int copied = -1;
      sqlite3_wal_checkpoint_v2(checkpointer_->handle(), nullptr, SQLITE_CHECKPOINT_PASSIVE,
                                nullptr, &copied);
      if (copied >= 0) checkpointed_frames_.store(copied, std::memory_order_relaxed);
      checkpoints_.fetch_add(1, std::memory_order_relaxed);
    }
    lock.lock();
  }
}

void Store::add_commit_listener(std::function<void()> listener) {
  commit_listeners_.push_back(std::move(listener));
}

uint64_t Store::commits() const {
  std::lock_guard lock(queue_mu_);
  return commits_;
}

uint64_t Store::committed_jobs() const {
  std::lock_guard lock(queue_mu_);
  return committed_jobs_;
}

std::string Store::describe() const { return description_; }

Store::Lease::Lease(Store& s) : store(s), conn(s.checkout()) {}
Store::Lease::~Lease() { store.checkin(conn); }

Connection* Store::checkout() {
  std::unique_lock lock(pool_mu_);
  pool_cv_.wait(lock, [this] { return !idle_readers_.empty(); });
  Connection* conn = idle_readers_.back();
  idle_readers_.pop_back();
  return conn;
}

void Store::checkin(Connection* conn) {
  {
    std::lock_guard lock(pool_mu_);
    idle_readers_.push_back(conn);
  }
  pool_cv_.notify_one();
}

}  // namespace localcloud::sqlite
