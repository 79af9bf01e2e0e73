#include "storage/indexes.h"

#include <nlohmann/json.hpp>

#include "errors.h"
#include "model/item_size.h"
#include "model/key_codec.h"

namespace localcloud::dynamodb::storage {
namespace {

using model::AttributeType;

AttributeType declared_type(const KeyAttribute& attr) {
  return attr.type == 'N' ? AttributeType::kN
         : attr.type == 'B' ? AttributeType::kB
                            : AttributeType::kS;
}

// The item's value of key attribute `attr` when it has the declared type.
const model::AttributeValue* key_value(const model::Item& item, const KeyAttribute& attr) {
  auto it = item.find(attr.name);
  if (it == item.end() || it->second.type() != declared_type(attr)) return nullptr;
  return &it->second;
}

void copy_attribute(const model::Item& from, const std::string& name, model::Item& to) {
  if (auto it = from.find(name); it != from.end()) to.emplace(it->first, it->second);
}

void insert_entry(sqlite::Connection& conn, int64_t table_id, std::string_view name,
                  std::string_view base_pk, std::string_view base_sk, const IndexEntry& entry) {
  auto ins = conn.cached(
      "INSERT OR REPLACE INTO dynamodb_index_items"
      "(table_id, index_name, hash, pk, sk, base_pk, base_sk, item, size) "
      "VALUES(?, ?, ?, ?, ?, ?, ?, ?, ?)");
  ins.bind(1, table_id).bind(2, name).bind(3, static_cast<int64_t>(partition_hash(entry.pk)));
  ins.bind_blob(4, entry.pk).bind_blob(5, entry.sk).bind_blob(6, base_pk).bind_blob(7, base_sk);
  ins.bind_blob(8, entry.json).bind(9, entry.size).run();
}

void delete_entry(sqlite::Connection& conn, int64_t table_id, std::string_view name,
                  std::string_view base_pk, std::string_view base_sk, const IndexEntry& entry) {
  auto del = conn.cached(
      "DELETE FROM dynamodb_index_items WHERE table_id = ? AND index_name = ? AND hash = ? "
      "AND pk = ? AND sk = ? AND base_pk = ? AND base_sk = ?");
  del.bind(1, table_id).bind(2, name).bind(3, static_cast<int64_t>(partition_hash(entry.pk)));
  del.bind_blob(4, entry.pk).bind_blob(5, entry.sk).bind_blob(6, base_pk).bind_blob(7, base_sk);
  del.run();
}

}  // namespace

std::optional<IndexEntry> index_entry(const TableInfo& table, const IndexInfo& index,
                                      const ItemVersion& version) {
  const model::Item& item = version.item;
  const model::AttributeValue* hash = key_value(item, index.hash);
  if (!hash) return std::nullopt;
  const model::AttributeValue* range = nullptr;
  if (index.range && !(range = key_value(item, *index.range))) return std::nullopt;

  IndexEntry entry;
  entry.pk = model::encode_key_part(*hash);
  if (range) entry.sk = model::encode_key_part(*range);
  if (index.projection == IndexInfo::Projection::kAll) {
    entry.json = std::string(version.json);
    entry.size = version.size;
    return entry;
  }
  model::Item projected;
  copy_attribute(item, table.hash.name, projected);
  if (table.range) copy_attribute(item, table.range->name, projected);
  copy_attribute(item, index.hash.name, projected);
  if (index.range) copy_attribute(item, index.range->name, projected);
  for (const auto& name : index.non_key) copy_attribute(item, name, projected);
  entry.json = model::item_to_wire(projected);
  entry.size = static_cast<int64_t>(model::item_size(projected));
  return entry;
}

void check_index_keys(const TableInfo& table, const model::Item& item, IndexKeySource source) {
  for (const auto& index : table.indexes) {
    for (const KeyAttribute* attr : {&index.hash, index.range ? &*index.range : nullptr}) {
      if (!attr) continue;
      auto it = item.find(attr->name);
      if (it == item.end()) continue;
      const auto& value = it->second;
      if (value.type() != declared_type(*attr))
        throw errors::invalid_parameter(
            "Type mismatch for Index Key " + attr->name + " Expected: " +
            std::string(1, attr->type) + " Actual: " + std::string(model::type_name(value.type())) +
            " IndexName: " + index.name);
      bool empty = value.type() == AttributeType::kS ? value.as_string().empty()
                   : value.type() == AttributeType::kB ? value.as_binary().empty()
                                                       : false;
      if (!empty) continue;
      std::string what = source == IndexKeySource::kItem
                             ? "A value specified for a secondary index key is not supported."
                             : "The update expression attempted to update a secondary index key "
                               "to a value that is not supported.";
      throw errors::validation(
          "One or more parameter values are not valid. " + what +
          " The AttributeValue for a key attribute cannot contain an empty " +
          (value.type() == AttributeType::kS ? "string" : "binary") +
          " value. IndexName: " + index.name + ", IndexKey: " + attr->name);
    }
  }
}

void IndexStore::update(sqlite::Connection& conn, const TableInfo& table, std::string_view base_pk,
                        std::string_view base_sk, const std::optional<ItemVersion>& before,
                        const std::optional<ItemVersion>& after) {
  for (const auto& index : table.indexes) {
    std::optional<IndexEntry> old_entry, new_entry;
    if (before) old_entry = index_entry(table, index, *before);
    if (after) new_entry = index_entry(table, index, *after);
    if (old_entry && new_entry && old_entry->pk == new_entry->pk &&
        old_entry->sk == new_entry->sk && old_entry->json == new_entry->json)
      continue;
    if (old_entry) delete_entry(conn, table.id, index.name, base_pk, base_sk, *old_entry);
    if (new_entry) insert_entry(conn, table.id, index.name, base_pk, base_sk, *new_entry);
  }
}

void IndexStore::backfill(sqlite::Connection& conn, const TableInfo& table,
                          const IndexInfo& index) {
  auto q = conn.prepare("SELECT pk, sk, item, size FROM dynamodb_items WHERE table_id = ?");
  q.bind(1, table.id);
  while (q.step()) {
    std::string_view json = q.column_blob(2);
    model::Item item = model::item_from_json(nlohmann::json::parse(json));
    auto entry = index_entry(table, index, ItemVersion{item, json, q.column_int(3)});
    if (entry) insert_entry(conn, table.id, index.name, q.column_blob(0), q.column_blob(1), *entry);
  }
}

void IndexStore::drop(sqlite::Connection& conn, int64_t table_id, std::string_view name) {
  auto del = conn.cached("DELETE FROM dynamodb_index_items WHERE table_id = ? AND index_name = ?");
  del.bind(1, table_id).bind(2, name).run();
}

IndexStore::Counters IndexStore::counters(sqlite::Connection& conn, int64_t table_id,
                                          std::string_view name) {
  auto q = conn.cached(
      "SELECT count(*), coalesce(sum(size), 0) FROM dynamodb_index_items "
      "WHERE table_id = ? AND index_name = ?");
  q.bind(1, table_id).bind(2, name);
  Counters c;
  if (q.step()) c = Counters{q.column_int(0), q.column_int(1)};
  return c;
}

void IndexStore::query(sqlite::Connection& conn, int64_t table_id, std::string_view name,
                       std::string_view pk, const QueryRange& range, bool forward,
                       const std::optional<IndexPosition>& start, const ItemVisitor& visit) {
  auto [lower, upper] = sort_window(range, std::nullopt, forward);
  std::string sql =
      "SELECT hash, pk, sk, item, size FROM dynamodb_index_items "
      "WHERE table_id = ?1 AND index_name = ?2 AND hash = ?3 AND pk = ?4";
  if (lower) sql += lower->inclusive ? " AND sk >= ?5" : " AND sk > ?5";
  if (upper) sql += upper->inclusive ? " AND sk <= ?6" : " AND sk < ?6";
  if (start) sql += forward ? " AND (sk, base_pk, base_sk) > (?7, ?8, ?9)"
                            : " AND (sk, base_pk, base_sk) < (?7, ?8, ?9)";
  sql += forward ? " ORDER BY sk ASC, base_pk ASC, base_sk ASC"
                 : " ORDER BY sk DESC, base_pk DESC, base_sk DESC";
  auto q = conn.cached(sql);
  q.bind(1, table_id).bind(2, name).bind(3, static_cast<int64_t>(partition_hash(pk)));
  q.bind_blob(4, pk);
  if (lower) q.bind_blob(5, lower->key);
  if (upper) q.bind_blob(6, upper->key);
  if (start) q.bind_blob(7, start->sk).bind_blob(8, start->base_pk).bind_blob(9, start->base_sk);
  while (q.step())
    if (!visit(read_stored_item(q))) break;
}

void IndexStore::scan(sqlite::Connection& conn, int64_t table_id, std::string_view name,
                      uint32_t hash_from, uint32_t hash_to,
                      const std::optional<IndexPosition>& start, const ItemVisitor& visit) {
  std::string sql =
      "SELECT hash, pk, sk, item, size FROM dynamodb_index_items "
      "WHERE table_id = ?1 AND index_name = ?2 AND hash BETWEEN ?3 AND ?4";
  if (start) sql += " AND (hash, pk, sk, base_pk, base_sk) > (?5, ?6, ?7, ?8, ?9)";
  sql += " ORDER BY hash, pk, sk, base_pk, base_sk";
  auto q = conn.cached(sql);
  q.bind(1, table_id).bind(2, name).bind(3, static_cast<int64_t>(hash_from));
  q.bind(4, static_cast<int64_t>(hash_to));
  if (start) {
    q.bind(5, static_cast<int64_t>(start->hash)).bind_blob(6, start->pk).bind_blob(7, start->sk);
    q.bind_blob(8, start->base_pk).bind_blob(9, start->base_sk);
  }
  while (q.step())
    if (!visit(read_stored_item(q))) break;
}

}  // namespace localcloud::dynamodb::storage
