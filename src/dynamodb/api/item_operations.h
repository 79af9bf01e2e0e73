// Single-item operations: GetItem, PutItem, DeleteItem, UpdateItem.
#pragma once

#include "api/operations.h"

namespace localcloud::dynamodb::api {

void get_item(Context& ctx, const nlohmann::json& input, Reply reply);
void put_item(Context& ctx, const nlohmann::json& input, Reply reply);
void delete_item(Context& ctx, const nlohmann::json& input, Reply reply);
void update_item(Context& ctx, const nlohmann::json& input, Reply reply);

// The reply for an exception thrown by an operation's write job.
Outcome outcome_from(std::exception_ptr error);

}  // namespace localcloud::dynamodb::api
