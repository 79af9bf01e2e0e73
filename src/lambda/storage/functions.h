// FunctionStore: the registry of Lambda functions, in SQLite and cached in
// memory.
//
// Reads (find, list) come from the cache and never wait for the writer.
// Writes go through the store's group commit; a change reads the row inside
// the writer's transaction, so changes queued together never lose each
// other's effects. The cache changes only after the commit, in completion
// order, so it always holds the last committed state.
// Thread safety: every member may be called from any thread.
#pragma once

#include <exception>
#include <functional>
#include <map>
#include <shared_mutex>
#include <string>
#include <string_view>
#include <vector>

#include "localcloud/sqlite/store.h"
#include "model/function.h"

namespace localcloud::lambda::storage {

class FunctionStore {
 public:
  // Loads every function into the cache. `store` must outlive this.
  explicit FunctionStore(sqlite::Store& store);

  // The function called `name`, or null.
  model::FunctionPtr find(std::string_view name) const;
  // Up to `limit` functions whose names sort after `after`, in name order.
  std::vector<model::FunctionPtr> list(std::string_view after, size_t limit) const;
  // Every function, in name order.
  std::vector<model::FunctionPtr> all() const;

  // Completion of a write, on the writer thread: the error the write threw,
  // or the function it produced. Both null means the function did not exist.
  using Done = std::function<void(std::exception_ptr error, model::FunctionPtr function)>;

  // Inserts `function` (id filled in). Fails with ResourceConflictException
  // "Function already exist: <name>" if the name is taken.
  void create(model::Function function, Done done);

  // Applies `change` to the function's latest state and stores the result.
  // `change` runs on the writer thread and may throw AwsError to refuse.
  using Change = std::function<void(model::Function&)>;
  void update(std::string name, Change change, Done done);

  // Removes the function; done gets the removed function.
  void remove(std::string name, Done done);

 private:
  void cache_put(model::FunctionPtr function);
  void cache_erase(const std::string& name);

  sqlite::Store& store_;
  mutable std::shared_mutex mu_;
  std::map<std::string, model::FunctionPtr, std::less<>> by_name_;
};

}  // namespace localcloud::lambda::storage
