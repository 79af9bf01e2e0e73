#include "localcloud/logs/log_store.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <future>
#include <thread>

#include "localcloud/core/aws_error.h"
#include "storage/schema.h"

namespace localcloud::logs {
namespace {

// Runs one LogStore write and returns "ok" or "<code>: <message>".
std::string wait(std::function<void(LogStore::Done)> start) {
  std::promise<std::string> result;
  start([&](std::exception_ptr error) {
    if (!error) return result.set_value("ok");
    try {
      std::rethrow_exception(error);
    } catch (const AwsError& e) {
      result.set_value(e.code() + ": " + e.message());
    } catch (const std::exception& e) {
      result.set_value(std::string("other: ") + e.what());
    }
  });
  return result.get_future().get();
}

std::string messages(const std::vector<StoredEvent>& events) {
  std::string out;
  for (const auto& e : events) out += (out.empty() ? "" : ",") + e.message;
  return out;
}

class LogsStoreTest : public ::testing::TestWithParam<bool> {
 protected:
  void SetUp() override {
    dir_ = std::filesystem::temp_directory_path() /
           ("localcloud-logs-" + std::to_string(::getpid()) + "-" +
            std::to_string(reinterpret_cast<uintptr_t>(this)));
    std::filesystem::remove_all(dir_);
    open();
  }
  void TearDown() override {
    logs_.reset();
    store_.reset();
    std::filesystem::remove_all(dir_);
  }
  void open() {
    store_ = sqlite::Store::open({dir_, GetParam(), 2});
    logs_ = std::make_unique<LogStore>(*store_);
  }

  std::string create_group(const std::string& name) {
    return wait([&](auto done) { logs_->create_group(name, "STANDARD", done); });
  }
  std::string create_stream(const std::string& group, const std::string& stream) {
    return wait([&](auto done) { logs_->create_stream(group, stream, done); });
  }
  std::string put(const std::string& group, const std::string& stream, std::vector<Event> events,
                  int64_t ingestion = 1000) {
    return wait([&](auto done) {
      logs_->put_events(group, stream, std::move(events), ingestion,
                        [done](std::exception_ptr e, int64_t) { done(e); });
    });
  }
  std::vector<StoredEvent> read(const std::string& group, const std::string& stream,
                                LogStore::StreamRead r = {}) {
    auto events = logs_->read_stream(group, stream, r);
    EXPECT_TRUE(events);
    return events.value_or(std::vector<StoredEvent>{});
  }

  int64_t event_rows() {
    return store_->read([](sqlite::Connection& conn) {
      auto q = conn.prepare("SELECT count(*) FROM logs_events");
      q.step();
      return q.column_int(0);
    });
  }

