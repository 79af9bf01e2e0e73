// Service: a Handler that says which requests are its own.
//
// Each service (DynamoDB, Lambda, API Gateway, Logs, ...) declares its routes;
// the Router dispatches to it, and the health endpoint lists it by name.
#pragma once

#include <chrono>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "localcloud/http/message.h"

namespace localcloud::http {

struct Route {
  enum class Kind {
    kHostSuffix,    // Host ends with `match` (e.g. ".execute-api.localhost")
    kTargetPrefix,  // X-Amz-Target starts with `match` (e.g. "DynamoDB_20120810.")
    kPathPrefix,    // path starts with `match` at a segment boundary (e.g. "/2015-03-31/functions")
    kFallback,      // everything nothing else took
  };
  Kind kind;
  std::string match;
};

// With --require-auth: how a service's requests must be signed (Signature
// Version 4) and how a refusal looks on its wire.
struct SignatureRules {
  enum class Shape {
    kJson10,    // 400, {"__type":"com.amazon.coral.service#<Code>",...} (DynamoDB, Logs)
    kRestJson,  // 403, X-Amzn-ErrorType and {"message":...} (Lambda, API Gateway)
  };
  Shape shape;
  // How far X-Amz-Date may be from the server's clock.
  std::chrono::minutes max_skew;
};

class Service : public Handler {
 public:
  virtual std::string_view name() const = 0;
  virtual std::vector<Route> routes() const = 0;
  // Shown by the health endpoint: "running" unless the service says otherwise.
  virtual std::string state() const { return "running"; }
  // nullopt (the default): `request` is never checked for a signature.
  virtual std::optional<SignatureRules> signature_rules(const Request&) const {
    return std::nullopt;
  }
  // Called once when shutdown starts: end long polls, stop timers.
  virtual void stop() {}
};

}  // namespace localcloud::http
