// The DynamoDB service: answers `X-Amz-Target: DynamoDB_20120810.*` over the
// JSON 1.0 protocol, keeping tables and items in the shared SQLite store.
#pragma once

#include <chrono>
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

// Migrates the store's DynamoDB schema, then returns the service. `store`
// must outlive it.
std::shared_ptr<http::Service> make_service(sqlite::Store& store, ServiceOptions options = {});

}  // namespace localcloud::dynamodb
