// Reading the names every Logs operation takes: log groups (by name or by
// identifier, which is a name or an ARN) and log streams.
#pragma once

#include <string>

#include "api/request.h"
#include "localcloud/logs/service.h"

namespace localcloud::logs::api {

inline constexpr size_t kMaxNameLength = 512;

// The required logGroupName.
std::string group_name(Request& r);
// The required logStreamName.
std::string stream_name(Request& r);
// For the create operations, which word an over-long name their own way.
void check_create_lengths(const std::string& group, const std::string* stream);

// The group of a request that takes logGroupName or logGroupIdentifier
// (exactly one): the name, or the name inside the ARN.
std::string group_name_or_identifier(Request& r);

}  // namespace localcloud::logs::api
