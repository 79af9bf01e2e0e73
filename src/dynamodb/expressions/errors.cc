#include "expressions/errors.h"

#include <string>

namespace localcloud::dynamodb::expressions {

std::string_view parameter_name(ExpressionKind kind) {
  switch (kind) {
    case ExpressionKind::kCondition:
      return "ConditionExpression";
    case ExpressionKind::kFilter:
      return "FilterExpression";
    case ExpressionKind::kKeyCondition:
      return "KeyConditionExpression";
    case ExpressionKind::kUpdate:
      return "UpdateExpression";
    case ExpressionKind::kProjection:
      return "ProjectionExpression";
  }
  return "Expression";
}

AwsError invalid_expression(ExpressionKind kind, std::string_view detail) {
  std::string message = "Invalid ";
  message += parameter_name(kind);
  message += ": ";
  message += detail;
  return errors::validation(std::move(message));
}

}  // namespace localcloud::dynamodb::expressions
