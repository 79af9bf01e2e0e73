#include "storage/functions.h"

#include <mutex>

#include "errors.h"
#include "model/function_record.h"

namespace localcloud::lambda::storage {
namespace {

using model::Function;
using model::FunctionPtr;

FunctionPtr from_row(int64_t id, std::string_view record) {
  auto f = std::make_shared<Function>(model::from_record(record));
  f->id = id;
  return f;
}

std::optional<Function> read_row(sqlite::Connection& conn, const std::string& name) {
  auto q = conn.cached("SELECT id, record FROM lambda_functions WHERE name = ?");
  q.bind(1, name);
  if (!q.step()) return std::nullopt;
  Function f = model::from_record(q.column_text(1));
  f.id = q.column_int(0);
  return f;
}

// Runs `job` in the next group commit; after the commit `on_commit` sees
// what it produced, then `done` does.
void write_then(sqlite::Store& store, std::function<FunctionPtr(sqlite::Connection&)> job,
                std::function<void(FunctionPtr)> on_commit, FunctionStore::Done done) {
  auto result = std::make_shared<FunctionPtr>();
  store.write_async(
      [job = std::move(job), result](sqlite::Connection& conn) { *result = job(conn); },
      [result, on_commit = std::move(on_commit), done = std::move(done)](std::exception_ptr e) {
        if (!e && *result) on_commit(*result);
        done(e, e ? nullptr : *result);
      });
}

}  // namespace

FunctionStore::FunctionStore(sqlite::Store& store) : store_(store) {
  store_.read([&](sqlite::Connection& conn) {
    auto q = conn.prepare("SELECT id, name, record FROM lambda_functions");
    while (q.step())
      by_name_.emplace(std::string(q.column_text(1)), from_row(q.column_int(0), q.column_text(2)));
  });
}

FunctionPtr FunctionStore::find(std::string_view name) const {
  std::shared_lock lock(mu_);
  auto it = by_name_.find(name);
  return it == by_name_.end() ? nullptr : it->second;
}

std::vector<FunctionPtr> FunctionStore::list(std::string_view after, size_t limit) const {
  std::shared_lock lock(mu_);
  std::vector<FunctionPtr> out;
  for (auto it = by_name_.upper_bound(after); it != by_name_.end() && out.size() < limit; ++it)
    out.push_back(it->second);
  return out;
}

std::vector<FunctionPtr> FunctionStore::all() const {
  std::shared_lock lock(mu_);
  std::vector<FunctionPtr> out;
  for (const auto& [name, f] : by_name_) out.push_back(f);
  return out;
}

void FunctionStore::create(Function function, Done done) {
  auto pending = std::make_shared<Function>(std::move(function));
  write_then(
      store_,
      [pending](sqlite::Connection& conn) -> FunctionPtr {
        auto exists = conn.cached("SELECT 1 FROM lambda_functions WHERE name = ?");
        exists.bind(1, pending->config.name);
        if (exists.step())
          throw errors::resource_conflict("Function already exist: " + pending->config.name);
        auto ins = conn.cached("INSERT INTO lambda_functions(name, record) VALUES(?, ?)");
        ins.bind(1, pending->config.name).bind(2, model::to_record(*pending)).run();
        pending->id = conn.last_insert_rowid();
        return pending;
      },
      [this](FunctionPtr f) { cache_put(std::move(f)); }, std::move(done));
}

void FunctionStore::update(std::string name, Change change, Done done) {
  write_then(
      store_,
      [name = std::move(name), change = std::move(change)](sqlite::Connection& conn) -> FunctionPtr {
        auto current = read_row(conn, name);
        if (!current) return nullptr;
        change(*current);
        auto up = conn.cached("UPDATE lambda_functions SET record = ? WHERE id = ?");
        up.bind(1, model::to_record(*current)).bind(2, current->id).run();
        return std::make_shared<Function>(std::move(*current));
      },
      [this](FunctionPtr f) { cache_put(std::move(f)); }, std::move(done));
}

void FunctionStore::remove(std::string name, Done done) {
  write_then(
      store_,
      [name = std::move(name)](sqlite::Connection& conn) -> FunctionPtr {
        auto current = read_row(conn, name);
        if (!current) return nullptr;
        auto del = conn.cached("DELETE FROM lambda_functions WHERE id = ?");
        del.bind(1, current->id).run();
        return std::make_shared<Function>(std::move(*current));
      },
      [this](FunctionPtr f) { cache_erase(f->config.name); }, std::move(done));
}

void FunctionStore::cache_put(FunctionPtr function) {
  std::unique_lock lock(mu_);
  by_name_[function->config.name] = std::move(function);
}

void FunctionStore::cache_erase(const std::string& name) {
  std::unique_lock lock(mu_);
  by_name_.erase(name);
}

}  // namespace localcloud::lambda::storage
