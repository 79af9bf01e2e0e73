// The control plane's routing table: HTTP method and path → operation, with
// the request URIs of botocore's apigateway model.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "api/call.h"

namespace localcloud::apigateway::api {

struct RouteMatch {
  Operation op;
  std::string_view name;            // the operation's AWS name, for logs
  std::vector<std::string> params;  // percent-decoded, in URI order
};

// The operation for `method` on `path` (no query string), or nullopt.
std::optional<RouteMatch> match_route(std::string_view method, std::string_view path);

}  // namespace localcloud::apigateway::api
