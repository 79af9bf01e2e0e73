#include "localcloud/core/aws_error.h"

namespace localcloud::errors {

AwsError internal_server_error(std::string message) {
  return AwsError(500, "InternalServerError", std::move(message));
}

AwsError serialization(std::string message) {
  return AwsError(400, "SerializationException", std::move(message)).in_namespace(kCoralService);
}

AwsError unknown_operation() {
  return AwsError(400, "UnknownOperationException", "Unknown operation exception")
      .in_namespace(kCoralService);
}

AwsError validation(std::string message) {
  return AwsError(400, "ValidationException", std::move(message)).in_namespace(kCoralValidate);
}

}  // namespace localcloud::errors
