#include "localcloud/sqlite/store.h"

#include <gtest/gtest.h>
#include <sqlite3.h>

#include <algorithm>
#include <atomic>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <future>
#include <thread>

#include "localcloud/core/inline_work.h"

namespace localcloud::sqlite {
namespace {

constexpr Migration kSteps[] = {
    {1, "CREATE TABLE counters (name TEXT PRIMARY KEY, value INTEGER NOT NULL)"},
    {2, "ALTER TABLE counters ADD COLUMN note TEXT"},
};

class StoreTest : public ::testing::TestWithParam<bool> {
 protected:
  void SetUp() override {
    // A parameterized test's name ends in "/<index>": one directory, not
    // an index directory inside a parent that TearDown would leave behind.
    std::string name = ::testing::UnitTest::GetInstance()->current_test_info()->name();
    std::replace(name.begin(), name.end(), '/', '-');
    dir_ = std::filesystem::temp_directory_path() /
           ("localcloud-store-" + std::to_string(::getpid()) + "-" + name);
    std::filesystem::remove_all(dir_);
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }
  // In memory, the store's directory goes inside dir_ too.
  std::unique_ptr<Store> open() {
    return Store::open(
        {.data_dir = dir_, .in_memory = GetParam(), .readers = 3, .memory_parent = dir_});
  }
  // Where the open store keeps localcloud.db and its WAL.
  std::filesystem::path files() {
    if (!GetParam()) return dir_;
    auto dirs = scratch_dirs(dir_);
    return dirs.size() == 1 ? dirs[0] : dir_ / "no single store directory";
  }
  static std::vector<std::filesystem::path> scratch_dirs(const std::filesystem::path& parent) {
    std::vector<std::filesystem::path> out;
    for (const auto& e : std::filesystem::directory_iterator(parent))
      if (e.path().filename().string().starts_with("localcloud-memory-")) out.push_back(e.path());
    return out;
  }

  int64_t value(Store& store, const std::string& name) {
    return store.read([&](Connection& c) -> int64_t {
      auto q = c.cached("SELECT value FROM counters WHERE name = ?");
      q.bind(1, name);
      return q.step() ? q.column_int(0) : -1;
    });
  }

  std::filesystem::path dir_;
};

TEST_P(StoreTest, MigrationsApplyOnceAndInOrder) {
  auto store = open();
  store->migrate("test", kSteps);
  store->migrate("test", kSteps);  // again: nothing to do
  store->write(
      [](Connection& c) { c.exec("INSERT INTO counters(name, value, note) VALUES('a', 1, 'n')"); });
  EXPECT_EQ(value(*store, "a"), 1);
  constexpr Migration kGap[] = {{4, "SELECT 1"}};
  EXPECT_THROW(store->migrate("test", kGap), std::runtime_error);
}

TEST_P(StoreTest, AFailingJobRollsBackAloneInItsGroup) {
  auto store = open();
  store->migrate("test", kSteps);
  std::atomic<int> done{0}, failed{0};
  for (int i = 0; i < 50; ++i) {
    store->write_async(
        [i](Connection& c) {
          auto ins = c.cached("INSERT INTO counters(name, value) VALUES(?, ?)");
          ins.bind(1, "k" + std::to_string(i)).bind(2, int64_t{i}).run();
          if (i % 5 == 0) throw std::runtime_error("rejected after writing");
        },
        [&](std::exception_ptr e) { (e ? failed : done)++; });
  }
  store->write([](Connection&) {});  // a barrier: everything before has run
  EXPECT_EQ(done.load(), 40);
  EXPECT_EQ(failed.load(), 10);
  for (int i = 0; i < 50; ++i) EXPECT_EQ(value(*store, "k" + std::to_string(i)), i % 5 ? i : -1);
}

// Sums jobs add to counter 'sum', written by one UPDATE per commit.
class DeferredSum final : public Deferred {
 public:
  void add(int64_t n) { job_ += n; }
  void end_job(bool kept) override {
    if (kept) kept_ += job_;
    job_ = 0;
  }
  void write(Connection& c) override {
    end_job(true);
    c.cached("UPDATE counters SET value = value + ? WHERE name = 'sum'").bind(1, kept_).run();
    kept_ = 0;
    ++writes;
  }
  void forget() override { job_ = kept_ = 0; }
  static inline std::atomic<int> writes{0};

