// CloudWatch Logs' client-visible errors, with AWS's codes, statuses and
// texts. Thrown anywhere in the module; serialized only by api/service.cc.
#pragma once

#include <string>

#include "localcloud/core/aws_error.h"

namespace localcloud::logs::errors {

inline constexpr const char* kGroupNotFound = "The specified log group does not exist.";
inline constexpr const char* kStreamNotFound = "The specified log stream does not exist.";
inline constexpr const char* kGroupExists = "The specified log group already exists";
inline constexpr const char* kStreamExists = "The specified log stream already exists";

inline AwsError resource_not_found(std::string message) {
  return AwsError(400, "ResourceNotFoundException", std::move(message));
}
inline AwsError group_not_found() { return resource_not_found(kGroupNotFound); }
inline AwsError stream_not_found() { return resource_not_found(kStreamNotFound); }

inline AwsError resource_already_exists(std::string message) {
  return AwsError(400, "ResourceAlreadyExistsException", std::move(message));
}
inline AwsError group_exists() { return resource_already_exists(kGroupExists); }
inline AwsError stream_exists() { return resource_already_exists(kStreamExists); }

// Logs reports bad parameters, constraint checks included ("1 validation
// error detected: ..."), as InvalidParameterException.
inline AwsError invalid_parameter(std::string message) {
  return AwsError(400, "InvalidParameterException", std::move(message));
}

}  // namespace localcloud::logs::errors
