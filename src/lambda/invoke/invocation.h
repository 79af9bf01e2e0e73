// One invocation as the invoker sees it: what to run, and what came of it.
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "localcloud/core/aws_error.h"
#include "localcloud/lambda/service.h"
#include "model/function.h"

namespace localcloud::lambda::invoke {

// Lambda's payload quotas: 6 MB each way for synchronous invocations. The
// response limit is a little larger than the request's, as AWS's messages say.
inline constexpr size_t kMaxSyncRequestBytes = 6'291'456;
inline constexpr size_t kMaxResponseBytes = 6'291'556;
inline constexpr size_t kMaxAsyncRequestBytes = 1'048'576;
// Log text returned by --log-type Tail.
inline constexpr size_t kLogTailBytes = 4096;

struct InvokeRequest {
  model::FunctionPtr function;
  std::string request_id;      // the Invoke's request id: the invocation's id
  std::string payload;         // JSON text, "{}" for an empty body
  // Instead of `payload`, from callers that built the event themselves: in-
  // process C++ handlers take it as it is; the invoker writes it out for
  // other runtimes.
  std::shared_ptr<const nlohmann::ordered_json> event;
  // The caller takes a successful in-process handler's response as
  // InvokeResult::document instead of text.
  bool document_response = false;
  std::string client_context;  // X-Amz-Client-Context (base64), or ""
  bool asynchronous = false;   // InvocationType Event
  bool tail = false;           // LogType Tail
};

struct InvokeResult {
  std::optional<AwsError> error;        // the Invoke itself failed (throttled, ...)
  std::string payload;                  // the function's response or error document
  std::optional<std::string> function_error;  // "Unhandled" when the function failed
  std::string log_tail;                 // the invocation's log, up to 4 KB (tail only)
  // With document_response: an in-process handler's response, exactly what
  // parsing its text would give (payload is then empty).
  std::optional<nlohmann::ordered_json> document;
};

using InvokeDone = std::function<void(InvokeResult)>;

using LogLine = lambda::LogEvent;
using lambda::LogPublisher;

}  // namespace localcloud::lambda::invoke
