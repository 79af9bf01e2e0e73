// Table-level operations: CreateTable, DescribeTable, ListTables, UpdateTable,
// DeleteTable, the tag operations, DescribeLimits and DescribeEndpoints.
#pragma once

#include "api/operations.h"

namespace localcloud::dynamodb::api {

void create_table(Context& ctx, const nlohmann::json& input, Reply reply);
void describe_table(Context& ctx, const nlohmann::json& input, Reply reply);
void list_tables(Context& ctx, const nlohmann::json& input, Reply reply);
void update_table(Context& ctx, const nlohmann::json& input, Reply reply);
void delete_table(Context& ctx, const nlohmann::json& input, Reply reply);
void tag_resource(Context& ctx, const nlohmann::json& input, Reply reply);
void untag_resource(Context& ctx, const nlohmann::json& input, Reply reply);
void list_tags_of_resource(Context& ctx, const nlohmann::json& input, Reply reply);
void describe_limits(Context& ctx, const nlohmann::json& input, Reply reply);
void describe_endpoints(Context& ctx, const nlohmann::json& input, Reply reply);

}  // namespace localcloud::dynamodb::api
