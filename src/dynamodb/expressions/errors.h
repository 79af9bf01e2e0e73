// Expression kinds, AWS's limits on expressions, and the factory for the
// "Invalid <Parameter>: <detail>" ValidationException every expression error
// uses. Shared by the lexer, parsers, checks and resolver of this folder.
#pragma once

#include <cstddef>
#include <string_view>

#include "localcloud/core/aws_error.h"

namespace localcloud::dynamodb::expressions {

// The request parameter an expression came from. AWS names it in every
// message, and it decides which grammar and checks apply: kCondition,
// kFilter and kKeyCondition share the condition grammar.
enum class ExpressionKind { kCondition, kFilter, kKeyCondition, kUpdate, kProjection };

// "ConditionExpression", "FilterExpression", "KeyConditionExpression",
// "UpdateExpression" or "ProjectionExpression".
std::string_view parameter_name(ExpressionKind kind);

// ValidationException "Invalid <parameter_name(kind)>: <detail>".
AwsError invalid_expression(ExpressionKind kind, std::string_view detail);

// AWS's "Expression parameters" limits (developer guide, Constraints): any
// expression string up to 4 KB of UTF-8, at most 100 operands for IN, and
// document paths up to 32 levels deep.
inline constexpr std::size_t kMaxExpressionBytes = 4096;
inline constexpr std::size_t kMaxInOperands = 100;
inline constexpr std::size_t kMaxPathDepth = 32;

}  // namespace localcloud::dynamodb::expressions
