// Time to Live: when each item of a TTL-enabled table expires, kept in step
// with the item by storage/writes.cc so the sweeper finds due items through
// an index instead of reading the table.
//
// An item expires when its TTL attribute is a Number of epoch seconds in the
// past; other types, and times more than five years in the past, never expire
// (AWS ignores those too).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "localcloud/sqlite/database.h"
#include "model/attribute_value.h"
#include "storage/items.h"
#include "storage/tables.h"

namespace localcloud::dynamodb::storage {

class ExpiryStore {
 public:
  // The epoch second `item` expires at under `attribute`, or nullopt.
  static std::optional<int64_t> expiry_of(const model::Item& item, const std::string& attribute);

  // Records when the item at pk/sk expires (nullopt: never).
  static void set(sqlite::Connection& conn, int64_t table_id, std::string_view pk,
                  std::string_view sk, std::optional<int64_t> expires);

  // Rebuilds the table's expiry times from its items (TTL just enabled).
  static void rebuild(sqlite::Connection& conn, const TableInfo& table);
  // Forgets the table's expiry times (TTL disabled).
  static void clear(sqlite::Connection& conn, int64_t table_id);

  // Up to `limit` items of the table that expired at or before `now`.
  static std::vector<ItemPosition> due(sqlite::Connection& conn, int64_t table_id, int64_t now,
                                       size_t limit);
};

}  // namespace localcloud::dynamodb::storage
