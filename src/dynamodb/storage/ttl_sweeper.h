// The Time to Live sweeper: a background thread that, every interval,
// deletes the items of TTL-enabled tables whose expiry time has passed,
// through the one write path (indexes follow; streams record a REMOVE by
// the service). Until it runs, expired items are still read, as on AWS.
#pragma once

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <mutex>
#include <thread>

#include "localcloud/sqlite/store.h"
#include "storage/tables.h"

namespace localcloud::dynamodb::storage {

class TtlSweeper {
 public:
  // Starts sweeping every `interval`. `store` and `tables` must outlive this.
  TtlSweeper(sqlite::Store& store, TableStore& tables, std::chrono::milliseconds interval);
  // Stops the thread (a sweep in progress finishes first).
  ~TtlSweeper();
  TtlSweeper(const TtlSweeper&) = delete;
  TtlSweeper& operator=(const TtlSweeper&) = delete;

  // Deletes what is due at `now` (epoch seconds); returns how many items.
  size_t sweep(int64_t now);

 private:
  void run();

  sqlite::Store& store_;
  TableStore& tables_;
  std::chrono::milliseconds interval_;
  std::mutex mu_;
  std::condition_variable wake_;
  bool stopping_ = false;
  std::thread thread_;
};

}  // namespace localcloud::dynamodb::storage
