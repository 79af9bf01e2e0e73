#include "storage/items.h"

#include <gtest/gtest.h>

#include <future>
#include <set>

#include "localcloud/sqlite/store.h"
#include "storage/indexes.h"
#include "storage/schema.h"
#include "storage/streams.h"

namespace localcloud::dynamodb::storage {
namespace {

class ItemsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    store_ = sqlite::Store::open({"", true, 2});
    store_->migrate(kComponent, migrations());
    store_->write([&](sqlite::Connection& c) {
      c.exec("INSERT INTO dynamodb_tables(name, description) VALUES('t', '{}')");
      table_ = c.last_insert_rowid();
    });
  }

  void put(const std::string& pk, const std::string& sk, const std::string& json) {
    store_->write([&](sqlite::Connection& c) {
      auto old = ItemStore::get(c, table_, pk, sk);
      ItemStore::put(c, table_, pk, sk, json, static_cast<int64_t>(json.size()), old);
    });
  }

  std::string query(const std::string& pk, const QueryRange& range, bool forward = true,
                    std::optional<std::string> start = std::nullopt) {
    std::string out;
    store_->read([&](sqlite::Connection& c) {
      ItemStore::query(c, table_, pk, range, forward, start, [&](StoredItem&& item) {
        out += (out.empty() ? "" : ",") + item.json;
        return true;
      });
    });
    return out;
  }

  // SQLite's query plan for `sql`, its steps joined by ';'.
  std::string plan(const std::string& sql) {
    return store_->read([&](sqlite::Connection& c) {
      auto q = c.prepare("EXPLAIN QUERY PLAN " + sql);
      std::string out;
      while (q.step()) out += std::string(q.column_text(3)) + ";";
      return out;
    });
  }

  std::pair<int64_t, int64_t> counters() {
    return store_->read([&](sqlite::Connection& c) {
      auto q = c.prepare("SELECT item_count, size_bytes FROM dynamodb_tables WHERE id = ?");
      q.bind(1, table_);
      EXPECT_TRUE(q.step());
      return std::make_pair(q.column_int(0), q.column_int(1));
    });
  }

  std::unique_ptr<sqlite::Store> store_;
  int64_t table_ = 0;
};

TEST_F(ItemsTest, PutGetReplaceRemoveKeepCounters) {
  put("p", "", "one");
  put("q", "", "three");
  EXPECT_EQ(counters(), std::make_pair(int64_t{2}, int64_t{8}));
  put("p", "", "four");  // replace: count unchanged, size adjusted
  EXPECT_EQ(counters(), std::make_pair(int64_t{2}, int64_t{9}));
  store_->write([&](sqlite::Connection& c) {
    auto old = ItemStore::get(c, table_, "p", "");
    ASSERT_TRUE(old);
    EXPECT_EQ(old->json, "four");
    ItemStore::remove(c, table_, *old);
  });
  EXPECT_EQ(counters(), std::make_pair(int64_t{1}, int64_t{5}));
  store_->read([&](sqlite::Connection& c) {
    EXPECT_FALSE(ItemStore::get(c, table_, "p", ""));
    EXPECT_TRUE(ItemStore::get(c, table_, "q", ""));
  });
}

// Counters change once per group commit; a job that fails after its put
// takes its change back with it, and a write outside any transaction
// changes them at once.
TEST_F(ItemsTest, CountersKeepOnlyTheWritesThatCommitted) {
  std::promise<void> release;
  std::shared_future<void> released = release.get_future().share();
  store_->write_async([released](sqlite::Connection&) { released.wait(); }, nullptr);
  int64_t items = 0, bytes = 0;
  std::set<std::string> committed;
  for (int i = 0; i < 40; ++i) {
    std::string pk = "k" + std::to_string(i % 30), json(static_cast<size_t>(i + 1), 'x');
    bool fails = i % 4 == 3;
    if (!fails) committed.insert(pk);
    store_->write_async(
        [=, this](sqlite::Connection& c) {
          auto old = ItemStore::get(c, table_, pk, "");
          ItemStore::put(c, table_, pk, "", json, static_cast<int64_t>(json.size()), old);
          if (fails) throw std::runtime_error("rejected after writing");
        },
        nullptr);
  }
  release.set_value();
  store_->write([](sqlite::Connection&) {});  // a barrier: everything before has run
  store_->read([&](sqlite::Connection& c) {
    auto q = c.prepare("SELECT count(*), sum(size) FROM dynamodb_items WHERE table_id = ?");
    q.bind(1, table_);
    ASSERT_TRUE(q.step());
    items = q.column_int(0);
    bytes = q.column_int(1);
  });
  EXPECT_EQ(items, static_cast<int64_t>(committed.size()));
  EXPECT_EQ(counters(), std::make_pair(items, bytes));

  store_->write([&](sqlite::Connection& c) {
    c.exec("COMMIT");  // leave the store's transaction: autocommit from here
    ItemStore::put(c, table_, "outside", "", "12345", 5, std::nullopt);
    EXPECT_EQ(counters(), std::make_pair(items + 1, bytes + 5));
    c.exec("BEGIN IMMEDIATE");
  });
}

