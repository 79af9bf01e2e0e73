// FunctionInvoker: how other services (API Gateway's integrations, the
// config loader) invoke Lambda functions in-process, with the same
// environments, logs and errors as the Invoke API.
#pragma once

#include <functional>
#include <memory>
#include <optional>
#include <string>

#include "localcloud/core/aws_error.h"
#include "localcloud/http/service.h"

namespace localcloud::lambda {

struct InvocationResult {
  // The invocation was refused (no such function, throttled, bad payload):
  // the error Invoke would have answered.
  std::optional<AwsError> error;
  std::string payload;                        // the function's response or error document
  std::optional<std::string> function_error;  // "Unhandled" when the function failed
  std::string request_id;                     // the invocation's id (START/END/REPORT)
};

class FunctionInvoker {
 public:
  virtual ~FunctionInvoker() = default;
  // Invokes `function` (a name, or a function ARN, with an optional
  // qualifier; only $LATEST exists) synchronously with `payload` (JSON
  // text; "" means {}). `done` is called exactly once, from any thread.
  virtual void invoke(std::string function, std::string payload,
                      std::function<void(InvocationResult)> done) = 0;
};

// The invoker of a service made by lambda::make_service.
std::shared_ptr<FunctionInvoker> function_invoker(const std::shared_ptr<http::Service>& service);

}  // namespace localcloud::lambda
