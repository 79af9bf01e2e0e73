// Store: the process's SQLite database, shared by every service.
//
// One writer connection commits in groups: write jobs queued while a commit
// is in progress run together in the next transaction, each in its own
// SAVEPOINT so one failing job rolls back alone. A dedicated thread runs the
// queued groups. A job its caller lets run here (write_async's here_if_idle)
// may instead run on the calling server thread, when that serves few
// connections and finds the writer idle with nothing queued: a lone write
// then costs no thread hand-offs. Either way one thread at a time holds the
// writer ("the writer thread" below).
// A job's completion runs only after COMMIT returned, so an acknowledged
// write is on disk (WAL, synchronous=NORMAL: it survives the process being
// killed; a power cut may lose the last commits). Readers borrow connections
// from a pool and see the latest committed state (WAL snapshots).
// In memory, the same WAL database lives in a private directory on tmpfs
// (see StoreOptions::memory_parent), never synced and removed on close.
//
// Thread safety: every public member may be called from any thread.
#pragma once

#include <atomic>
#include <condition_variable>
#include <deque>
#include <exception>
#include <filesystem>
#include <functional>
#include <memory>
#include <mutex>
#include <span>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

#include "localcloud/core/scratch_dir.h"
#include "localcloud/sqlite/database.h"

namespace localcloud::sqlite {

struct StoreOptions {
  // Directory holding localcloud.db (created if missing). Ignored in memory.
  std::filesystem::path data_dir = ".localcloud";
  // A database that vanishes with the store: kept in memory (tmpfs), never
  // synced, its directory removed on close, or at the next in-memory open
  // after the process was killed.
  bool in_memory = false;
  // Reader connections in the pool; callers beyond that wait for one.
  int readers = 4;
  // Where an in-memory store makes its directory. Empty: /dev/shm when it is
  // a writable directory with at least 1 GiB free, else the temporary
  // directory (TMPDIR).
  std::filesystem::path memory_parent{};
};

// One step of a component's schema history. Versions start at 1 and grow by 1.
struct Migration {
  int version;
  std::string_view sql;
};

class Store {
 public:
  using WriteFn = std::function<void(Connection&)>;
  // Called once with null on commit, or with the exception the job (or the
  // commit) threw. Runs on the writer thread: keep it short, post elsewhere.
  using DoneFn = std::function<void(std::exception_ptr)>;

  // Opens or creates the database. Throws SqliteError or std::runtime_error.
  static std::unique_ptr<Store> open(const StoreOptions& options);
  Store(const Store&) = delete;
  Store& operator=(const Store&) = delete;
  // Runs every queued write, stops the writer and closes all connections.
  ~Store();

  // Brings `component`'s schema up to the last step, applying each missing
  // step in its own transaction. Call before serving.
  void migrate(std::string_view component, std::span<const Migration> steps);

  // Queues `fn` for the next group commit. With here_if_idle, a server
  // thread with few connections (core/inline_work.h) may run `fn`, commit
  // and call `done` itself before returning, when nothing else is queued or
  // running: so the caller must hold no lock that `fn` or `done` takes.
  void write_async(WriteFn fn, DoneFn done, bool here_if_idle = false);
  // Queues `fn` and blocks until committed; rethrows what `fn` threw.
  void write(WriteFn fn);

  // Registers `listener`, called on the writer thread after every commit
  // that succeeded, before the jobs' completions. Keep it short. Register
  // before serving: listeners are not guarded against concurrent changes.
  void add_commit_listener(std::function<void()> listener);

  // Runs `fn` with a reader connection borrowed for the call.
  template <class F>
  decltype(auto) read(F&& fn) {
    Lease lease(*this);
    return fn(*lease.conn);
  }

  // "memory" or the database file's path, for logs and health output.
  std::string describe() const;
  // Inside a write job: the number of the group commit the job runs in.
  // Jobs that see the same number commit together, in the order they ran;
  // a larger number commits later. Lets a job know what earlier jobs of its
  // own group are still waiting for (e.g. DynamoDB's in-flight
  // transactions). Outside a job: the last group started.
  uint64_t batch_number() const { return batch_number_.load(std::memory_order_acquire); }
  // Write transactions committed so far and jobs they carried (for stats).
  uint64_t commits() const;
  uint64_t committed_jobs() const;
  // Checkpoints the checkpointer thread has run.
  uint64_t checkpoints() const { return checkpoints_.load(std::memory_order_relaxed); }

 private:
  struct Job {
    WriteFn fn;
    DoneFn done;
  };
  struct Lease {
    explicit Lease(Store& s);
    ~Lease();
    Store& store;
    Connection* conn;
  };

  Store(std::string uri, std::string description, int readers,
        std::unique_ptr<ScratchDir> scratch = nullptr);
  void writer_loop();
  void run_batch(std::vector<Job>& batch);
  Connection* checkout();
  void checkin(Connection* conn);
  void request_checkpoint();
  void restart_wal(sqlite3* writer, bool wait);
  void checkpoint_loop();

  std::unique_ptr<ScratchDir> scratch_;  // in memory; first: outlives every connection
  std::string uri_;
  std::string description_;
  std::unique_ptr<Connection> writer_;
  std::vector<std::unique_ptr<Connection>> readers_;

  mutable std::mutex queue_mu_;
  std::condition_variable queue_cv_;
  std::deque<Job> queue_;
  bool stopping_ = false;
  uint64_t commits_ = 0;
  uint64_t committed_jobs_ = 0;
  std::atomic<uint64_t> batch_number_{0};
  std::vector<std::function<void()>> commit_listeners_;
  std::thread writer_thread_;
  // Held by whichever thread runs a group: the writer thread, or a server
  // thread committing inline. Taken before queue_mu_.
  std::mutex writer_mu_;

  std::mutex pool_mu_;
  std::condition_variable pool_cv_;
  std::vector<Connection*> idle_readers_;

  // The connection and thread that checkpoint the WAL.
  std::unique_ptr<Connection> checkpointer_;
  std::mutex checkpoint_mu_;
  std::condition_variable checkpoint_cv_;
  bool checkpoint_wanted_ = false;
  bool checkpoint_stopping_ = false;
  std::mutex checkpoint_running_;  // held while either connection checkpoints
  // WAL frames already copied into the database file by the last checkpoint
  // (SQLite's nBackfill): the writer asks for a checkpoint only when the
  // frames past it make a batch worth two fsyncs.
  std::atomic<int> checkpointed_frames_{0};
  std::atomic<uint64_t> checkpoints_{0};
  std::thread checkpoint_thread_;
};

}  // namespace localcloud::sqlite
