// FunctionInvoker: how other services (API Gateway's integrations, the
// config loader) invoke Lambda functions in-process, with the same
// environments, logs and errors as the Invoke API.
#pragma once

#include <functional>
#include <memory>
#include <nlohmann/json.hpp>
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
  // Only for invoke_event: the response of an in-process C++ handler that
  // succeeded, as the document it returned (`payload` is then empty). It is
  // exactly what parsing the response's text would give.
  std::optional<nlohmann::ordered_json> document;
};

// An event its caller can give in either form; the invoker asks for the one
// the function's runtime takes, once, before invoke_event returns.
class Event {
 public:
  virtual ~Event() = default;
  // JSON text, taken as it is (not checked again).
  virtual std::string text() const = 0;
  // The document the text would parse to: in-process C++ handlers take it
  // without the text being written and parsed. Shared so that its maker
  // may take it back once the invocation lets go of it (to build the next
  // event in it).
  virtual std::shared_ptr<const nlohmann::ordered_json> document() const = 0;
};

class FunctionInvoker {
 public:
  virtual ~FunctionInvoker() = default;
  // Invokes `function` (a name, or a function ARN, with an optional
  // qualifier; only $LATEST exists) synchronously with `payload` (JSON
  // text; "" means {}). `done` is called exactly once, from any thread.
  virtual void invoke(std::string function, std::string payload,
                      std::function<void(InvocationResult)> done) = 0;
  // The same with an event the caller built itself, for callers on a hot
  // path (API Gateway's proxy integration): the event is neither checked
  // nor, for in-process handlers, written and parsed, and their answer may
  // come back as InvocationResult::document.
  virtual void invoke_event(std::string function, const Event& event,
                            std::function<void(InvocationResult)> done) = 0;
};

// The invoker of a service made by lambda::make_service.
std::shared_ptr<FunctionInvoker> function_invoker(const std::shared_ptr<http::Service>& service);

}  // namespace localcloud::lambda
