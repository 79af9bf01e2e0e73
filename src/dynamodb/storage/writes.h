// The one door through which items change.
//
// Every write — PutItem, UpdateItem, DeleteItem, batches, transactions, the
// TTL sweeper — goes through write_item() or delete_item() inside a
// Store::write job, so that everything that follows a table's items (its
// secondary indexes, its stream) changes in the same SQLite transaction as
// the base row, or not at all.
#pragma once

#include <optional>
#include <string_view>

#include "localcloud/sqlite/database.h"
#include "model/attribute_value.h"
#include "storage/items.h"
#include "storage/tables.h"

namespace localcloud::dynamodb::storage {

// The new version of an item, validated and encoded by the caller.
struct NewItem {
  std::string_view pk;
  std::string_view sk;
  const model::Item& item;
  std::string_view json;  // item's canonical wire JSON
  int64_t size = 0;       // item's size by DynamoDB's rules
};

// Stores `next` in place of `previous` (what ItemStore::get returned for the
// same key in this job, or nullopt when the key is new).
void write_item(sqlite::Connection& conn, const TableInfo& table, const NewItem& next,
                const std::optional<StoredItem>& previous);

// Who deleted an item: a request, or DynamoDB itself when the item's Time
// to Live passed (streams record that as the service's identity).
enum class DeleteCause { kRequest, kTimeToLive };

// Deletes `previous`, which ItemStore::get returned in this job.
void delete_item(sqlite::Connection& conn, const TableInfo& table, const StoredItem& previous,
                 DeleteCause cause = DeleteCause::kRequest);

}  // namespace localcloud::dynamodb::storage