TEST_F(ItemsTest, QueryRangesFollowByteOrder) {
  for (std::string sk : std::vector<std::string>{"a", "ab", "abc", "b", "\xff", "\x01"})
    put("p", sk, sk == "\xff" ? "FF" : sk == "\x01" ? "01" : sk);
  put("other", "a", "x");
  EXPECT_EQ(query("p", {}), "01,a,ab,abc,b,FF");
  EXPECT_EQ(query("p", {}, false), "FF,b,abc,ab,a,01");
  EXPECT_EQ(query("p", {SortBound{"ab", true}, SortBound{"b", false}, {}}), "ab,abc");
  EXPECT_EQ(query("p", {SortBound{"ab", false}, std::nullopt, {}}), "abc,b,FF");
  EXPECT_EQ(query("p", {std::nullopt, std::nullopt, std::string("ab")}), "ab,abc");
  EXPECT_EQ(query("p", {std::nullopt, std::nullopt, std::string("\xff")}), "FF");
  EXPECT_EQ(query("p", {}, true, std::string("ab")), "abc,b,FF");
  EXPECT_EQ(query("p", {}, false, std::string("ab")), "a,01");
  EXPECT_EQ(query("p", {std::nullopt, std::nullopt, std::string("a")}, true, std::string("a")),
            "ab,abc");
  EXPECT_EQ(query("nobody", {}), "");
}

TEST_F(ItemsTest, ScanCoversEveryItemOnceAcrossSegmentsAndPages) {
  for (int i = 0; i < 300; ++i) put("k" + std::to_string(i), "", std::to_string(i));
  std::multiset<std::string> seen;
  const uint64_t segments = 4;
  for (uint64_t s = 0; s < segments; ++s) {
    uint32_t from = static_cast<uint32_t>((s << 32) / segments);
    uint32_t to = static_cast<uint32_t>((((s + 1) << 32) / segments) - 1);
    std::optional<ItemPosition> start;
    size_t in_segment = 0;
    for (;;) {  // pages of 7
      int taken = 0;
      std::optional<ItemPosition> last;
      store_->read([&](sqlite::Connection& c) {
        ItemStore::scan(c, table_, from, to, start, [&](StoredItem&& item) {
          EXPECT_GE(item.position.hash, from);
          EXPECT_LE(item.position.hash, to);
          seen.insert(item.json);
          last = item.position;
          return ++taken < 7;
        });
      });
      in_segment += taken;
      if (taken < 7) break;
      start = last;
    }
    EXPECT_GT(in_segment, 30u) << "segments split the hash space evenly";
  }
  EXPECT_EQ(seen.size(), 300u);
  EXPECT_EQ(std::set<std::string>(seen.begin(), seen.end()).size(), 300u);
}

TEST_F(ItemsTest, RangeReadsUseTheKeyIndex) {
  EXPECT_NE(plan("SELECT item FROM dynamodb_items WHERE table_id = 1 AND hash = 2 AND pk = x'00' "
                 "AND sk > x'01' AND sk < x'09' ORDER BY sk DESC")
                .find("USING INDEX dynamodb_items_by_key (table_id=? AND hash=? AND pk=? AND sk>? AND "
                      "sk<?)"),
            std::string::npos);
  EXPECT_NE(plan("SELECT item FROM dynamodb_items WHERE table_id = 1 AND hash BETWEEN 0 AND 9 "
                 "AND (hash, pk, sk) > (1, x'00', x'') ORDER BY hash, pk, sk")
                .find("USING INDEX dynamodb_items_by_key"),
            std::string::npos);
  // In key order without sorting.
  EXPECT_EQ(plan("SELECT item FROM dynamodb_items WHERE table_id = 1 AND hash BETWEEN 0 AND 9 "
                 "ORDER BY hash, pk, sk")
                .find("TEMP B-TREE"),
            std::string::npos);
}

