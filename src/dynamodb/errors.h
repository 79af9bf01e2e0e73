// DynamoDB's client-visible errors, with AWS's codes, statuses and texts.
// Thrown anywhere in the module; serialized only by api/service.cc.
#pragma once

#include <string>

#include "localcloud/core/aws_error.h"

namespace localcloud::dynamodb::errors {

using localcloud::errors::validation;

inline AwsError resource_not_found(std::string message = "Requested resource not found") {
  return AwsError(400, "ResourceNotFoundException", std::move(message));
}

inline AwsError table_not_found(const std::string& table) {
  return resource_not_found("Requested resource not found: Table: " + table + " not found");
}

// AWS's own text misspells "ResourceArn".
inline AwsError resource_arn_not_found(const std::string& arn) {
  return resource_not_found("Requested resource not found: ResourcArn: " + arn + " not found");
}

inline AwsError resource_in_use(std::string message) {
  return AwsError(400, "ResourceInUseException", std::move(message));
}

inline AwsError conditional_check_failed() {
  return AwsError(400, "ConditionalCheckFailedException", "The conditional request failed");
}

// A PutItem, UpdateItem or DeleteItem on an item that a transaction still
// in flight is writing.
inline AwsError transaction_conflict() {
  return AwsError(400, "TransactionConflictException", "Transaction is ongoing for the item");
}

// TransactWriteItems and TransactGetItems: the actions, or their items,
// cannot all be in one transaction.
inline AwsError multiple_operations_on_one_item() {
  return validation("Transaction request cannot include multiple operations on one item");
}

// A ClientRequestToken reused, within its 10 minutes, for a different request.
inline AwsError idempotent_parameter_mismatch() {
  return AwsError(400, "IdempotentParameterMismatchException",
                  "The request uses the same client token as a previous, but non-identical "
                  "request. Do not reuse a client token with different requests, unless the "
                  "requests are identical.")
      .capitalize_message();
}

// "One or more parameter values were invalid: <detail>"
inline AwsError invalid_parameter(const std::string& detail) {
  return validation("One or more parameter values were invalid: " + detail);
}

}  // namespace localcloud::dynamodb::errors
