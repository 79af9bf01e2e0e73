#include "storage/api_store.h"

#include <algorithm>

#include "errors.h"

namespace localcloud::apigateway::storage {
namespace {

constexpr sqlite::Migration kMigrations[] = {
    {1,
     "CREATE TABLE apigateway_rest_apis ("
     "  seq INTEGER PRIMARY KEY AUTOINCREMENT,"
     "  id TEXT NOT NULL UNIQUE,"
     "  record TEXT NOT NULL"
     ");"
     "CREATE TABLE apigateway_deployments ("
     "  api_id TEXT NOT NULL,"
     "  id TEXT NOT NULL,"
     "  record TEXT NOT NULL,"
     "  PRIMARY KEY (api_id, id)"
     ");"},
};

}  // namespace

ApiStore::ApiStore(sqlite::Store& store) : store_(store) {
  store_.migrate("apigateway", kMigrations);
  store_.read([&](sqlite::Connection& conn) {
    std::map<std::string, model::RestApi> apis;
    std::map<std::string, int64_t> seqs;
    auto q = conn.prepare("SELECT seq, id, record FROM apigateway_rest_apis");
    while (q.step()) {
      std::string id(q.column_text(1));
      seqs[id] = q.column_int(0);
      apis[id] = model::api_from_record(q.column_text(2));
      next_seq_ = std::max(next_seq_, q.column_int(0) + 1);
    }
    auto d = conn.prepare("SELECT api_id, record FROM apigateway_deployments");
    while (d.step()) {
      auto it = apis.find(std::string(d.column_text(0)));
      if (it == apis.end()) continue;
      auto dep = model::deployment_from_record(d.column_text(1));
      it->second.deployments[dep.id] = std::move(dep);
    }
    for (auto& [id, api] : apis)
      by_id_[id] = Entry{seqs[id], std::make_shared<const model::RestApi>(std::move(api))};
  });
}

model::RestApiPtr ApiStore::find(std::string_view id) const {
  std::shared_lock lock(mu_);
  auto it = by_id_.find(std::string(id));  // ids are case-sensitive, as AWS's are
  return it == by_id_.end() ? nullptr : it->second.api;
}

std::vector<model::RestApiPtr> ApiStore::all() const {
  std::vector<std::pair<int64_t, model::RestApiPtr>> entries;
  {
    std::shared_lock lock(mu_);
    for (const auto& [id, e] : by_id_) entries.emplace_back(e.seq, e.api);
  }
  std::sort(entries.begin(), entries.end(),
            [](const auto& a, const auto& b) { return a.first < b.first; });
  std::vector<model::RestApiPtr> out;
  for (auto& [seq, api] : entries) out.push_back(std::move(api));
  return out;
}

void ApiStore::create(model::RestApi api, Done done) {
  std::lock_guard staging(write_mu_);
  auto after = std::make_shared<const model::RestApi>(std::move(api));
  {
    std::unique_lock lock(mu_);
    by_id_[after->id] = Entry{next_seq_++, after};
  }
  write(nullptr, after, std::move(done));
}

void ApiStore::update(std::string_view id, std::string_view missing, const Change& change,
                      Done done) {
  std::lock_guard staging(write_mu_);
  auto before = find(id);
  if (!before) throw errors::not_found(std::string(missing));
  auto copy = std::make_shared<model::RestApi>(*before);
  change(*copy);
  model::RestApiPtr after = copy;
  {
    std::unique_lock lock(mu_);
    by_id_[after->id].api = after;
  }
  write(before, after, std::move(done));
}

void ApiStore::remove(std::string_view id, std::string_view missing, Done done) {
  std::lock_guard staging(write_mu_);
  auto before = find(id);
  if (!before) throw errors::not_found(std::string(missing));
  {
    std::unique_lock lock(mu_);
    by_id_.erase(before->id);
  }
  write(before, nullptr, std::move(done));
}

// Queues the row changes from `before` to `after` (either may be null).
void ApiStore::write(model::RestApiPtr before, model::RestApiPtr after, Done done) {
  store_.write_async(
      [before, after](sqlite::Connection& conn) {
        const std::string& id = after ? after->id : before->id;
        if (!after) {
          conn.cached("DELETE FROM apigateway_rest_apis WHERE id = ?").bind(1, id).run();
          conn.cached("DELETE FROM apigateway_deployments WHERE api_id = ?").bind(1, id).run();
          return;
        }
        if (!before) {
          conn.cached("INSERT INTO apigateway_rest_apis(id, record) VALUES(?, ?)")
              .bind(1, id)
              .bind(2, model::to_record(*after))
              .run();
        } else {
          conn.cached("UPDATE apigateway_rest_apis SET record = ? WHERE id = ?")
              .bind(1, model::to_record(*after))
              .bind(2, id)
              .run();
        }
        for (const auto& [dep_id, dep] : after->deployments) {
          const model::Deployment* old = nullptr;
          if (before) {
            auto it = before->deployments.find(dep_id);
            if (it != before->deployments.end()) old = &it->second;
          }
          if (old && old->description == dep.description) continue;
          conn.cached("INSERT OR REPLACE INTO apigateway_deployments(api_id, id, record) "
                      "VALUES(?, ?, ?)")
              .bind(1, id)
              .bind(2, dep_id)
              .bind(3, model::to_record(dep))
              .run();
        }
        if (before)
          for (const auto& [dep_id, dep] : before->deployments)
            if (!after->deployments.count(dep_id))
              conn.cached("DELETE FROM apigateway_deployments WHERE api_id = ? AND id = ?")
                  .bind(1, id)
                  .bind(2, dep_id)
                  .run();
      },
      [after, done = std::move(done)](std::exception_ptr e) { done(e, e ? nullptr : after); });
}

}  // namespace localcloud::apigateway::storage
