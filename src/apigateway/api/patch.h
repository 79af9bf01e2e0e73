// Patch operations, as every Update* call sends them:
// {"patchOperations": [{"op": "replace", "path": "/name", "value": "x"}]}.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "model/rest_api.h"

namespace localcloud::apigateway::api {

struct PatchOp {
  std::string op;    // add, remove, replace, move, copy, test
  std::string path;  // "/binaryMediaTypes/image~1png" as sent
  std::optional<std::string> value;

  // The path's segments, JSON-pointer unescaped ("~1" → "/", "~0" → "~").
  std::vector<std::string> segments() const;
  // `value` or "" when absent.
  const std::string& text() const;
};

// Throws BadRequestException when the list is malformed.
std::vector<PatchOp> parse_patch(const model::Json& body);

// "true"/"false" (any case) as AWS reads boolean patch values; throws otherwise.
bool patch_bool(const PatchOp& op);

}  // namespace localcloud::apigateway::api
