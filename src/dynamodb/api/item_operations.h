// Single-item operations: GetItem, PutItem, DeleteItem, UpdateItem.
#pragma once

#include "api/operations.h"

namespace localcloud::dynamodb::api {

void get_item(Context& ctx, const nlohmann::json& input, Reply reply);
void put_item(Context& ctx, const nlohmann::json& input, Reply reply);
void delete_item(Context& ctx, const nlohmann::json& input, Reply reply);
void update_item(Context& ctx, const nlohmann::json& input, Reply reply);

// PutItem or GetItem (`name`) when `body` has the everyday shape that
// api/flat_request.h reads without a JSON tree: runs it as the general
// operation would and returns true (having moved `reply`, or thrown AwsError
// before replying). For any other operation or body: false, nothing done.
bool flat_operation(Context& ctx, std::string_view name, std::string_view body, Reply& reply);

// The reply for an exception thrown by an operation's write job.
Outcome outcome_from(std::exception_ptr error);

}  // namespace localcloud::dynamodb::api
