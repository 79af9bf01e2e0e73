#include "storage/mappings.h"

#include <mutex>

namespace localcloud::lambda::storage {
namespace {

using nlohmann::ordered_json;

std::optional<ordered_json> read_row(sqlite::Connection& conn, const std::string& uuid) {
  auto q = conn.cached("SELECT record FROM lambda_event_source_mappings WHERE uuid = ?");
  q.bind(1, uuid);
  if (!q.step()) return std::nullopt;
  return ordered_json::parse(q.column_text(0));
}

}  // namespace

MappingStore::MappingStore(sqlite::Store& store) : store_(store) {
  store_.read([&](sqlite::Connection& conn) {
    auto q = conn.prepare("SELECT uuid, record FROM lambda_event_source_mappings");
    while (q.step())
      by_uuid_.emplace(std::string(q.column_text(0)),
                       std::make_shared<const ordered_json>(ordered_json::parse(q.column_text(1))));
  });
}

MappingPtr MappingStore::find(const std::string& uuid) const {
  std::shared_lock lock(mu_);
  auto it = by_uuid_.find(uuid);
  return it == by_uuid_.end() ? nullptr : it->second;
}

std::vector<MappingPtr> MappingStore::all() const {
  std::shared_lock lock(mu_);
  std::vector<MappingPtr> out;
  for (const auto& [uuid, m] : by_uuid_) out.push_back(m);
  return out;
}

void MappingStore::create(ordered_json mapping,
                          std::function<void(const std::vector<MappingPtr>&)> conflict, Done done) {
  auto pending = std::make_shared<const ordered_json>(std::move(mapping));
  store_.write_async(
      [pending, conflict = std::move(conflict)](sqlite::Connection& conn) {
        std::vector<MappingPtr> present;
        auto q = conn.cached("SELECT record FROM lambda_event_source_mappings");
        while (q.step())
          present.push_back(std::make_shared<const ordered_json>(ordered_json::parse(q.column_text(0))));
        if (conflict) conflict(present);
        auto ins = conn.cached("INSERT INTO lambda_event_source_mappings(uuid, record) VALUES(?, ?)");
        ins.bind(1, (*pending)["UUID"].get<std::string>()).bind(2, pending->dump()).run();
      },
      [this, pending, done = std::move(done)](std::exception_ptr e) {
        if (!e) {
          std::unique_lock lock(mu_);
          by_uuid_[(*pending)["UUID"].get<std::string>()] = pending;
        }
        done(e, e ? nullptr : pending);
      });
}

void MappingStore::update(const std::string& uuid, Change change, Done done) {
  auto result = std::make_shared<MappingPtr>();
  store_.write_async(
      [uuid, change = std::move(change), result](sqlite::Connection& conn) {
        auto current = read_row(conn, uuid);
        if (!current) return;
        change(*current);
        auto up = conn.cached("UPDATE lambda_event_source_mappings SET record = ? WHERE uuid = ?");
        up.bind(1, current->dump()).bind(2, uuid).run();
        *result = std::make_shared<const ordered_json>(std::move(*current));
      },
      [this, uuid, result, done = std::move(done)](std::exception_ptr e) {
        if (!e && *result) {
          std::unique_lock lock(mu_);
          by_uuid_[uuid] = *result;
        }
        done(e, e ? nullptr : *result);
      });
}

void MappingStore::remove(const std::string& uuid, Done done) {
  auto result = std::make_shared<MappingPtr>();
  store_.write_async(
      [uuid, result](sqlite::Connection& conn) {
        auto current = read_row(conn, uuid);
        if (!current) return;
        auto del = conn.cached("DELETE FROM lambda_event_source_mappings WHERE uuid = ?");
        del.bind(1, uuid).run();
        *result = std::make_shared<const ordered_json>(std::move(*current));
      },
      [this, uuid, result, done = std::move(done)](std::exception_ptr e) {
        if (!e && *result) {
          std::unique_lock lock(mu_);
          by_uuid_.erase(uuid);
        }
        done(e, e ? nullptr : *result);
      });
}

}  // namespace localcloud::lambda::storage
