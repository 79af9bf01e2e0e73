// Poller: one enabled event source mapping's reader of a DynamoDB stream.
//
// It reads the stream through the DynamoDB Streams API (in process, through
// the server's router, as AWS's pollers use the public API), waits for
// commits instead of polling, drops records the mapping's filters reject,
// and invokes the function synchronously with {"Records": [...]}, one batch
// at a time so every item's changes arrive in order. A failed batch is
// retried (bisected when BisectBatchOnFunctionError) until it succeeds,
// MaximumRetryAttempts is spent or its records are older than
// MaximumRecordAgeInSeconds (24 hours when -1); meanwhile the shard waits,
// as in AWS. The checkpoint (last sequence number handled) is saved after
// each batch, so a restart goes on where it stopped.
// Thread safety: construct and stop from any thread; the poller runs on its own.
#pragma once

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <functional>
#include <memory>
#include <mutex>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "esm/filter.h"
#include "localcloud/http/message.h"
#include "localcloud/lambda/invoke.h"

namespace localcloud::lambda::esm {

struct PollerSettings {
  std::string uuid;
  std::string function_name;
  std::string event_source_arn;
  std::string starting_position;  // TRIM_HORIZON or LATEST
  std::optional<std::string> checkpoint;  // last sequence number handled
  int64_t batch_size = 100;
  int64_t batching_window_s = 0;
  int64_t max_retry_attempts = -1;  // -1: until the records expire
  int64_t max_record_age_s = -1;    // -1: the stream's 24 hours
  bool bisect = false;
  std::vector<FilterPattern> filters;
};

struct PollerHooks {
  http::Handler* router = nullptr;
  // Invokes a function (FunctionInvoker::invoke).
  std::function<void(std::string function, std::string payload,
                     std::function<void(InvocationResult)> done)> invoke;
  // Blocks until stream records may have been committed since `seen`.
  std::function<uint64_t(uint64_t seen, std::chrono::steady_clock::time_point deadline)> wait;
  // Saves progress: the checkpoint and LastProcessingResult.
  std::function<void(const std::string& checkpoint, const std::string& result)> save;
};

class Poller {
 public:
  Poller(PollerSettings settings, PollerHooks hooks);
  ~Poller();  // stops and joins
  Poller(const Poller&) = delete;
  Poller& operator=(const Poller&) = delete;

  void stop();

 private:
  void run();
  bool open_iterator();
  std::vector<nlohmann::ordered_json> read(size_t limit);
  // Delivers `batch` (non-empty); false when stopping.
  bool deliver(const std::vector<nlohmann::ordered_json>& batch, int64_t& retries);
  bool invoke(const std::vector<nlohmann::ordered_json>& batch);
  bool expired(const std::vector<nlohmann::ordered_json>& batch) const;
  // Sleeps until `deadline` or stop(); false when stopping.
  bool sleep_until(std::chrono::steady_clock::time_point deadline);

  PollerSettings settings_;
  PollerHooks hooks_;
  std::optional<std::string> iterator_;
  bool shard_closed_ = false;
  bool dropped_ = false;  // the current batch was given up on
  uint64_t seen_ = 0;
  std::mutex mu_;
  std::condition_variable cv_;
  std::atomic<bool> stopping_{false};
  std::thread thread_;
};

}  // namespace localcloud::lambda::esm
