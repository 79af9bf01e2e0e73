// Parsing DynamoDB expressions into the AST of ast.h.
//
// Each function runs AWS's checks that need only the expression text, in
// AWS's order: the 4 KB size limit, emptiness, syntax (including redundant
// parentheses), then the static checks (unknown or misplaced functions,
// reserved words used bare, list-index range, path depth, repeated update
// sections). Checks that need ExpressionAttributeNames/Values (undefined
// names, operand counts, distinct operands, overlapping paths) belong to the
// Resolver (resolver.h), which runs next.
//
// Every function throws AwsError (ValidationException "Invalid
// <Parameter>: ...") on bad input and is thread-safe.
#pragma once

#include <string_view>

#include "expressions/ast.h"
#include "expressions/errors.h"

namespace localcloud::dynamodb::expressions {

// Parses a ConditionExpression, FilterExpression or KeyConditionExpression
// (`kind` must be one of those three; it only changes the messages: AWS
// parses all three with one grammar and rejects a key condition's extra
// operators afterwards, see key_condition.h).
//
// Precedence, from tightest: comparators, IN, BETWEEN, functions,
// parentheses, NOT, AND, OR (developer guide, "Precedence in conditions").
ConditionExpression parse_condition(std::string_view text,
                                    ExpressionKind kind = ExpressionKind::kCondition);

// Parses an UpdateExpression: SET, REMOVE, ADD and DELETE clauses in any
// order, each at most once.
UpdateExpression parse_update(std::string_view text);

// Parses a ProjectionExpression: comma-separated document paths.
ProjectionExpression parse_projection(std::string_view text);

}  // namespace localcloud::dynamodb::expressions
