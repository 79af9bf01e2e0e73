// Secondary index entries: what each GSI and LSI holds for an item, kept in
// step with the base table by storage/writes.cc, and read by Query and Scan.
//
// An item has an entry in an index when it holds every key attribute of the
// index with the declared type (sparse indexes); the entry is the item
// projected as the index declares (its table and index keys, plus INCLUDE's
// attributes, or everything for ALL). Entries live in dynamodb_index_items,
// ordered like base items: by partition-key hash, index partition key, index
// sort key, then the item's table key.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "localcloud/sqlite/database.h"
#include "model/attribute_value.h"
#include "storage/items.h"
#include "storage/tables.h"

namespace localcloud::dynamodb::storage {

// An item in one of its versions: parsed, as canonical JSON, and its size.
struct ItemVersion {
  const model::Item& item;
  std::string_view json;
  int64_t size = 0;
};

struct IndexEntry {
  std::string pk;    // encoded index partition key
  std::string sk;    // encoded index sort key; empty without one
  std::string json;  // the projected item's canonical JSON
  int64_t size = 0;
};

// The entry `item` has in `index`, or nullopt when the item lacks (or holds
// with another type) one of the index's key attributes.
std::optional<IndexEntry> index_entry(const TableInfo& table, const IndexInfo& index,
                                      const ItemVersion& item);

// How a write arrived, which decides AWS's wording for an empty index key.
enum class IndexKeySource { kItem, kUpdate };

// Rejects an item whose index key attributes have another type than declared
// or are empty, with AWS's ValidationException; the first index by name wins.
void check_index_keys(const TableInfo& table, const model::Item& item, IndexKeySource source);

// Where an index entry sits: scan order, then the item's table key.
struct IndexPosition {
  uint32_t hash = 0;
  std::string pk;
  std::string sk;
  std::string base_pk;
  std::string base_sk;
};

class IndexStore {
 public:
  // Moves every index of `table` from `before` to `after` (either may be
  // absent) for the item whose table key is base_pk/base_sk.
  static void update(sqlite::Connection& conn, const TableInfo& table, std::string_view base_pk,
                     std::string_view base_sk, const std::optional<ItemVersion>& before,
                     const std::optional<ItemVersion>& after);

  // Builds `index` from every item the table holds.
  static void backfill(sqlite::Connection& conn, const TableInfo& table, const IndexInfo& index);
  // Drops every entry of the index called `name`.
  static void drop(sqlite::Connection& conn, int64_t table_id, std::string_view name);

  struct Counters {
    int64_t item_count = 0;
    int64_t size_bytes = 0;
  };
  static Counters counters(sqlite::Connection& conn, int64_t table_id, std::string_view name);

  // Entries of index partition `pk` within `range`, in index sort-key order
  // (or reverse), strictly after `start` in that order when given.
  static void query(sqlite::Connection& conn, int64_t table_id, std::string_view name,
                    std::string_view pk, const QueryRange& range, bool forward,
                    const std::optional<IndexPosition>& start, const ItemVisitor& visit);

  // Entries whose partition hash lies in [hash_from, hash_to], in scan order,
  // strictly after `start` when given.
  static void scan(sqlite::Connection& conn, int64_t table_id, std::string_view name,
                   uint32_t hash_from, uint32_t hash_to, const std::optional<IndexPosition>& start,
                   const ItemVisitor& visit);
};

}  // namespace localcloud::dynamodb::storage
