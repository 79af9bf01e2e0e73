// The wire JSON of log groups and streams, and their ARNs.
#pragma once

#include <nlohmann/json.hpp>
#include <string>

#include "localcloud/logs/log_store.h"
#include "localcloud/logs/service.h"

namespace localcloud::logs::api {

// arn:aws:logs:{region}:{account}:log-group:{name}
std::string group_arn(const ServiceOptions& options, const std::string& group);

// A DescribeLogGroups entry; `brief` leaves out what logGroupNamePattern
// searches do not return (retention, storedBytes, deletionProtectionEnabled).
nlohmann::json render_group(const ServiceOptions& options, const LogGroup& group, bool brief);

nlohmann::json render_stream(const ServiceOptions& options, const std::string& group,
                             const LogStream& stream);

}  // namespace localcloud::logs::api
