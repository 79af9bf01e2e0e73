#include "storage/tables.h"

#include <algorithm>
#include <chrono>
#include <mutex>

#include "errors.h"
#include "storage/indexes.h"
#include "storage/streams.h"

namespace localcloud::dynamodb::storage {
namespace {

// Reads a KeySchema list into `hash` and `range`, typed by the definitions.
void read_key_schema(const nlohmann::json& schema, const nlohmann::json& definitions,
                     KeyAttribute& hash, std::optional<KeyAttribute>& range) {
  for (const auto& key : schema) {
    std::string attr = key["AttributeName"];
    char type = 'S';
    for (const auto& def : definitions)
      if (def["AttributeName"] == attr) type = def["AttributeType"].get<std::string>()[0];
    if (key["KeyType"] == "HASH") {
      hash = KeyAttribute{attr, type};
    } else {
      range = KeyAttribute{attr, type};
    }
  }
}

IndexInfo index_from_description(const nlohmann::json& d, const nlohmann::json& definitions,
                                 bool global) {
  IndexInfo index;
  index.name = d["IndexName"];
  index.global = global;
  read_key_schema(d["KeySchema"], definitions, index.hash, index.range);
  const auto& projection = d["Projection"];
  std::string type = projection.value("ProjectionType", "ALL");
  index.projection = type == "KEYS_ONLY" ? IndexInfo::Projection::kKeysOnly
                     : type == "INCLUDE" ? IndexInfo::Projection::kInclude
                                         : IndexInfo::Projection::kAll;
  if (projection.contains("NonKeyAttributes"))
    index.non_key = projection["NonKeyAttributes"].get<std::vector<std::string>>();
  return index;
}

// The ARN, key attributes and indexes, as the description states them.
void derive_from_description(TableInfo& info) {
  const auto& d = info.description;
  info.arn = d.value("TableArn", "");
  read_key_schema(d["KeySchema"], d["AttributeDefinitions"], info.hash, info.range);
  info.ttl_attribute.reset();
  if (d.contains("TimeToLiveDescription") &&
      d["TimeToLiveDescription"].value("TimeToLiveStatus", "") == "ENABLED")
    info.ttl_attribute = d["TimeToLiveDescription"].value("AttributeName", "");
  info.indexes.clear();
  for (const auto& [member, global] :
       {std::pair{"GlobalSecondaryIndexes", true}, std::pair{"LocalSecondaryIndexes", false}}) {
    if (!d.contains(member)) continue;
    for (const auto& index : d[member])
      info.indexes.push_back(index_from_description(index, d["AttributeDefinitions"], global));
  }
  std::sort(info.indexes.begin(), info.indexes.end(),
            [](const IndexInfo& a, const IndexInfo& b) { return a.name < b.name; });
  info.stream.reset();
  const auto& spec = d.value("StreamSpecification", nlohmann::json::object());
  if (spec.value("StreamEnabled", false))
    info.stream = StreamSettings{d.value("LatestStreamArn", ""), spec.value("StreamViewType", "")};
}

int64_t now_epoch_ms() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

TablePtr table_from_row(int64_t id, std::string_view name, std::string_view description) {
  auto info = std::make_shared<TableInfo>();
  info->id = id;
  info->name = std::string(name);
  info->description = nlohmann::json::parse(description);
  derive_from_description(*info);
  return info;
}

// Runs a write and hands its outcome to `done` with the table it produced.
void write_then(sqlite::Store& store, std::function<TablePtr(sqlite::Connection&)> job,
                std::function<void(TablePtr)> on_commit, TableStore::Done done) {
  auto result = std::make_shared<TablePtr>();
  store.write_async(
      [job = std::move(job), result](sqlite::Connection& conn) { *result = job(conn); },
      [result, on_commit = std::move(on_commit), done = std::move(done)](std::exception_ptr e) {
        if (!e && on_commit) on_commit(*result);
        done(e, e ? nullptr : *result);
      });
}

}  // namespace

const IndexInfo* TableInfo::find_index(std::string_view index_name) const {
  for (const auto& index : indexes)
    if (index.name == index_name) return &index;
  return nullptr;
}

TableStore::TableStore(sqlite::Store& store) : store_(store) {
  store_.read([&](sqlite::Connection& conn) {
    auto q = conn.prepare("SELECT id, name, description FROM dynamodb_tables");
    while (q.step())
      by_name_.emplace(std::string(q.column_text(1)),
                       table_from_row(q.column_int(0), q.column_text(1), q.column_text(2)));
  });
}

TablePtr TableStore::find(std::string_view name) const {
  std::shared_lock lock(mu_);
  auto it = by_name_.find(name);
  return it == by_name_.end() ? nullptr : it->second;
}

TablePtr TableStore::find_by_arn(std::string_view arn) const {
  std::shared_lock lock(mu_);
  for (const auto& [name, table] : by_name_)
    if (table->arn == arn) return table;
  return nullptr;
}

TableStore::Counters TableStore::counters(int64_t table_id) const {
  return store_.read([&](sqlite::Connection& conn) {
    auto q = conn.cached("SELECT item_count, size_bytes FROM dynamodb_tables WHERE id = ?");
    q.bind(1, table_id);
    Counters c;
    if (q.step()) c = Counters{q.column_int(0), q.column_int(1)};
    return c;
  });
}

TableStore::Counters TableStore::index_counters(int64_t table_id, std::string_view name) const {
  return store_.read([&](sqlite::Connection& conn) {
    auto c = IndexStore::counters(conn, table_id, name);
    return Counters{c.item_count, c.size_bytes};
  });
}

std::vector<std::string> TableStore::list(std::string_view after, size_t limit) const {
  std::shared_lock lock(mu_);
  std::vector<std::string> names;
  for (auto it = by_name_.upper_bound(after); it != by_name_.end() && names.size() < limit; ++it)
    names.push_back(it->first);
  return names;
}

void TableStore::create(TableInfo info, Done done) {
  auto pending = std::make_shared<TableInfo>(std::move(info));
  derive_from_description(*pending);
  write_then(
      store_,
      [pending](sqlite::Connection& conn) -> TablePtr {
        auto exists = conn.cached("SELECT 1 FROM dynamodb_tables WHERE name = ?");
        exists.bind(1, pending->name);
        if (exists.step()) throw errors::resource_in_use("Table already exists: " + pending->name);
        sync_table_stream(conn, nullptr, pending.get(), now_epoch_ms());
        auto ins = conn.cached("INSERT INTO dynamodb_tables(name, description) VALUES(?, ?)");
        ins.bind(1, pending->name).bind(2, pending->description.dump()).run();
        pending->id = conn.last_insert_rowid();
        return pending;
      },
      [this](TablePtr t) { cache_put(std::move(t)); }, std::move(done));
}

void TableStore::remove(TablePtr table, Done done) {
  write_then(
      store_,
      [table](sqlite::Connection& conn) -> TablePtr {
        auto del = conn.cached("DELETE FROM dynamodb_tables WHERE id = ?");
        del.bind(1, table->id).run();
        if (conn.changes() == 0) throw errors::table_not_found(table->name);
        sync_table_stream(conn, table.get(), nullptr, now_epoch_ms());
        return table;
      },
      [this](TablePtr t) { cache_erase(t->name); }, std::move(done));
}

void TableStore::update(TablePtr table, nlohmann::json description, Done done, AlsoFn also) {
  auto updated = std::make_shared<TableInfo>(*table);
  updated->description = std::move(description);
  derive_from_description(*updated);
  write_then(
      store_,
      [table, updated, also = std::move(also)](sqlite::Connection& conn) -> TablePtr {
        sync_table_stream(conn, table.get(), updated.get(), now_epoch_ms());
        auto up = conn.cached("UPDATE dynamodb_tables SET description = ? WHERE id = ?");
        up.bind(1, updated->description.dump()).bind(2, updated->id).run();
        if (conn.changes() == 0) throw errors::table_not_found(updated->name);
        if (also) also(conn, *updated);
        return updated;
      },
      [this](TablePtr t) { cache_put(std::move(t)); }, std::move(done));
}

std::vector<std::pair<std::string, std::string>> TableStore::tags(int64_t table_id) const {
  return store_.read([&](sqlite::Connection& conn) {
    auto q = conn.cached("SELECT key, value FROM dynamodb_tags WHERE table_id = ? ORDER BY key");
    q.bind(1, table_id);
    std::vector<std::pair<std::string, std::string>> out;
    while (q.step()) out.emplace_back(q.column_text(0), q.column_text(1));
    return out;
  });
}

void TableStore::tag(TablePtr table, std::vector<std::pair<std::string, std::string>> tags,
                     Done done) {
  write_then(
      store_,
      [table, tags = std::move(tags)](sqlite::Connection& conn) -> TablePtr {
        for (const auto& [key, value] : tags) {
          auto up = conn.cached(
              "INSERT INTO dynamodb_tags(table_id, key, value) VALUES(?, ?, ?) "
              "ON CONFLICT(table_id, key) DO UPDATE SET value = excluded.value");
          up.bind(1, table->id).bind(2, key).bind(3, value).run();
        }
        return table;
      },
      nullptr, std::move(done));
}

void TableStore::untag(TablePtr table, std::vector<std::string> keys, Done done) {
  write_then(
      store_,
      [table, keys = std::move(keys)](sqlite::Connection& conn) -> TablePtr {
        for (const auto& key : keys) {
          auto del = conn.cached("DELETE FROM dynamodb_tags WHERE table_id = ? AND key = ?");
          del.bind(1, table->id).bind(2, key).run();
        }
        return table;
      },
      nullptr, std::move(done));
}

void TableStore::cache_put(TablePtr table) {
  std::unique_lock lock(mu_);
  by_name_[table->name] = std::move(table);
}

void TableStore::cache_erase(const std::string& name) {
  std::unique_lock lock(mu_);
  by_name_.erase(name);
}

}  // namespace localcloud::dynamodb::storage
