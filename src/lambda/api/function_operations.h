// The function lifecycle: CreateFunction, GetFunction,
// GetFunctionConfiguration, ListFunctions, UpdateFunctionCode,
// UpdateFunctionConfiguration and DeleteFunction, for $LATEST (versions and
// aliases come later: other qualifiers name versions that do not exist).
#pragma once

#include "api/call.h"

namespace localcloud::lambda::api {

void create_function(Context& ctx, const Call& call, Reply reply);
void get_function(Context& ctx, const Call& call, Reply reply);
void get_function_configuration(Context& ctx, const Call& call, Reply reply);
void list_functions(Context& ctx, const Call& call, Reply reply);
void update_function_code(Context& ctx, const Call& call, Reply reply);
void update_function_configuration(Context& ctx, const Call& call, Reply reply);
void delete_function(Context& ctx, const Call& call, Reply reply);

}  // namespace localcloud::lambda::api
