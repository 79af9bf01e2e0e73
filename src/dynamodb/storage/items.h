// Items in SQLite: point reads and writes by encoded key, key-range reads
// within a partition (Query) and hash-range reads across a table (Scan).
//
// Keys arrive encoded (model/key_codec.h): `pk` and `sk` are byte strings
// whose memcmp order is DynamoDB's order; a table without a sort key uses
// an empty `sk`. Items are stored as their canonical wire JSON. Writes take
// the writer connection inside a Store::write job; reads take any
// connection. Nothing here validates: the operations layer already has.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>

#include "localcloud/sqlite/database.h"

namespace localcloud::dynamodb::storage {

// Where an item sits in scan order: DynamoDB scans by partition-key hash.
struct ItemPosition {
  uint32_t hash = 0;
  std::string pk;
  std::string sk;
};

struct StoredItem {
  ItemPosition position;
  std::string json;  // the item's canonical wire JSON
  int64_t size = 0;  // its size by DynamoDB's rules
};

// The 32-bit hash that orders partitions for Scan and splits parallel-scan
// segments. Stable forever: it is persisted.
uint32_t partition_hash(std::string_view pk);

// One end of a sort-key range.
struct SortBound {
  std::string key;
  bool inclusive = true;
};

struct QueryRange {
  std::optional<SortBound> lower;
  std::optional<SortBound> upper;
  // Matches sort keys starting with these bytes (begins_with on S or B).
  std::optional<std::string> prefix;
};

// The [lower, upper] window of sort keys `range` leaves, narrowed to keys
// strictly after `start_sk` in the walking direction when given.
struct SortWindow {
  std::optional<SortBound> lower;
  std::optional<SortBound> upper;
};
SortWindow sort_window(const QueryRange& range, const std::optional<std::string>& start_sk,
                       bool forward);

// A row selected as (hash, pk, sk, item, size): how item and index rows
// come back from their tables.
StoredItem read_stored_item(sqlite::Statement& q);

// Return false to stop the iteration.
using ItemVisitor = std::function<bool(StoredItem&&)>;

class ItemStore {
 public:
  static std::optional<StoredItem> get(sqlite::Connection& conn, int64_t table_id,
                                       std::string_view pk, std::string_view sk);

  // Inserts or replaces; keeps the table's item count and size current.
  // `previous` is what get() returned for the same key in this job.
  static void put(sqlite::Connection& conn, int64_t table_id, std::string_view pk,
                  std::string_view sk, std::string_view json, int64_t size,
                  const std::optional<StoredItem>& previous);

  // Deletes `previous` (which must exist) and updates the table's counters.
  static void remove(sqlite::Connection& conn, int64_t table_id, const StoredItem& previous);

  // Items of partition `pk` within `range`, in sort-key order (or reverse),
  // strictly after `start_sk` when given.
  static void query(sqlite::Connection& conn, int64_t table_id, std::string_view pk,
                    const QueryRange& range, bool forward,
                    const std::optional<std::string>& start_sk, const ItemVisitor& visit);

  // Items whose partition hash lies in [hash_from, hash_to], in scan order,
  // strictly after `start` when given.
  static void scan(sqlite::Connection& conn, int64_t table_id, uint32_t hash_from,
                   uint32_t hash_to, const std::optional<ItemPosition>& start,
                   const ItemVisitor& visit);
};

}  // namespace localcloud::dynamodb::storage
