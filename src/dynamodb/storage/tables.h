// TableStore: the catalog of DynamoDB tables, in SQLite and cached in memory.
//
// Reads (find, list) come from the cache or a reader connection and never
// wait for the writer. Writes go through the store's group commit; the
// cache changes only after the commit, in the completion.
// Thread safety: every member may be called from any thread.
#pragma once

#include <exception>
#include <functional>
#include <map>
#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <shared_mutex>
#include <string>
#include <string_view>
#include <vector>

#include "localcloud/sqlite/store.h"

namespace localcloud::dynamodb::storage {

struct KeyAttribute {
  std::string name;
  char type;  // 'S', 'N' or 'B'
};

// A secondary index as the table's description declares it.
struct IndexInfo {
  enum class Projection { kAll, kKeysOnly, kInclude };

  std::string name;
  bool global = true;  // GSI; false for an LSI
  KeyAttribute hash;
  std::optional<KeyAttribute> range;
  Projection projection = Projection::kAll;
  std::vector<std::string> non_key;  // INCLUDE's NonKeyAttributes
};

// The table's enabled stream (DescribeTable's LatestStreamArn while
// StreamSpecification.StreamEnabled is true).
struct StreamSettings {
  std::string arn;
  std::string view_type;
};

struct TableInfo {
  int64_t id = 0;  // SQLite's id; never reused, so a recreated table is new
  std::string name;
  std::string arn;
  KeyAttribute hash;
  std::optional<KeyAttribute> range;
  // The Time to Live attribute while TTL is enabled.
  std::optional<std::string> ttl_attribute;
  // Its GSIs and LSIs, ordered by name (AWS names the first one in errors).
  std::vector<IndexInfo> indexes;
  std::optional<StreamSettings> stream;
  // What DescribeTable returns, less TableStatus, ItemCount and TableSizeBytes
  // (and each index's IndexStatus, ItemCount and IndexSizeBytes), plus
  // TimeToLiveDescription, which only DescribeTimeToLive shows.
  nlohmann::json description;

  // The index called `name`, or null.
  const IndexInfo* find_index(std::string_view name) const;
};

using TablePtr = std::shared_ptr<const TableInfo>;

class TableStore {
 public:
  // Loads every table into the cache. `store` must outlive this.
  explicit TableStore(sqlite::Store& store);

  // The table called `name`, or null.
  TablePtr find(std::string_view name) const;
  // The table whose ARN is `arn`, or null.
  TablePtr find_by_arn(std::string_view arn) const;

  struct Counters {
    int64_t item_count = 0;
    int64_t size_bytes = 0;
  };
  Counters counters(int64_t table_id) const;
  // The entries of the table's index called `name`.
  Counters index_counters(int64_t table_id, std::string_view name) const;

  // Up to `limit` names after `after`, in byte order.
  std::vector<std::string> list(std::string_view after, size_t limit) const;

  using Done = std::function<void(std::exception_ptr error, TablePtr table)>;
  // Inserts `info` (id filled in). Fails with ResourceInUseException if the
  // name is taken.
  void create(TableInfo info, Done done);
  // Creating, updating and removing a table also keeps its streams in step
  // (storage/streams.h: sync_table_stream), in the same transaction.
  // Removes the table, its items and tags. Done gets the removed table.
  void remove(TablePtr table, Done done);
  // Replaces the table's description. `also`, when given, runs in the same
  // transaction with the updated table (building or dropping an index).
  using AlsoFn = std::function<void(sqlite::Connection&, const TableInfo& updated)>;
  void update(TablePtr table, nlohmann::json description, Done done, AlsoFn also = nullptr);

  std::vector<std::pair<std::string, std::string>> tags(int64_t table_id) const;
  void tag(TablePtr table, std::vector<std::pair<std::string, std::string>> tags, Done done);
  void untag(TablePtr table, std::vector<std::string> keys, Done done);

 private:
  void cache_put(TablePtr table);
  void cache_erase(const std::string& name);

  sqlite::Store& store_;
  mutable std::shared_mutex mu_;
  std::map<std::string, TablePtr, std::less<>> by_name_;
};

}  // namespace localcloud::dynamodb::storage