 private:
  int64_t job_ = 0;
  int64_t kept_ = 0;
};

TEST_P(StoreTest, DeferredWorkIsWrittenAtCommitWithoutTheJobsThatFailed) {
  auto store = open();
  store->migrate("test", kSteps);
  store->write([](Connection& c) { c.exec("INSERT INTO counters VALUES('sum', 0, NULL)"); });
  DeferredSum::writes = 0;
  // Held while 50 jobs queue, so they run as groups of several.
  std::promise<void> release;
  std::shared_future<void> released = release.get_future().share();
  store->write_async([released](Connection&) { released.wait(); }, nullptr);
  std::atomic<int> failed{0};
  int64_t kept = 0;
  for (int i = 1; i <= 50; ++i) {
    if (i % 5) kept += i;
    store->write_async(
        [i](Connection& c) {
          c.deferred<DeferredSum>().add(i);
          if (i % 5 == 0) throw std::runtime_error("rejected after deferring");
        },
        [&](std::exception_ptr e) { failed += e ? 1 : 0; });
  }
  release.set_value();
  store->write([](Connection&) {});  // a barrier: everything before has run
  EXPECT_EQ(failed.load(), 10);
  EXPECT_EQ(value(*store, "sum"), kept);
  EXPECT_LT(DeferredSum::writes.load(), 50);  // once per group, not per job

  // A lone job that fails rolls its whole transaction back: nothing is kept
  // for the next one.
  EXPECT_THROW(store->write([](Connection& c) {
    c.deferred<DeferredSum>().add(1000);
    throw std::runtime_error("rejected");
  }),
               std::runtime_error);
  store->write([](Connection& c) { c.deferred<DeferredSum>().add(1); });
  EXPECT_EQ(value(*store, "sum"), kept + 1);
}

TEST_P(StoreTest, WriteRethrowsTheJobsException) {
  auto store = open();
  store->migrate("test", kSteps);
  EXPECT_THROW(store->write([](Connection& c) { c.exec("INSERT INTO nowhere VALUES(1)"); }),
               SqliteError);
  EXPECT_THROW(store->write([](Connection&) { throw std::logic_error("x"); }), std::logic_error);
}

TEST_P(StoreTest, ConcurrentWritersShareCommits) {
  auto store = open();
  store->migrate("test", kSteps);
  store->write([](Connection& c) { c.exec("INSERT INTO counters VALUES('n', 0, NULL)"); });
  auto commits_before = store->commits();
  std::vector<std::thread> threads;
  for (int t = 0; t < 8; ++t) {
    threads.emplace_back([&] {
      for (int i = 0; i < 200; ++i)
        store->write([](Connection& c) {
          c.cached("UPDATE counters SET value = value + 1 WHERE name = 'n'").run();
        });
    });
  }
  for (auto& t : threads) t.join();
  EXPECT_EQ(value(*store, "n"), 1600);
  // Eight writers queue while a commit runs, so commits carry several jobs.
  EXPECT_LT(store->commits() - commits_before, 1600u);
}

// Jobs queued while the writer is busy run together in the next group and
// see one batch number; the group after it sees a larger one.
TEST_P(StoreTest, JobsOfOneGroupCommitShareABatchNumber) {
  auto store = open();
  std::promise<void> release;
  std::shared_future<void> released = release.get_future().share();
  std::promise<void> blocking;
  uint64_t first = 0;
  store->write_async(
      [&](Connection&) {
        first = store->batch_number();
        blocking.set_value();
        released.wait();
      },
      nullptr);
  blocking.get_future().wait();  // the writer now holds group `first`
  std::vector<uint64_t> seen(3);
  std::vector<std::future<void>> done;
  for (size_t i = 0; i < seen.size(); ++i) {
    auto p = std::make_shared<std::promise<void>>();
    done.push_back(p->get_future());
    store->write_async([&, i](Connection&) { seen[i] = store->batch_number(); },
                       [p](std::exception_ptr) { p->set_value(); });
  }
  release.set_value();
  for (auto& f : done) f.wait();
  EXPECT_EQ(seen[0], first + 1);
  EXPECT_EQ(seen[1], first + 1);
  EXPECT_EQ(seen[2], first + 1);
  uint64_t later = 0;
  store->write([&](Connection&) { later = store->batch_number(); });
  EXPECT_EQ(later, first + 2);
}

TEST_P(StoreTest, ReadersSeeCommittedWrites) {
  auto store = open();
  store->migrate("test", kSteps);
  for (int i = 0; i < 20; ++i) {
    store->write([i](Connection& c) {
      auto q = c.cached(
          "INSERT INTO counters(name, value) VALUES('r', ?) "
          "ON CONFLICT(name) DO UPDATE SET value = excluded.value");
      q.bind(1, int64_t{i}).run();
    });
    EXPECT_EQ(value(*store, "r"), i);
  }
}

TEST_P(StoreTest, CachedStatementsAreReusableAndNestable) {
  auto store = open();
  store->migrate("test", kSteps);
  store->write([](Connection& c) {
    for (int i = 0; i < 3; ++i) {
      auto outer = c.cached("INSERT INTO counters(name, value) VALUES(?, ?)");
      auto inner =
          c.cached("INSERT INTO counters(name, value) VALUES(?, ?)");  // same SQL, both live
      outer.bind(1, "o" + std::to_string(i)).bind(2, int64_t{i}).run();
      inner.bind(1, "i" + std::to_string(i)).bind(2, int64_t{i}).run();
    }
    auto blob = c.cached("INSERT INTO counters(name, value, note) VALUES('b', 0, ?)");
    blob.bind_blob(1, std::string_view("\0\1", 2)).run();
  });
  EXPECT_EQ(value(*store, "o2"), 2);
  EXPECT_EQ(value(*store, "i2"), 2);
  auto note = store->read([](Connection& c) {
    auto q = c.prepare("SELECT note FROM counters WHERE name = 'b'");
    EXPECT_TRUE(q.step());
    return std::string(q.column_blob(0));
  });
  EXPECT_EQ(note, std::string("\0\1", 2));
}

TEST_P(StoreTest, DataSurvivesReopening) {
  if (GetParam()) {  // in memory: a reopened store starts empty, by design
    { open()->migrate("test", kSteps); }
    auto store = open();
    store->migrate("test", kSteps);
    EXPECT_EQ(value(*store, "kept"), -1);
    return;
  }
  {
    auto store = open();
    store->migrate("test", kSteps);
    store->write([](Connection& c) { c.exec("INSERT INTO counters VALUES('kept', 7, NULL)"); });
  }
  auto store = open();
  store->migrate("test", kSteps);
  EXPECT_EQ(value(*store, "kept"), 7);
  EXPECT_NE(store->describe().find("localcloud.db"), std::string::npos);
}

// The WAL is copied into the database file as it grows, and restarts from
// its beginning, rather than holding every write since the store opened.
TEST_P(StoreTest, TheWalIsCheckpointedAndReused) {
  auto store = open();
  store->migrate("test", kSteps);
  const std::string payload(3000, 'x');  // about one page a row
  constexpr int kRows = 60'000;          // some 240 MB of WAL if never checkpointed
  for (int i = 0; i < kRows; i += 100) {
    store->write([&](Connection& c) {
      auto ins = c.cached("INSERT OR REPLACE INTO counters VALUES(?, ?, ?)");
      for (int j = i; j < i + 100; ++j) {
        ins.bind(1, "row" + std::to_string(j % 2000)).bind(2, int64_t{j}).bind(3, payload).run();
        ins.reset();
      }
    });
  }
  auto db = files() / "localcloud.db";
  auto wal = files() / "localcloud.db-wal";
  // The database file holds the rows (2,000 distinct ones, ~6 MB) ...
  for (int i = 0; i < 500 && std::filesystem::file_size(db) < 4'000'000; ++i)
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  EXPECT_GT(std::filesystem::file_size(db), 4'000'000u);
  // ... and the WAL was reused: far smaller than everything written.
  EXPECT_LT(std::filesystem::file_size(wal), 140'000'000u);
  EXPECT_EQ(value(*store, "row1999"), kRows - 1);
}

// A checkpoint copies a batch of frames and pays two fsyncs: the
// checkpointer runs once some 1,000 frames wait, not after every commit
// once the WAL holds that many (140 runs for these writes).
TEST_P(StoreTest, TheCheckpointerWaitsForABatchOfFrames) {
  auto store = open();
  store->migrate("test", kSteps);
  constexpr int kWrites = 2'500;  // two pages each: ~5,000 frames, short of any WAL restart
  for (int i = 0; i < kWrites; ++i) {
    store->write([&](Connection& c) {
      c.cached("INSERT OR REPLACE INTO counters VALUES(?, ?, 'n')")
          .bind(1, "row" + std::to_string(i))
          .bind(2, int64_t{i})
          .run();
    });
  }
  // Let a run that was asked for last finish.
  for (int i = 0; i < 100 && store->checkpoints() == 0; ++i)
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  // ~5 runs of 1,000 frames; more when fsyncs are slow and runs copy less
  // while writes go on (9 and 10 seen on a busy disk). Asked after every
  // commit past 1,000 frames, it would run hundreds of times.
  EXPECT_GE(store->checkpoints(), 1u);
  EXPECT_LE(store->checkpoints(), 20u);
  EXPECT_EQ(value(*store, "row2499"), kWrites - 1);
}

// A WAL file's writes go out together (wal_gather.h), in pieces the unix
// VFS takes in one call: a commit of some 2 MB (many such pieces), and one
// of a single row, are both whole in the files and after reopening.
TEST_P(StoreTest, LargeAndSmallCommitsAreWhole) {
  if (GetParam()) GTEST_SKIP() << "in memory: nothing to reopen";
  {
    auto store = open();
    store->migrate("test", kSteps);
    const std::string payload(200'000, 'b');
    store->write([&](Connection& c) {
      auto ins = c.cached("INSERT INTO counters(name, value, note) VALUES(?, ?, ?)");
      for (int i = 0; i < 10; ++i) {
        ins.bind(1, "big" + std::to_string(i)).bind(2, int64_t{i}).bind(3, payload).run();
        ins.reset();
      }
    });
    store->write(
        [](Connection& c) { c.exec("INSERT INTO counters(name, value) VALUES('small', 42)"); });
    EXPECT_EQ(value(*store, "big9"), 9);
    EXPECT_EQ(value(*store, "small"), 42);
  }
  auto store = open();
  store->migrate("test", kSteps);
  EXPECT_EQ(value(*store, "big9"), 9);
  EXPECT_EQ(value(*store, "small"), 42);
  store->write([](Connection& c) {
    auto q = c.prepare("SELECT count(*), sum(length(note)) FROM counters WHERE name LIKE 'big%'");
    ASSERT_TRUE(q.step());
    EXPECT_EQ(q.column_int(0), 10);
    EXPECT_EQ(q.column_int(1), 2'000'000);
  });
}

// What a process killed right after an acknowledgement leaves: the files as
// they are now. Each acknowledged write, however many WAL frames it took
// (rows of ~2.5 pages here, two rows a write), is in them.
TEST_P(StoreTest, EveryAcknowledgedWriteIsInTheFiles) {
  if (GetParam()) GTEST_SKIP() << "in memory: not written to survive";
  auto store = open();
  store->migrate("test", kSteps);
  const std::string payload(10'000, 'p');
  auto copy = dir_ / "copy";
  for (int i = 0; i < 40; ++i) {
    store->write([&](Connection& c) {
      auto ins = c.cached("INSERT INTO counters(name, value, note) VALUES(?, ?, ?)");
      for (int j = 0; j < 2; ++j) {
        ins.bind(1, "r" + std::to_string(2 * i + j)).bind(2, int64_t{i}).bind(3, payload).run();
        ins.reset();
      }
    });
    std::filesystem::remove_all(copy);
    std::filesystem::create_directories(copy);
    for (const char* name : {"localcloud.db", "localcloud.db-wal"})
      std::filesystem::copy_file(dir_ / name, copy / name);
    Connection c("file:" + (copy / "localcloud.db").string(), Connection::Mode::kReadWrite);
    auto q = c.prepare("SELECT count(*), max(value), sum(length(note)) FROM counters");
    ASSERT_TRUE(q.step());
    ASSERT_EQ(q.column_int(0), 2 * (i + 1)) << "after write " << i;
    EXPECT_EQ(q.column_int(1), i);
    EXPECT_EQ(q.column_int(2), 2 * (i + 1) * 10'000);
  }
}

// The calling thread as a server thread serving `n` connections would be:
// watched, so it may do inline work.
class AsServerThread {
 public:
  explicit AsServerThread(int n) : connections_(n) {
    watch_.connections = &connections_;
    inline_work::attach(&watch_);
  }
  ~AsServerThread() { inline_work::attach(nullptr); }

 private:
  std::atomic<int> connections_;
  InlineWatch watch_;
};

void insert(Connection& c, const std::string& name, int64_t value) {
  auto ins = c.cached("INSERT INTO counters(name, value) VALUES(?, ?)");
  ins.bind(1, name).bind(2, value).run();
}

// Until the writer thread has let go of the writer after its last group
// (migrate's), a server thread's write is queued; waits for that.
void await_idle_writer(Store& store) {
  for (int i = 0; i < 1000; ++i) {
    bool done = false;
    store.write_async([](Connection&) {}, [&](std::exception_ptr) { done = true; }, true);
    if (done) return;  // it ran inline
    std::this_thread::sleep_for(std::chrono::milliseconds(1));
  }
  FAIL() << "no write ran inline";
}

TEST_P(StoreTest, AServerThreadWithFewConnectionsCommitsALoneWriteItself) {
  auto store = open();
  store->migrate("test", kSteps);
  AsServerThread server(1);
  await_idle_writer(*store);
  const auto me = std::this_thread::get_id();
  std::thread::id ran_on;
  bool done = false;
  store->write_async(
      [&](Connection& c) {
        ran_on = std::this_thread::get_id();
        EXPECT_FALSE(inline_work::available());  // a job is inline work itself
        insert(c, "a", 1);
      },
      [&](std::exception_ptr e) {
        EXPECT_FALSE(e);
        done = true;
      },
      true);
  EXPECT_TRUE(done);  // committed and acknowledged before write_async returned
  EXPECT_EQ(ran_on, me);
  EXPECT_EQ(value(*store, "a"), 1);
  EXPECT_TRUE(inline_work::available());

  // A failing job rolls back here just as in a group.
  std::exception_ptr error;
  store->write_async(
      [](Connection& c) {
        insert(c, "b", 2);
        throw std::runtime_error("rejected after writing");
      },
      [&](std::exception_ptr e) { error = e; }, true);
  ASSERT_TRUE(error);
  EXPECT_THROW(std::rethrow_exception(error), std::runtime_error);
  EXPECT_EQ(value(*store, "b"), -1);
}

// Queued: the writes of a server thread with many connections, and those
// whose caller does not let them run here.
TEST_P(StoreTest, OtherWritesOfServerThreadsAreQueued) {
  auto store = open();
  store->migrate("test", kSteps);
  for (int connections : {1, 3}) {
    AsServerThread server(connections);
    if (connections == 1) await_idle_writer(*store);
    std::promise<std::thread::id> ran_on;
    std::promise<void> done;
    store->write_async(
        [&](Connection& c) {
          ran_on.set_value(std::this_thread::get_id());
          insert(c, "c" + std::to_string(connections), connections);
        },
        [&](std::exception_ptr) { done.set_value(); }, connections == 3);
    done.get_future().wait();
    EXPECT_NE(ran_on.get_future().get(), std::this_thread::get_id());
    EXPECT_EQ(value(*store, "c" + std::to_string(connections)), connections);
  }
}

// While the writer runs a group, a server thread's write waits for it and
// then commits after it, never beside or before it.
TEST_P(StoreTest, AServerThreadsWriteWaitsForTheRunningGroup) {
  auto store = open();
  store->migrate("test", kSteps);
  std::promise<void> started, release;
  auto released = release.get_future().share();
  std::vector<std::string> order;
  std::mutex order_mu;
  auto note = [&](const std::string& what) {
    std::lock_guard lock(order_mu);
    order.push_back(what);
  };
  std::thread other([&] {  // not a server thread: its job goes to the writer thread
    store->write([&](Connection& c) {
      started.set_value();
      released.wait();
      insert(c, "first", 1);
      note("first");
    });
  });
  started.get_future().wait();
  std::promise<void> second_done;
  {
    AsServerThread server(1);
    store->write_async(
        [&](Connection& c) {
          insert(c, "second", 2);
          note("second");
        },
        [&](std::exception_ptr e) {
          EXPECT_FALSE(e);
          second_done.set_value();
        },
        true);
  }
  release.set_value();
  other.join();
  second_done.get_future().wait();
  EXPECT_EQ(order, (std::vector<std::string>{"first", "second"}));
  EXPECT_EQ(value(*store, "second"), 2);
}

// SQLite refuses its process-wide settings once it has initialised, and the
// first Store::open used to initialise it (finding the VFS it builds on)
// before they were made: statement journals then spilled to a file past
// 64 KiB again. Memory statistics, turned off with them, tell whether they
// took. In a process of its own (a re-executed death test), where nothing
// has touched SQLite before.
// Opens a store, writes, and exits 0 if SQLite kept no memory statistics.
[[noreturn]] void exit_with_memory_statistics(const std::filesystem::path& dir) {
  std::filesystem::remove_all(dir);
  auto store = Store::open({dir, false, 1});
  store->write([](Connection& c) { c.exec("CREATE TABLE t (x)"); });
  sqlite3_int64 used = 0;
  sqlite3_int64 highest = 0;
  sqlite3_status64(SQLITE_STATUS_MEMORY_USED, &used, &highest, 0);
  store.reset();
  std::filesystem::remove_all(dir);
  std::exit(used == 0 && highest == 0 ? 0 : 1);
}

TEST(SqliteLibraryDeathTest, IsConfiguredBeforeTheFirstStoreOpens) {
  GTEST_FLAG_SET(death_test_style, "threadsafe");
  auto dir = std::filesystem::temp_directory_path() /
             ("localcloud-store-config-" + std::to_string(::getpid()));
  EXPECT_EXIT(exit_with_memory_statistics(dir), ::testing::ExitedWithCode(0), "");
}

// An in-memory store keeps its files in a directory of its own, gone when the
// store closes; two stores open at once see only their own data.
TEST_P(StoreTest, AnInMemoryStoreLeavesNothingBehind) {
  if (!GetParam()) GTEST_SKIP() << "on disk the files are the point";
  {
    auto a = open();
    auto b = open();
    a->migrate("test", kSteps);
    b->migrate("test", kSteps);
    a->write([](Connection& c) { c.exec("INSERT INTO counters VALUES('a', 1, NULL)"); });
    EXPECT_EQ(scratch_dirs(dir_).size(), 2u);
    EXPECT_EQ(value(*a, "a"), 1);
    EXPECT_EQ(value(*b, "a"), -1);
    EXPECT_EQ(a->describe(), "memory");
  }
  EXPECT_TRUE(std::filesystem::is_empty(dir_));
}

// A process killed with an in-memory store open leaves its directory; the
// next in-memory store removes it, but never one whose store still lives
// (it holds the directory's lock).
TEST_P(StoreTest, AnInMemoryStoreRemovesWhatKilledOnesLeft) {
  if (!GetParam()) GTEST_SKIP() << "on disk nothing is left to sweep";
  std::filesystem::create_directories(dir_);
  auto stale = dir_ / "localcloud-memory-stale1";
  std::filesystem::create_directories(stale);
  { std::ofstream(stale / "lock") << ""; }
  { std::ofstream(stale / "localcloud.db") << "left by a killed process"; }
  auto foreign = dir_ / "something-else";
  std::filesystem::create_directories(foreign);
  auto live = open();
  auto live_dir = scratch_dirs(dir_).at(0);
  auto next = open();
  EXPECT_FALSE(std::filesystem::exists(stale));
  EXPECT_TRUE(std::filesystem::exists(foreign));
  EXPECT_TRUE(std::filesystem::exists(live_dir / "localcloud.db"));
  live->migrate("test", kSteps);
  live->write([](Connection& c) { c.exec("INSERT INTO counters VALUES('kept', 3, NULL)"); });
  EXPECT_EQ(value(*live, "kept"), 3);
  EXPECT_EQ(scratch_dirs(dir_).size(), 2u);
}

INSTANTIATE_TEST_SUITE_P(DiskAndMemory, StoreTest, ::testing::Values(false, true),
                         [](const auto& info) { return info.param ? "Memory" : "Disk"; });

}  // namespace
}  // namespace localcloud::sqlite
