// Executor: runs one request through a method's integration — Lambda proxy,
// Lambda (non-proxy), MOCK, HTTP and HTTP_PROXY — and maps what comes back
// to the method's response, as AWS does. The data plane and
// TestInvokeMethod share it; the latter also reads the execution log.
//
// Never blocks the caller: Lambda calls are asynchronous, HTTP calls run on
// the executor's own threads, and a timer answers 504 at the integration's
// timeout. Thread safety: run() may be called from any thread.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "event/proxy.h"
#include "integration/workers.h"
#include "localcloud/http/message.h"
#include "localcloud/lambda/invoke.h"
#include "model/rest_api.h"

namespace localcloud::apigateway::integration {

struct Invocation {
  event::RequestInfo request;
  const model::Method* method = nullptr;  // must have an integration
  std::shared_ptr<const void> keep_alive;  // owns `method`
  // Fill Result::log. Only TestInvokeMethod shows the log, and writing it
  // (headers and bodies included) would cost every data-plane request.
  bool execution_log = false;
};

struct Result {
  int status = 200;
  http::Headers headers;
  std::string body;
  int64_t integration_latency_ms = 0;
  // The execution log as TestInvokeMethod shows it, one entry per line,
  // without the timestamp prefix; empty unless Invocation::execution_log.
  std::vector<std::string> log;
};

class Executor {
 public:
  explicit Executor(std::shared_ptr<lambda::FunctionInvoker> invoker, int http_threads = 4);
  ~Executor();

  // `done` is called exactly once, from any thread.
  void run(Invocation invocation, std::function<void(Result)> done);
  // Ends the HTTP threads and timers (server shutdown).
  void stop();

 private:
  struct Job;
  void run_lambda(std::shared_ptr<Job> job, bool proxy);
  void run_mock(std::shared_ptr<Job> job);
  void run_http(std::shared_ptr<Job> job, bool proxy);

  std::shared_ptr<lambda::FunctionInvoker> invoker_;
  Workers workers_;
};

// What API Gateway does to the headers an integration answers with before
// they reach the client: Transfer-Encoding (and an HTTP_PROXY backend's Via
// and Keep-Alive) it drops, and those that would speak for the gateway's own connection or
// identity — Connection, Content-Length, Date, Server, and for the non-proxy
// types (AWS, HTTP: headers from the method's response mappings) also
// Authorization, WWW-Authenticate and a few more — it renames to
// x-amzn-Remapped-<Name>, keeping the value. `type` is the integration's.
void remap_integration_headers(http::Headers& headers, std::string_view type);

// A {"message": ...} response with AWS's x-amzn-ErrorType, as the data
// plane sends its own errors (403, 415, 500, 502, 504).
Result gateway_error(int status, std::string_view type, std::string_view message);

}  // namespace localcloud::apigateway::integration
