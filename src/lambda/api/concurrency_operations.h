// Reserved concurrency: PutFunctionConcurrency, GetFunctionConcurrency and
// DeleteFunctionConcurrency. Stored with the function; the invoker (a later
// part) caps the function's environments at it.
#pragma once

#include "api/call.h"

namespace localcloud::lambda::api {

// AWS's default account limit and the share it keeps unreserved.
inline constexpr int kAccountConcurrency = 1000;
inline constexpr int kMinUnreservedConcurrency = 100;

void put_function_concurrency(Context& ctx, const Call& call, Reply reply);
void get_function_concurrency(Context& ctx, const Call& call, Reply reply);
void delete_function_concurrency(Context& ctx, const Call& call, Reply reply);

}  // namespace localcloud::lambda::api
