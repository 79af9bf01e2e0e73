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

namespace localcloud::lambda::api {

struct RouteMatch {
  Operation op;  // null for Invoke, which the edge runs itself
  std::string_view name;  // the operation's AWS name, for logs
  std::vector<std::string> params;
};

// The operation for `method` on `path` (no query string), or nullopt.
std::optional<RouteMatch> match_route(std::string_view method, std::string_view path);

// Decodes %XX escapes (and '+' as a space when `plus_is_space`). Malformed
// escapes are kept as they are.
std::string percent_decode(std::string_view text, bool plus_is_space = false);

// "a=1&b=x%20y" → {{"a","1"},{"b","x y"}}.
std::vector<std::pair<std::string, std::string>> parse_query(std::string_view query);

}  // namespace localcloud::lambda::api
