// Lambda's client-visible errors, with AWS's codes, statuses and texts.
// Thrown anywhere in the module; serialized only by api/service.cc.
//
// Lambda's error bodies differ by code: most carry "Type":"User" and the
// text under "message", ResourceNotFoundException under "Message", and
// coral's ValidationException has no Type at all. message_key() says which.
#pragma once

#include <string>
#include <string_view>

#include "localcloud/core/aws_error.h"

namespace localcloud::lambda::errors {

inline AwsError user_error(int status, std::string code, std::string message) {
  return AwsError(status, std::move(code), std::move(message)).with_field("Type", "\"User\"");
}

inline AwsError resource_not_found(std::string message) {
  return user_error(404, "ResourceNotFoundException", std::move(message));
}

// "Function not found: <arn>", the text of every lookup of a missing function.
inline AwsError function_not_found(const std::string& arn) {
  return resource_not_found("Function not found: " + arn);
}

inline AwsError invalid_parameter(std::string message) {
  return user_error(400, "InvalidParameterValueException", std::move(message));
}

// InvalidParameterValueException without "Type", as AWS sends a few of them.
inline AwsError invalid_parameter_untyped(std::string message) {
  return AwsError(400, "InvalidParameterValueException", std::move(message));
}

inline AwsError resource_conflict(std::string message) {
  return user_error(409, "ResourceConflictException", std::move(message));
}

inline AwsError resource_in_use(std::string message) {
  return user_error(400, "ResourceInUseException", std::move(message));
}

inline AwsError precondition_failed(std::string message) {
  return user_error(412, "PreconditionFailedException", std::move(message));
}

inline AwsError invalid_request_content(std::string message) {
  return user_error(400, "InvalidRequestContentException", std::move(message));
}

// Coral's constraint check: "N validation error(s) detected: ...".
inline AwsError validation(std::string message) {
  return AwsError(400, "ValidationException", std::move(message));
}

inline AwsError request_entity_too_large(std::string message) {
  return AwsError(413, "RequestEntityTooLargeException", std::move(message));
}

inline AwsError access_denied(std::string message) {
  return AwsError(403, "AccessDeniedException", std::move(message));
}

inline AwsError unknown_operation() {
  return AwsError(404, "UnknownOperationException", "Unknown operation");
}

inline AwsError service_exception() {
  return user_error(500, "ServiceException", "An internal error occurred.");
}

// The body member carrying the text: AWS's models spell it per error.
inline std::string_view message_key(std::string_view code) {
  if (code == "ResourceNotFoundException" || code == "ServiceException" ||
      code == "CodeSigningConfigNotFoundException")
    return "Message";
  return "message";
}

}  // namespace localcloud::lambda::errors
