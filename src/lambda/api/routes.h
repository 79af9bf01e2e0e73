// The function API's routing table: HTTP method and path pattern →
// operation, with AWS's request URIs (botocore's lambda service model is the
// spec). Path parameters come back percent-decoded.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "api/call.h"
#include "localcloud/http/url.h"

namespace localcloud::lambda::api {

struct RouteMatch {
  Operation op;  // null for Invoke, which the edge runs itself
  std::string_view name;  // the operation's AWS name, for logs
  std::vector<std::string> params;
};

// The operation for `method` on `path` (no query string), or nullopt.
std::optional<RouteMatch> match_route(std::string_view method, std::string_view path);

using http::parse_query;
using http::percent_decode;

}  // namespace localcloud::lambda::api