  std::filesystem::path dir_;
  std::unique_ptr<sqlite::Store> store_;
  std::unique_ptr<LogStore> logs_;
};

TEST_P(LogsStoreTest, GroupsAndStreamsWithAwsErrors) {
  EXPECT_EQ(create_group("/app"), "ok");
  EXPECT_EQ(create_group("/app"),
            "ResourceAlreadyExistsException: The specified log group already exists");
  EXPECT_EQ(create_stream("/nope", "s"),
            "ResourceNotFoundException: The specified log group does not exist.");
  EXPECT_EQ(create_stream("/app", "s"), "ok");
  EXPECT_EQ(create_stream("/app", "s"),
            "ResourceAlreadyExistsException: The specified log stream already exists");
  EXPECT_EQ(put("/app", "missing", {{1, "x"}}),
            "ResourceNotFoundException: The specified log stream does not exist.");
  EXPECT_EQ(wait([&](auto done) { logs_->delete_stream("/app", "missing", done); }),
            "ResourceNotFoundException: The specified log stream does not exist.");
  EXPECT_EQ(wait([&](auto done) { logs_->delete_group("/nope", done); }),
            "ResourceNotFoundException: The specified log group does not exist.");
  EXPECT_EQ(wait([&](auto done) { logs_->set_retention("/nope", 7, done); }),
            "ResourceNotFoundException: The specified log group does not exist.");

  EXPECT_EQ(wait([&](auto done) { logs_->set_retention("/app", 7, done); }), "ok");
  EXPECT_EQ(logs_->find_group("/app")->retention_days, 7);
  EXPECT_EQ(wait([&](auto done) { logs_->set_retention("/app", std::nullopt, done); }), "ok");
  EXPECT_FALSE(logs_->find_group("/app")->retention_days);
  EXPECT_FALSE(logs_->find_group("/nope"));
  EXPECT_FALSE(logs_->find_stream("/app", "other"));
  EXPECT_FALSE(logs_->list_streams("/nope", {}));
}

TEST_P(LogsStoreTest, ListsGroupsByPrefixSubstringAndCursor) {
  for (const char* name : {"/aws/lambda/b", "/aws/lambda/a", "/other/a", "api-gw"})
    ASSERT_EQ(create_group(name), "ok");
  auto names = [](const std::vector<LogGroup>& groups) {
    std::string out;
    for (const auto& g : groups) out += (out.empty() ? "" : " ") + g.name;
    return out;
  };
  EXPECT_EQ(names(logs_->list_groups({})), "/aws/lambda/a /aws/lambda/b /other/a api-gw");
  EXPECT_EQ(names(logs_->list_groups({.prefix = "/aws/"})), "/aws/lambda/a /aws/lambda/b");
  EXPECT_EQ(names(logs_->list_groups({.contains = "a/"})), "/aws/lambda/a /aws/lambda/b");
  EXPECT_EQ(names(logs_->list_groups({.contains = "r/a"})), "/other/a");
  EXPECT_EQ(names(logs_->list_groups({.after = "/aws/lambda/a", .limit = 2})),
            "/aws/lambda/b /other/a");
}

TEST_P(LogsStoreTest, ListsStreamsByNameOrLastEventTime) {
  ASSERT_EQ(create_group("/g"), "ok");
  for (const char* s : {"c", "a", "b", "empty"}) ASSERT_EQ(create_stream("/g", s), "ok");
  ASSERT_EQ(put("/g", "a", {{300, "x"}}), "ok");
  ASSERT_EQ(put("/g", "b", {{100, "x"}}), "ok");
  ASSERT_EQ(put("/g", "c", {{200, "x"}, {250, "y"}}), "ok");
  auto names = [&](LogStore::StreamQuery q) {
    auto streams = logs_->list_streams("/g", q);
    std::string out;
    for (const auto& s : *streams) out += s.name;
    return out;
  };
  using Order = LogStore::StreamOrder;
  EXPECT_EQ(names({}), "abcempty");
  EXPECT_EQ(names({.descending = true}), "emptycba");
  EXPECT_EQ(names({.prefix = "e"}), "empty");
  EXPECT_EQ(names({.after = LogStore::StreamCursor{0, "b"}}), "cempty");
  EXPECT_EQ(names({.order = Order::kLastEventTime}), "emptybca");
  EXPECT_EQ(names({.order = Order::kLastEventTime, .descending = true}), "acbempty");
  EXPECT_EQ(names({.order = Order::kLastEventTime, .after = LogStore::StreamCursor{100, "b"}}),
            "ca");
  EXPECT_EQ(names({.limit = 2}), "ab");

  auto c = logs_->find_stream("/g", "c");
  ASSERT_TRUE(c);
  EXPECT_EQ(c->first_event_ms, 200);
  EXPECT_EQ(c->last_event_ms, 250);
  EXPECT_EQ(c->last_ingestion_ms, 1000);
  EXPECT_EQ(c->upload_sequence, 1);
  auto empty = logs_->find_stream("/g", "empty");
  EXPECT_FALSE(empty->first_event_ms);
  EXPECT_EQ(empty->upload_sequence, 0);
}

TEST_P(LogsStoreTest, ReadsAStreamForwardAndBackwardInPages) {
  ASSERT_EQ(create_group("/g"), "ok");
  ASSERT_EQ(create_stream("/g", "s"), "ok");
  ASSERT_EQ(put("/g", "s", {{10, "a"}, {20, "b"}, {20, "c"}, {30, "d"}}), "ok");
  ASSERT_EQ(put("/g", "s", {{15, "late"}}), "ok");  // read in timestamp order

  EXPECT_EQ(messages(read("/g", "s")), "a,late,b,c,d");
  auto head = read("/g", "s", {.limit = 2});
  EXPECT_EQ(messages(head), "a,late");
  auto next = read("/g", "s", {.from = head.back().position, .limit = 2});
  EXPECT_EQ(messages(next), "b,c");
  using Dir = LogStore::StreamRead::Direction;
  auto tail = read("/g", "s", {.direction = Dir::kBackward, .limit = 2});
  EXPECT_EQ(messages(tail), "c,d");
  auto before = read("/g", "s", {.direction = Dir::kBackward, .from = tail.front().position});
  EXPECT_EQ(messages(before), "a,late,b");
  EXPECT_EQ(messages(read("/g", "s", {.start_ms = 15, .end_ms = 20})), "late,b,c");
  EXPECT_TRUE(read("/g", "s", {.from = EventPosition{30, INT64_MAX}}).empty());
  // The byte limit ends a page early, but never before its first event.
  EXPECT_EQ(messages(read("/g", "s", {.max_bytes = 27 + 30})), "a,late");
  EXPECT_EQ(messages(read("/g", "s", {.max_bytes = 1})), "a");
  EXPECT_FALSE(logs_->read_stream("/g", "nope", {}));
  EXPECT_FALSE(logs_->read_stream("/nope", "s", {}));
}

TEST_P(LogsStoreTest, ReadsAGroupInterleavedWithFiltersAndResumes) {
  ASSERT_EQ(create_group("/g"), "ok");
  for (const char* s : {"s1", "s2", "t1"}) ASSERT_EQ(create_stream("/g", s), "ok");
  ASSERT_EQ(put("/g", "s1", {{1, "one"}, {4, "four ERROR"}}), "ok");
  ASSERT_EQ(put("/g", "s2", {{2, "two ERROR"}, {5, "five"}}), "ok");
  ASSERT_EQ(put("/g", "t1", {{3, "three ERROR"}}), "ok");
  auto page = [&](LogStore::GroupRead r) { return *logs_->read_group("/g", r); };

  EXPECT_EQ(messages(page({}).events), "one,two ERROR,three ERROR,four ERROR,five");
  EXPECT_EQ(page({}).events[1].stream, "s2");
  EXPECT_FALSE(page({}).resume_after);
  EXPECT_EQ(messages(page({.streams = {"s1", "t1"}}).events), "one,three ERROR,four ERROR");
  EXPECT_EQ(messages(page({.stream_prefix = "s"}).events), "one,two ERROR,four ERROR,five");
  EXPECT_EQ(messages(page({.start_ms = 2, .end_ms = 4}).events),
            "two ERROR,three ERROR,four ERROR");
  auto errors_only = [](std::string_view m) { return m.find("ERROR") != std::string_view::npos; };
  EXPECT_EQ(messages(page({.match = errors_only}).events), "two ERROR,three ERROR,four ERROR");

  // A limit ends the page where a later event exists; resuming goes on.
  auto first = page({.match = errors_only, .limit = 2});
  EXPECT_EQ(messages(first.events), "two ERROR,three ERROR");
  ASSERT_TRUE(first.resume_after);
  auto second = page({.after = first.resume_after, .match = errors_only, .limit = 2});
  EXPECT_EQ(messages(second.events), "four ERROR");
  EXPECT_FALSE(second.resume_after);

  // A bounded scan may end with no match at all, but says where to go on.
  auto scan = page({.match = errors_only, .max_scanned = 1});
  EXPECT_TRUE(scan.events.empty());
  ASSERT_TRUE(scan.resume_after);
  EXPECT_EQ(scan.resume_after->timestamp_ms, 1);
  EXPECT_FALSE(logs_->read_group("/nope", {}));
}

TEST_P(LogsStoreTest, AppendsGatherIntoOneCommitAndCloseDropsLaterOnes) {
  auto commits = store_->commits();
  for (int i = 0; i < 20; ++i) logs_->append("/g", "s", {{i, "line " + std::to_string(i)}});
  logs_->close();  // hands the waiting batch over at once and waits for it
  // One commit, or two should the machine stall this thread past the delay.
  EXPECT_GE(store_->commits(), commits + 1);
  EXPECT_LE(store_->commits(), commits + 2);
  logs_->append("/g", "s", {{99, "after close"}});
  logs_->flush();
  auto events = read("/g", "s");
  ASSERT_EQ(events.size(), 20u);
  EXPECT_EQ(events.back().message, "line 19");
}

TEST_P(LogsStoreTest, AppendCreatesGroupAndStreamAndKeepsOrder) {
  for (int i = 0; i < 50; ++i)
    logs_->append("/aws/lambda/fn", "2024/01/01/[$LATEST]abc", {{7, std::to_string(i)}});
  logs_->append("/aws/lambda/fn", "other", {{-5, "before the epoch"}});
  logs_->flush();
  auto group = logs_->find_group("/aws/lambda/fn");
  ASSERT_TRUE(group);
  EXPECT_FALSE(group->retention_days);
  auto events = read("/aws/lambda/fn", "2024/01/01/[$LATEST]abc");
  ASSERT_EQ(events.size(), 50u);
  for (int i = 0; i < 50; ++i) EXPECT_EQ(events[i].message, std::to_string(i));
  EXPECT_GT(events[0].ingestion_ms, 0);
  EXPECT_EQ(read("/aws/lambda/fn", "other").at(0).position.timestamp_ms, 0);
  auto stream = logs_->find_stream("/aws/lambda/fn", "2024/01/01/[$LATEST]abc");
  EXPECT_EQ(stream->first_event_ms, 7);
  EXPECT_EQ(group->stored_bytes, 10 * 1 + 40 * 2 + 16);  // every message's bytes
}

TEST_P(LogsStoreTest, AppendsWhileTheWriterIsBusyBecomeOneJob) {
  std::promise<void> release;
  std::shared_future<void> released = release.get_future().share();
  std::promise<void> blocking;
  store_->write_async(
      [&](sqlite::Connection&) {
        blocking.set_value();
        released.wait();
      },
      nullptr);
  blocking.get_future().wait();  // the writer is now inside that job
  uint64_t jobs_before = store_->committed_jobs();

  std::vector<std::thread> threads;
  for (int t = 0; t < 8; ++t) {
    threads.emplace_back([this, t] {
      for (int i = 0; i < 25; ++i)
        logs_->append("/busy", "s" + std::to_string(t), {{i, std::to_string(i)}});
    });
  }
  for (auto& th : threads) th.join();
  release.set_value();
  logs_->flush();

  // The blocking job, then one job carrying all 200 appends.
  EXPECT_EQ(store_->committed_jobs() - jobs_before, 2u);
  for (int t = 0; t < 8; ++t) {
    auto events = read("/busy", "s" + std::to_string(t));
    ASSERT_EQ(events.size(), 25u);
    for (int i = 0; i < 25; ++i) EXPECT_EQ(events[i].message, std::to_string(i));
  }
}

TEST_P(LogsStoreTest, FlushWithNothingPendingReturnsAtOnce) {
  logs_->flush();
  logs_->append("/g", "s", {});
  logs_->flush();
  EXPECT_TRUE(logs_->find_stream("/g", "s"));
}

TEST_P(LogsStoreTest, DeletesCascadeAndBytesAreCounted) {
  ASSERT_EQ(create_group("/g"), "ok");
  ASSERT_EQ(create_stream("/g", "a"), "ok");
  ASSERT_EQ(create_stream("/g", "b"), "ok");
  ASSERT_EQ(put("/g", "a", {{1, "12345"}}), "ok");
  ASSERT_EQ(put("/g", "b", {{1, "123"}}), "ok");
  EXPECT_EQ(logs_->find_group("/g")->stored_bytes, 8);
  EXPECT_EQ(wait([&](auto done) { logs_->delete_stream("/g", "a", done); }), "ok");
  EXPECT_EQ(logs_->find_group("/g")->stored_bytes, 3);
  EXPECT_FALSE(logs_->find_stream("/g", "a"));
  EXPECT_EQ(messages(logs_->read_group("/g", {})->events), "123");
  EXPECT_EQ(event_rows(), 1);  // the stream's events went with it
  EXPECT_EQ(wait([&](auto done) { logs_->delete_group("/g", done); }), "ok");
  EXPECT_FALSE(logs_->find_group("/g"));
  // A group made again under the same name starts empty.
  ASSERT_EQ(create_group("/g"), "ok");
  ASSERT_EQ(create_stream("/g", "b"), "ok");
  EXPECT_TRUE(read("/g", "b").empty());
}

TEST_P(LogsStoreTest, SurvivesARestart) {
  if (GetParam()) GTEST_SKIP() << "an in-memory store has nothing to reopen";
  ASSERT_EQ(create_group("/g"), "ok");
  logs_->append("/g", "s", {{5, "kept"}});
  logs_->flush();
  logs_.reset();
  store_.reset();
  open();
  EXPECT_EQ(messages(read("/g", "s")), "kept");
  EXPECT_EQ(logs_->find_stream("/g", "s")->upload_sequence, 1);
}

// A store written by the first schema (events in a rowid table with
// AUTOINCREMENT ids) reads the same after the move to the clustered table,
// and new events get ids after the old ones.
TEST_P(LogsStoreTest, EventsOfTheFirstSchemaSurviveItsMigration) {
  logs_.reset();
  store_.reset();
  std::filesystem::remove_all(dir_);
  store_ = sqlite::Store::open({dir_, GetParam(), 2});
  store_->migrate(storage::kComponent, storage::migrations().first(1));
  store_->write([](sqlite::Connection& conn) {
    conn.exec(
        "INSERT INTO logs_groups(id, name, creation_time) VALUES(1, '/g', 0);"
        "INSERT INTO logs_streams(id, group_id, name, creation_time) VALUES(1, 1, 'a', 0),"
        " (2, 1, 'b', 0);"
        "INSERT INTO logs_events(stream_id, group_id, timestamp, ingestion_time, message)"
        " VALUES(1, 1, 10, 1, 'a10'), (2, 1, 10, 1, 'b10'), (1, 1, 5, 1, 'a5'),"
        " (2, 1, 20, 1, 'b20');");
  });
  logs_ = std::make_unique<LogStore>(*store_);
  EXPECT_EQ(messages(read("/g", "a")), "a5,a10");
  EXPECT_EQ(messages(logs_->read_group("/g", {})->events), "a5,a10,b10,b20");
  logs_->append("/g", "a", {{10, "a10 again"}});
  logs_->flush();
  auto events = read("/g", "a");
  ASSERT_EQ(messages(events), "a5,a10,a10 again");  // equal times keep append order
  EXPECT_GT(events[2].position.id, 4);
}

INSTANTIATE_TEST_SUITE_P(Storage, LogsStoreTest, ::testing::Values(false, true),
                         [](const auto& info) { return info.param ? "Memory" : "File"; });

}  // namespace
}  // namespace localcloud::logs
