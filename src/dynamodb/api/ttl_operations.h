// Time to Live: UpdateTimeToLive and DescribeTimeToLive. The sweeper that
// deletes expired items is storage/ttl_sweeper.h.
#pragma once

#include "api/operations.h"

namespace localcloud::dynamodb::api {

void update_time_to_live(Context& ctx, const nlohmann::json& input, Reply reply);
void describe_time_to_live(Context& ctx, const nlohmann::json& input, Reply reply);

}  // namespace localcloud::dynamodb::api
