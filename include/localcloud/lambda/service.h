// The Lambda service: the function API (REST-JSON under /2015-03-31/functions
// and its sibling API versions), keeping functions in the shared SQLite
// store and their code in directories on disk, and Invoke, running handlers
// in execution environments that speak the Lambda Runtime API.
#pragma once

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "localcloud/http/service.h"
#include "localcloud/sqlite/store.h"

namespace localcloud::lambda {

// A line of a function's log, as CloudWatch Logs keeps it.
struct LogEvent {
  int64_t timestamp_ms = 0;  // since the Unix epoch
  std::string message;
};

// Receives execution environments' log lines, per log group and stream.
using LogPublisher = std::function<void(const std::string& group, const std::string& stream,
                                        std::vector<LogEvent> events)>;

struct ServiceOptions {
  std::string region = "us-east-1";
  std::string account_id = "000000000000";
  // Where deployment packages are unpacked: <data-dir>/lambda. Empty means
  // a fresh temporary directory, removed when the service is destroyed
  // (the --in-memory mode).
  std::filesystem::path code_root;
  // The runtime bootstraps (runtime/nodejs, runtime/python of the repository).
  std::filesystem::path runtime_dir;
  // AWS_ENDPOINT_URL given to handlers; asked when an environment starts
  // (the server's port is known only once it listens).
  std::function<std::string()> endpoint_url;
  LogPublisher publish_logs;
  // The server's router, for in-process C++ handlers' calls to other
  // services (Context::call); must outlive the service.
  http::Handler* router = nullptr;
  // Concurrency of a function without reserved concurrency.
  int default_concurrency = 10;
  // Blocks until DynamoDB stream records may have been committed since the
  // call that returned `seen` (0 at first), or until `deadline`; returns the
  // next mark (dynamodb::StreamNotifier). Unset: event source mappings poll.
  std::function<uint64_t(uint64_t seen, std::chrono::steady_clock::time_point deadline)>
      wait_for_stream_records;
  // Idle execution environments are ended after this long.
  std::chrono::milliseconds idle_timeout{300'000};
  // The credentials handlers' SDKs sign with (AWS_ACCESS_KEY_ID,
  // AWS_SECRET_ACCESS_KEY): with --require-auth, a key the server accepts.
  std::string handler_access_key_id = "ASIALOCALCLOUD000000";
  std::string handler_secret_access_key = "localcloud-secret-access-key";
};

// Migrates the store's Lambda schema, sweeps code directories no function
// owns, then returns the service. `store` must outlive it. Throws
// std::filesystem::filesystem_error if the code root cannot be created.
std::shared_ptr<http::Service> make_service(sqlite::Store& store, ServiceOptions options = {});

}  // namespace localcloud::lambda
