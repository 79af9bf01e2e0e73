// MappingStore: Lambda's event source mappings, in SQLite and cached in
// memory.
//
// A mapping is one JSON document: what GetEventSourceMapping answers, plus
// the poller's checkpoint under members starting with "_" that rendering
// drops. Changes are read-modify-writes of the row inside the writer's
// transaction, so the API's changes and the poller's never lose each other.
// The cache changes only after the commit.
// Thread safety: every member may be called from any thread.
#pragma once

#include <exception>
#include <functional>
#include <map>
#include <memory>
#include <nlohmann/json.hpp>
#include <shared_mutex>
#include <string>
#include <vector>

#include "localcloud/sqlite/store.h"

namespace localcloud::lambda::storage {

using MappingPtr = std::shared_ptr<const nlohmann::ordered_json>;

class MappingStore {
 public:
  // Loads every mapping into the cache. `store` must outlive this.
  explicit MappingStore(sqlite::Store& store);

  // The mapping with this UUID, or null.
  MappingPtr find(const std::string& uuid) const;
  // Every mapping, in UUID order.
  std::vector<MappingPtr> all() const;

  // Completion on the writer thread: the error, or the mapping as written
  // (null when it did not exist).
  using Done = std::function<void(std::exception_ptr error, MappingPtr mapping)>;

  // Inserts `mapping` unless `conflict` (run in the transaction against the
  // mappings present) throws.
  void create(nlohmann::ordered_json mapping,
              std::function<void(const std::vector<MappingPtr>&)> conflict, Done done);
  // Applies `change` to the stored mapping. `change` may throw AwsError.
  using Change = std::function<void(nlohmann::ordered_json&)>;
  void update(const std::string& uuid, Change change, Done done);
  void remove(const std::string& uuid, Done done);

 private:
  sqlite::Store& store_;
  mutable std::shared_mutex mu_;
  std::map<std::string, MappingPtr> by_uuid_;
};

}  // namespace localcloud::lambda::storage
