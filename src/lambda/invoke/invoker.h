// Invoker: runs invocations in execution environments, per function a pool
// of warm environments scaled out up to the function's concurrency.
//
// A synchronous invocation over a function's reserved concurrency is
// throttled (TooManyRequestsException); without a reservation it waits for
// an environment (localcloud's per-function default concurrency stands in
// for the account's limit). Asynchronous invocations are queued and retried
// twice on error, as Lambda does. A newer function revision (code or
// configuration) retires the environments of the old one; idle
// environments are reaped. One thread of its own runs it all, except
// in-process C++ handlers (runtime localcloud.cpp): they are counted and
// queued under a lock of their own and run on a small pool of worker
// threads, from the caller's thread to a worker and back to the caller
// without a switch to the invoker's thread.
#pragma once

#include <chrono>
#include <filesystem>
#include <functional>
#include <memory>
#include <nlohmann/json.hpp>
#include <string_view>
#include <string>
#include <vector>

#include "invoke/invocation.h"

namespace localcloud::lambda::invoke {

struct InvokerOptions {
  std::filesystem::path runtime_dir;  // <repo>/runtime
  std::string region = "us-east-1";
  std::string account_id = "000000000000";
  LogPublisher publish;
  std::function<std::string()> endpoint_url;  // AWS_ENDPOINT_URL, asked per new environment
  std::string access_key_id = "ASIALOCALCLOUD000000";  // handlers' credentials
  std::string secret_access_key = "localcloud-secret-access-key";
  // The code directory of a function's current code.
  std::function<std::filesystem::path(const model::Function&)> task_root;
  // Serves Context::call of in-process C++ handlers (target, request, deadline).
  std::function<nlohmann::ordered_json(std::string_view, const nlohmann::ordered_json&,
                               std::chrono::steady_clock::time_point)>
      call_service;
  // Worker threads for in-process C++ handlers.
  int native_threads = 4;
  int default_concurrency = 10;
  std::chrono::milliseconds idle_timeout{300'000};
  // Delays before the asynchronous retries (Lambda makes two).
  std::vector<std::chrono::milliseconds> async_retry_delays{std::chrono::seconds(1),
                                                            std::chrono::seconds(2)};
};

class Invoker {
 public:
  explicit Invoker(InvokerOptions options);
  ~Invoker();  // stop()
  Invoker(const Invoker&) = delete;
  Invoker& operator=(const Invoker&) = delete;

  // Runs the invocation; `done` is called once, on the invoker's thread or,
  // for an in-process handler, on the caller's (refused or accepted), a
  // worker's (answered) or the deadlines' thread (timed out). For an
  // asynchronous invocation: when it is queued. Thread-safe.
  void invoke(InvokeRequest request, InvokeDone done);

  // Retires every environment of the function (after an update or delete).
  void retire(std::string function_name);

  // Ends every environment and fails what is still queued. Idempotent.
  void stop();

  class Impl;

 private:
  std::unique_ptr<Impl> impl_;
};

}  // namespace localcloud::lambda::invoke
