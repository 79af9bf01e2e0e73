#include "storage/ttl_sweeper.h"

#include <spdlog/spdlog.h>

#include <nlohmann/json.hpp>

#include "storage/expiry.h"
#include "storage/writes.h"

namespace localcloud::dynamodb::storage {
namespace {

// Items deleted per table per write transaction.
constexpr size_t kBatch = 500;

int64_t epoch_seconds() {
  return std::chrono::duration_cast<std::chrono::seconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

}  // namespace

TtlSweeper::TtlSweeper(sqlite::Store& store, TableStore& tables,
                       std::chrono::milliseconds interval)
    : store_(store), tables_(tables), interval_(interval), thread_([this] { run(); }) {}

TtlSweeper::~TtlSweeper() {
  {
    std::lock_guard lock(mu_);
    stopping_ = true;
  }
  wake_.notify_all();
  thread_.join();
}

void TtlSweeper::run() {
  std::unique_lock lock(mu_);
  while (!wake_.wait_for(lock, interval_, [this] { return stopping_; })) {
    lock.unlock();
    try {
      sweep(epoch_seconds());
    } catch (const std::exception& e) {
      spdlog::error("DynamoDB TTL sweep failed: {}", e.what());
    }
    lock.lock();
  }
}

size_t TtlSweeper::sweep(int64_t now) {
  size_t deleted = 0;
  for (const auto& name : tables_.list("", SIZE_MAX)) {
    TablePtr table = tables_.find(name);
    if (!table || !table->ttl_attribute) continue;
    for (;;) {
      auto due = store_.read(
          [&](sqlite::Connection& conn) { return ExpiryStore::due(conn, table->id, now, kBatch); });
      if (due.empty()) break;
      size_t batch = 0;
      store_.write([&](sqlite::Connection& conn) {
        for (const auto& position : due) {
          auto stored = ItemStore::get(conn, table->id, position.pk, position.sk);
          if (!stored) {
            ExpiryStore::set(conn, table->id, position.pk, position.sk, std::nullopt);
            continue;
          }
          model::Item item = model::item_from_json(nlohmann::json::parse(stored->json));
          auto expires = ExpiryStore::expiry_of(item, *table->ttl_attribute);
          if (!expires || *expires > now) continue;
          delete_item(conn, *table, *stored, DeleteCause::kTimeToLive);
          ++batch;
        }
      });
      deleted += batch;
      if (due.size() < kBatch) break;
    }
    if (deleted) spdlog::debug("DynamoDB TTL: deleted {} expired items of {}", deleted, name);
  }
  return deleted;
}

}  // namespace localcloud::dynamodb::storage
