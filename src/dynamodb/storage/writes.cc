#include "storage/writes.h"

namespace localcloud::dynamodb::storage {

void write_item(sqlite::Connection& conn, const TableInfo& table, const NewItem& next,
                const std::optional<StoredItem>& previous) {
  ItemStore::put(conn, table.id, next.pk, next.sk, next.json, next.size, previous);
}

void delete_item(sqlite::Connection& conn, const TableInfo& table, const StoredItem& previous) {
  ItemStore::remove(conn, table.id, previous);
}

}  // namespace localcloud::dynamodb::storage
