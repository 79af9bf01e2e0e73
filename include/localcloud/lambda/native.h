// In-process C++ handlers: Lambda functions compiled into localcloud (the
// handlers/ directory), for machines without Node.js or Python and for the
// fastest possible invocations. A function whose Runtime is
// "localcloud.cpp" names one by its Handler, e.g. "workshop.get_users".
//
// A handler gets the event and a context like a Node.js handler's, runs on
// a worker thread with the function's timeout, and its log lines join the
// same START/END/REPORT frame and log group as any other runtime's.
//
//   LOCALCLOUD_HANDLER("examples.echo", [](const native::Json& event,
//                                            localcloud::lambda::native::Context& ctx) {
//     ctx.log("echoing");
//     return event;
//   });
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <nlohmann/json.hpp>
#include <stdexcept>
#include <string>
#include <string_view>

namespace localcloud::lambda::native {

// JSON that keeps its keys in the order written, as JavaScript's objects do.
using Json = nlohmann::ordered_json;

class Context {
 public:
  std::string function_name;
  std::string function_version = "$LATEST";
  std::string invoked_function_arn;
  std::string aws_request_id;
  std::string log_group_name;
  std::string log_stream_name;
  int memory_limit_mb = 128;
  std::chrono::steady_clock::time_point deadline;

  int64_t remaining_time_ms() const;

  // Logs `message` as console.log does: "<ISO time>\t<requestId>\tINFO\t<message>".
  void log(std::string_view message, std::string_view level = "INFO");

  // Calls a JSON-protocol AWS service of this localcloud in-process, e.g.
  // call("DynamoDB_20120810.Scan", {{"TableName", "t"}}). Throws Error with
  // the service's error type and message when it answers with an error.
  Json call(std::string_view target, const Json& request);

  // Set by the invoker.
  std::function<void(std::string line)> write_log;
  std::function<Json(std::string_view target, const Json& request)> caller;
};

// Thrown by a handler (or by Context::call) to fail the invocation with
// {"errorType": type, "errorMessage": what()}. Any other exception fails it
// with the exception's type name.
class Error : public std::runtime_error {
 public:
  Error(std::string type, const std::string& message)
      : std::runtime_error(message), type_(std::move(type)) {}
  const std::string& type() const { return type_; }

 private:
  std::string type_;
};

using Handler = std::function<Json(const Json& event, Context& context)>;

// Registers `handler` under `name` (at static initialisation); the last
// registration of a name wins.
void register_handler(std::string name, Handler handler);
// The handler called `name`, or null.
const Handler* find_handler(std::string_view name);

struct Registrar {
  Registrar(const char* name, Handler handler) { register_handler(name, std::move(handler)); }
};

}  // namespace localcloud::lambda::native

#define LOCALCLOUD_HANDLER_CONCAT2(a, b) a##b
#define LOCALCLOUD_HANDLER_CONCAT(a, b) LOCALCLOUD_HANDLER_CONCAT2(a, b)
#define LOCALCLOUD_HANDLER(name, ...)                                                 \
  static const ::localcloud::lambda::native::Registrar LOCALCLOUD_HANDLER_CONCAT( \
      localcloud_handler_, __LINE__)(name, __VA_ARGS__)
