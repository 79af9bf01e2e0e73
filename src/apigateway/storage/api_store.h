// ApiStore: every REST API, cached in memory and written through the
// store's writer. One row per API (its settings, resource tree and stages)
// and one per deployment (its frozen tree), so a change rewrites one API row
// and creating a deployment adds one row.
//
// Changes are staged on a copy under one lock, validated (a refused change
// throws AwsError and leaves everything as it was), then become current and
// are queued for the next group commit; `done` runs once that commit is on
// disk. Readers get immutable snapshots and never wait for the writer.
//
// Thread safety: every member may be called from any thread.
#pragma once

#include <exception>
#include <functional>
#include <map>
#include <mutex>
#include <shared_mutex>
#include <string>
#include <string_view>
#include <vector>

#include "localcloud/sqlite/store.h"
#include "model/rest_api.h"

namespace localcloud::apigateway::storage {

class ApiStore {
 public:
  // Migrates the schema and loads every API. `store` must outlive this.
  explicit ApiStore(sqlite::Store& store);

  // The API called `id` (ids compare case-insensitively, as AWS's do), or null.
  model::RestApiPtr find(std::string_view id) const;
  // Every API, oldest first.
  std::vector<model::RestApiPtr> all() const;

  // Called after the commit: null and the API as committed, or the error.
  using Done = std::function<void(std::exception_ptr, model::RestApiPtr)>;
  // Edits a copy of the API; throws AwsError to refuse the change.
  using Change = std::function<void(model::RestApi&)>;

  void create(model::RestApi api, Done done);
  // Throws NotFoundException(`missing`) when there is no such API, and
  // whatever `change` throws; otherwise `done` runs after the commit.
  void update(std::string_view id, std::string_view missing, const Change& change, Done done);
  void remove(std::string_view id, std::string_view missing, Done done);

 private:
  struct Entry {
    int64_t seq;
    model::RestApiPtr api;
  };
  void write(model::RestApiPtr before, model::RestApiPtr after, Done done);

  sqlite::Store& store_;
  std::mutex write_mu_;  // stages one change at a time
  mutable std::shared_mutex mu_;
  std::map<std::string, Entry, std::less<>> by_id_;
  int64_t next_seq_ = 1;
};

}  // namespace localcloud::apigateway::storage
