// The Lambda Runtime API's HTTP side for one execution environment: a
// listener on its own ephemeral loopback port (the environment's
// AWS_LAMBDA_RUNTIME_API), so a request's connection says which
// environment sent it. Requests are handed over whole; the answer may come
// much later (the long poll of /next) and holds no thread meanwhile.
// Everything runs on the io_context's one thread.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace boost::asio {
class io_context;
}

namespace localcloud::lambda::invoke {

struct RuntimeRequest {
  std::string method;
  std::string path;
  std::string body;
  std::string error_type;       // Lambda-Runtime-Function-Error-Type, or ""
  bool body_too_large = false;  // the body passed the listener's limit and was dropped
};

// What a Runtime API request asks for, read from its method and path alone:
// GET /2018-06-01/runtime/invocation/next, POST .../init/error, POST
// .../invocation/{id}/response and POST .../invocation/{id}/error. Anything
// else is kNotFound (Lambda answers 404 NotFound).
struct RuntimeCall {
  enum class Kind { kNext, kInitError, kResponse, kError, kNotFound };
  Kind kind = Kind::kNotFound;
  std::string_view request_id;  // kResponse and kError: the {id} of the path, unchecked
};
RuntimeCall classify_runtime_call(std::string_view method, std::string_view path);

struct RuntimeResponse {
  int status = 200;
  std::vector<std::pair<std::string, std::string>> headers;
  std::string body;
  std::string content_type = "application/json";
};

// One request waiting for its answer. Answering twice, or after the
// connection closed, does nothing.
class RuntimeExchange {
 public:
  virtual ~RuntimeExchange() = default;
  virtual void respond(RuntimeResponse response) = 0;
};
using ExchangePtr = std::shared_ptr<RuntimeExchange>;

class RuntimeApiListener {
 public:
  using OnRequest = std::function<void(RuntimeRequest, ExchangePtr)>;
  virtual ~RuntimeApiListener() = default;
  virtual uint16_t port() const = 0;
  // Stops accepting and closes every connection (pending exchanges are dropped).
  virtual void close() = 0;

  // Binds 127.0.0.1:0 and starts accepting. Bodies over `body_limit` reach
  // on_request with body_too_large set (the runtime gets the caller's answer).
  static std::shared_ptr<RuntimeApiListener> start(boost::asio::io_context& ioc, size_t body_limit,
                                                   OnRequest on_request);
};

}  // namespace localcloud::lambda::invoke
