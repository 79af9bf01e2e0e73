// TransactWriteItems and TransactGetItems: up to 100 actions on distinct
// items, all or nothing, each in one write job of the store.
#pragma once

#include "api/operations.h"

namespace localcloud::dynamodb::api {

void transact_write_items(Context& ctx, const nlohmann::json& input, Reply reply);
void transact_get_items(Context& ctx, const nlohmann::json& input, Reply reply);

}  // namespace localcloud::dynamodb::api
