// The DynamoDB service: answers `X-Amz-Target: DynamoDB_20120810.*` over the
// JSON 1.0 protocol, keeping tables and items in the shared SQLite store,
// and the DynamoDB Streams API (`DynamoDBStreams_20120810.*`) over the
// tables' change records.
#pragma once

#include <chrono>
#include <cstdint>
#include <memory>
#include <string>

#include "localcloud/http/service.h"
#include "localcloud/sqlite/store.h"

namespace localcloud::dynamodb {

struct ServiceOptions {
  std::string region = "us-east-1";
  std::string account_id = "000000000000";
  // How often the Time to Live sweeper deletes expired items.
  std::chrono::milliseconds ttl_interval{10'000};
};

// Tells stream readers (Lambda's event source mappings) that records were
// committed, so they read when there is something to read instead of
// polling. Thread safety: may be called from any thread.
class StreamNotifier {
 public:
  virtual ~StreamNotifier() = default;
  // Blocks until stream records may have been committed since the call
  // that returned `seen` (0 the first time), or until `deadline`. Returns
  // the mark to pass next time.
  virtual uint64_t wait_for_records(uint64_t seen,
                                    std::chrono::steady_clock::time_point deadline) = 0;
};

// Migrates the store's DynamoDB schema, then returns the service. `store`
// must outlive it.
std::shared_ptr<http::Service> make_service(sqlite::Store& store, ServiceOptions options = {});

// The stream notifier of a service made by make_service.
std::shared_ptr<StreamNotifier> stream_notifier(const std::shared_ptr<http::Service>& service);

}  // namespace localcloud::dynamodb
