// The function's resource policy: AddPermission, GetPolicy and
// RemovePermission, stored with the function and shaped as AWS returns it.
#pragma once

#include "api/call.h"

namespace localcloud::lambda::api {

void add_permission(Context& ctx, const Call& call, Reply reply);
void get_policy(Context& ctx, const Call& call, Reply reply);
void remove_permission(Context& ctx, const Call& call, Reply reply);

}  // namespace localcloud::lambda::api
