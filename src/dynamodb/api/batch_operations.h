// BatchGetItem and BatchWriteItem.
#pragma once

#include "api/operations.h"

namespace localcloud::dynamodb::api {

void batch_get_item(Context& ctx, const nlohmann::json& input, Reply reply);
void batch_write_item(Context& ctx, const nlohmann::json& input, Reply reply);

}  // namespace localcloud::dynamodb::api
