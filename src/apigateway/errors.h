// API Gateway's client-visible errors, with AWS's codes, statuses and texts.
// Thrown anywhere in the module; serialized only by api/service.cc, as
// {"message": "..."} with X-Amzn-ErrorType.
#pragma once

#include <string>
#include <string_view>

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

// AWS names the account and the id it was given when the REST API itself is
// missing: "Invalid API identifier specified 123456789012:a1b2c3d4e5".
inline std::string invalid_rest_api(std::string_view account_id, std::string_view api_id) {
  return "Invalid API identifier specified " + std::string(account_id) + ":" +
         std::string(api_id);
}
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
