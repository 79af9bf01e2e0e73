// API Gateway's client-visible errors, with AWS's codes, statuses and texts.
// Thrown anywhere in the module; serialized only by api/service.cc, as
// {"message": "..."} with X-Amzn-ErrorType.
#pragma once

#include <string>

#include "localcloud/core/aws_error.h"

namespace localcloud::apigateway::errors {

inline AwsError bad_request(std::string message) {
  return AwsError(400, "BadRequestException", std::move(message));
}
inline AwsError not_found(std::string message) {
  return AwsError(404, "NotFoundException", std::move(message));
}
inline AwsError conflict(std::string message) {
  return AwsError(409, "ConflictException", std::move(message));
}

inline constexpr const char* kInvalidRestApi = "Invalid API identifier specified";
inline constexpr const char* kInvalidResource = "Invalid Resource identifier specified";
inline constexpr const char* kInvalidMethod = "Invalid Method identifier specified";
inline constexpr const char* kInvalidIntegration = "Invalid Integration identifier specified";
inline constexpr const char* kInvalidResponseStatus = "Invalid Response status code specified";
inline constexpr const char* kInvalidStage = "Invalid Stage identifier specified";
inline constexpr const char* kInvalidDeployment = "Invalid Deployment identifier specified";

}  // namespace localcloud::apigateway::errors

namespace localcloud::apigateway::errors {
// An unexpected failure (a store error): AWS's generic 500.
inline AwsError internal() {
  return AwsError(500, "InternalServerErrorException", "Internal server error");
}
}  // namespace localcloud::apigateway::errors
