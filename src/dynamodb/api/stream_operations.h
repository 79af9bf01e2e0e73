// The DynamoDB Streams API (X-Amz-Target DynamoDBStreams_20120810.*):
// ListStreams, DescribeStream, GetShardIterator and GetRecords, over the
// streams storage/streams keeps. Every stream has one shard.
#pragma once

#include <string_view>

#include "api/operations.h"

namespace localcloud::dynamodb::api {

void list_streams(Context& ctx, const nlohmann::json& input, Reply reply);
void describe_stream(Context& ctx, const nlohmann::json& input, Reply reply);
void get_shard_iterator(Context& ctx, const nlohmann::json& input, Reply reply);
void get_records(Context& ctx, const nlohmann::json& input, Reply reply);

// The Streams operation called `name` ("GetRecords"), or null.
const Operation* find_stream_operation(std::string_view name);

}  // namespace localcloud::dynamodb::api
