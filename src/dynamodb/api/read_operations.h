// Multi-item reads: Query and Scan.
#pragma once

#include "api/operations.h"

namespace localcloud::dynamodb::api {

void query(Context& ctx, const nlohmann::json& input, Reply reply);
void scan(Context& ctx, const nlohmann::json& input, Reply reply);

}  // namespace localcloud::dynamodb::api