TEST_F(ItemsTest, IndexReadsUseTheIndexEntriesKey) {
  for (const char* order : {"ASC", "DESC"}) {
    std::string p = plan(
        std::string("SELECT item FROM dynamodb_index_items WHERE table_id = 1 AND index_name = 'g' "
                    "AND hash = 2 AND pk = x'00' AND sk > x'01' ORDER BY sk ") +
        order + ", base_pk " + order + ", base_sk " + order);
    EXPECT_NE(p.find("USING INDEX dynamodb_index_items_by_key (table_id=? AND index_name=? AND "
                     "hash=? AND pk=? AND sk>?)"),
              std::string::npos)
        << p;
    EXPECT_EQ(p.find("TEMP B-TREE"), std::string::npos) << p;
  }
}

// A database written before migrations 7 and 8 (items, index entries and
// stream records in WITHOUT ROWID tables) keeps them when it is opened again.
TEST(ItemsMigrationTest, RowsWrittenBeforeTheRowidTablesAreKept) {
  auto store = sqlite::Store::open({"", true, 2});
  auto steps = migrations();
  ASSERT_GE(steps.size(), 7u);
  store->migrate(kComponent, steps.first(6));
  int64_t table = 0;
  store->write([&](sqlite::Connection& c) {
    c.exec("INSERT INTO dynamodb_tables(name, description, item_count, size_bytes) "
           "VALUES('t', '{}', 2, 7)");
    table = c.last_insert_rowid();
    c.exec("INSERT INTO dynamodb_items(table_id, hash, pk, sk, item, size) VALUES "
           "(1, 5, x'01', x'', 'one', 3), (1, 4, x'02', x'03', 'four', 4)");
    c.exec("INSERT INTO dynamodb_index_items(table_id, index_name, hash, pk, sk, base_pk, "
           "base_sk, item, size) VALUES (1, 'g', 9, x'07', x'', x'02', x'03', 'four', 4)");
    c.exec("INSERT INTO dynamodb_streams(arn, label, table_name, view_type, shard_id, key_schema, "
           "created_ms, first_seq, last_seq, trimmed_through) "
           "VALUES('arn', 'l', 't', 'KEYS_ONLY', 's', '[]', 1, 1, 2, 0)");
    c.exec("INSERT INTO dynamodb_stream_records(stream_id, seq, created_ms, record) VALUES "
           "(1, 2, 20, 'second'), (1, 1, 10, 'first')");
  });
  store->migrate(kComponent, steps);
  store->read([&](sqlite::Connection& c) {
    // The stored hash is kept as written, not recomputed.
    auto q = c.prepare("SELECT hash, item FROM dynamodb_items ORDER BY hash");
    ASSERT_TRUE(q.step());
    EXPECT_EQ(q.column_int(0), 4);
    EXPECT_EQ(q.column_text(1), "four");
    ASSERT_TRUE(q.step());
    EXPECT_EQ(q.column_int(0), 5);
    EXPECT_FALSE(q.step());
    auto idx = IndexStore::counters(c, table, "g");
    EXPECT_EQ(idx.item_count, 1);
    EXPECT_EQ(idx.size_bytes, 4);
    auto records = read_stream_records(c, 1, 0, 10, 0);
    ASSERT_EQ(records.size(), 2u);
    EXPECT_EQ(records[0].json, "first");
    EXPECT_EQ(records[1].json, "second");
  });
  // The key is still unique: a second row with the same key replaces the first.
  store->write([&](sqlite::Connection& c) {
    c.exec("INSERT INTO dynamodb_items(table_id, hash, pk, sk, item, size) VALUES "
           "(1, 4, x'02', x'03', 'five', 4) ON CONFLICT(table_id, hash, pk, sk) DO UPDATE SET "
           "item = excluded.item");
  });
  store->read([&](sqlite::Connection& c) {
    auto q = c.prepare("SELECT count(*) FROM dynamodb_items");
    ASSERT_TRUE(q.step());
    EXPECT_EQ(q.column_int(0), 2);
    auto r = c.prepare("SELECT item FROM dynamodb_items WHERE hash = 4");
    ASSERT_TRUE(r.step());
    EXPECT_EQ(r.column_text(0), "five");
  });
}

}  // namespace
}  // namespace localcloud::dynamodb::storage
