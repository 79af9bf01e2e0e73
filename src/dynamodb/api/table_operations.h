// Table-level operations: CreateTable, DescribeTable, ListTables, ...
#pragma once

#include "api/operations.h"

namespace localcloud::dynamodb::api {

void list_tables(Context& ctx, const nlohmann::json& input, Reply reply);

}  // namespace localcloud::dynamodb::api
