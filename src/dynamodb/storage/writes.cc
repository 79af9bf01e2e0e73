#include "storage/writes.h"

#include <nlohmann/json.hpp>

#include "storage/expiry.h"
#include "storage/indexes.h"
#include "storage/streams.h"

namespace localcloud::dynamodb::storage {
namespace {

// The stored version of an item, parsed again: indexes need its attributes.
model::Item parse(const StoredItem& stored) {
  return model::item_from_json(nlohmann::json::parse(stored.json));
}

}  // namespace

void write_item(sqlite::Connection& conn, const TableInfo& table, const NewItem& next,
                const std::optional<StoredItem>& previous) {
  if (!table.indexes.empty()) check_index_keys(table, next.item, IndexKeySource::kItem);
  ItemStore::put(conn, table.id, next.pk, next.sk, next.json, next.size, previous);
  if (!table.indexes.empty()) {
    std::optional<model::Item> old_item;
    std::optional<ItemVersion> before;
    if (previous) {
      old_item = parse(*previous);
      before.emplace(ItemVersion{*old_item, previous->json, previous->size});
    }
    IndexStore::update(conn, table, next.pk, next.sk, before,
                       ItemVersion{next.item, next.json, next.size});
  }
  if (table.ttl_attribute)
    ExpiryStore::set(conn, table.id, next.pk, next.sk,
                     ExpiryStore::expiry_of(next.item, *table.ttl_attribute));
  record_stream_change(conn, table, &next, previous ? &*previous : nullptr);
}

void delete_item(sqlite::Connection& conn, const TableInfo& table, const StoredItem& previous,
                 DeleteCause cause) {
  ItemStore::remove(conn, table.id, previous);
  if (table.ttl_attribute)
    ExpiryStore::set(conn, table.id, previous.position.pk, previous.position.sk, std::nullopt);
  if (!table.indexes.empty()) {
    model::Item old_item = parse(previous);
    IndexStore::update(conn, table, previous.position.pk, previous.position.sk,
                       ItemVersion{old_item, previous.json, previous.size}, std::nullopt);
  }
  record_stream_change(conn, table, nullptr, &previous, cause == DeleteCause::kTimeToLive);
}

}  // namespace localcloud::dynamodb::storage
