// Stream record retention: trim_streams drops what is older than 24 hours,
// stream by stream, and forgets disabled streams after 24 hours.
#include "storage/streams.h"

#include <gtest/gtest.h>

#include "localcloud/sqlite/store.h"
#include "storage/schema.h"

namespace localcloud::dynamodb::storage {
namespace {

constexpr int64_t kHour = 3600 * 1000;

class TrimStreams : public ::testing::Test {
 protected:
  void SetUp() override { store_->migrate(kComponent, migrations()); }

  void add_stream(int64_t id, std::optional<int64_t> disabled_ms) {
    store_->write([&](sqlite::Connection& conn) {
      auto q = conn.prepare(
          "INSERT INTO dynamodb_streams(id, arn, label, table_name, view_type, shard_id, "
          "key_schema, created_ms, disabled_ms, first_seq, last_seq, trimmed_through) "
          "VALUES(?, ?, 'l', 't', 'KEYS_ONLY', 's', '[]', 0, ?, 1, 0, 0)");
      q.bind(1, id).bind(2, "arn" + std::to_string(id));
      if (disabled_ms) {
        q.bind(3, *disabled_ms);
      } else {
        q.bind_null(3);
      }
      q.run();
    });
  }

  void add_record(int64_t stream, int64_t seq, int64_t created_ms) {
    store_->write([&](sqlite::Connection& conn) {
      auto q = conn.prepare(
          "INSERT INTO dynamodb_stream_records(stream_id, seq, created_ms, record) "
          "VALUES(?, ?, ?, '{}')");
      q.bind(1, stream).bind(2, seq).bind(3, created_ms).run();
    });
  }

  std::string state() {
    return store_->read([](sqlite::Connection& conn) {
      std::string out;
      auto s = conn.prepare("SELECT id, trimmed_through FROM dynamodb_streams ORDER BY id");
      while (s.step()) {
        out += "stream " + std::to_string(s.column_int(0)) + " trimmed through " +
               std::to_string(s.column_int(1)) + ":";
        auto r = conn.prepare(
            "SELECT seq FROM dynamodb_stream_records WHERE stream_id = ? ORDER BY seq");
        r.bind(1, s.column_int(0));
        while (r.step()) out += " " + std::to_string(r.column_int(0));
        out += "\n";
      }
      return out;
    });
  }

  std::unique_ptr<sqlite::Store> store_ = sqlite::Store::open({"", true, 1});
};

TEST_F(TrimStreams, DropsRecordsOlderThanADayStreamByStream) {
  int64_t now = 100 * kHour;
  add_stream(1, std::nullopt);
  add_stream(2, std::nullopt);
  add_record(1, 1, now - 30 * kHour);
  add_record(1, 2, now - 25 * kHour);
  add_record(1, 3, now - 23 * kHour);
  add_record(2, 1, now - 1 * kHour);
  store_->write([&](sqlite::Connection& conn) { trim_streams(conn, now); });
  EXPECT_EQ(state(),
            "stream 1 trimmed through 2: 3\n"
            "stream 2 trimmed through 0: 1\n");
  // Time passes: the rest expires, and trimming again changes nothing more.
  store_->write([&](sqlite::Connection& conn) { trim_streams(conn, now + 2 * kHour); });
  store_->write([&](sqlite::Connection& conn) { trim_streams(conn, now + 2 * kHour); });
  EXPECT_EQ(state(),
            "stream 1 trimmed through 3:\n"
            "stream 2 trimmed through 0: 1\n");
}

TEST_F(TrimStreams, ForgetsStreamsDisabledForADay) {
  int64_t now = 100 * kHour;
  add_stream(1, now - 25 * kHour);
  add_stream(2, now - 1 * kHour);
  add_record(1, 1, now - 26 * kHour);
  add_record(2, 1, now - 26 * kHour);
  store_->write([&](sqlite::Connection& conn) { trim_streams(conn, now); });
  EXPECT_EQ(state(), "stream 2 trimmed through 1:\n");
}

}  // namespace
}  // namespace localcloud::dynamodb::storage
