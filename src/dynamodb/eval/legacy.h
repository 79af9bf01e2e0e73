// The legacy (pre-expression) request parameters of DynamoDB, converted into
// the expression AST and Values, so that the operations layer has a single
// evaluation path: Expected and QueryFilter/ScanFilter (with
// ConditionalOperator) become a ConditionExpression for matches(),
// KeyConditions become KeyConditions, AttributeUpdates an UpdateExpression
// for apply_update(..., UpdateDialect::kAttributeUpdates), AttributesToGet a
// ProjectionExpression for project(). check_parameter_mix() rejects requests
// that mix the two styles.
//
// Each converter checks its parameter as AWS does and throws AwsError
// (ValidationException) with AWS's texts, e.g. "One or more parameter values
// were invalid: Invalid number of argument(s) for the EQ ComparisonOperator".
// The JSON is the request's wire JSON; its shape (objects, lists, strings)
// and enum members are assumed already checked by the api layer, though
// wrong shapes still throw a ValidationException rather than crash.
// Attribute names are literal: "a.b" names one top-level attribute.
// Members whose value is JSON null count as absent, as in AWS's reader.
// Pure functions; thread-safe.
#pragma once

#include <nlohmann/json_fwd.hpp>
#include <optional>

#include "eval/evaluator.h"
#include "expressions/key_condition.h"

namespace localcloud::dynamodb::eval {

// Expected (+ ConditionalOperator) as a condition. nullptr `expected` or an
// empty map: nullopt (no condition). Per attribute: {"Value": v} or with
// "Exists": true is equality, {"Exists": false} attribute_not_exists, and
// ComparisonOperator with AttributeValueList (or Value) the operator, joined
// with AND, or OR when `conditional_operator` is "OR". NOT_CONTAINS also
// requires the attribute to exist, as AWS evaluates it; NE holds for a
// missing attribute. Adds one fresh placeholder per value to `values`.
std::optional<expressions::ConditionExpression> condition_from_expected(
    const nlohmann::json* expected, const nlohmann::json* conditional_operator, Values& values);

// QueryFilter or ScanFilter (+ ConditionalOperator) as a FilterExpression-kind
// condition; nullopt when `filter` is nullptr or empty. Every entry needs a
// ComparisonOperator and its AttributeValueList.
std::optional<expressions::ConditionExpression> condition_from_filter(
    const nlohmann::json* filter, const nlohmann::json* conditional_operator, Values& values);

// Query's KeyConditions, one condition per key attribute (EQ, LE, LT, GE,
// GT, BEGINS_WITH, BETWEEN), ready for expressions::check_key_schema.
// Throws "Conditions can be of length 1 or 2 only" and, for other operators,
// "Attempted conditional constraint is not an indexable operation".
expressions::KeyConditions key_conditions_from_legacy(const nlohmann::json& key_conditions,
                                                      Values& values);

// AttributeUpdates: PUT (the default Action) becomes SET, ADD stays ADD
// (lists allowed, appending), DELETE with a value stays DELETE and without
// one becomes REMOVE. Apply the result with UpdateDialect::kAttributeUpdates
// and without check_update_values, which refuses ADD of a list.
// An empty map gives an empty update (the item is still written).
expressions::UpdateExpression update_from_attribute_updates(const nlohmann::json& updates,
                                                            Values& values);

// AttributesToGet: top-level attribute names, refusing duplicates ("One or
// more parameter values were invalid: Duplicate value in attribute name: a").
expressions::ProjectionExpression projection_from_attributes_to_get(const nlohmann::json& names);

// The request kinds check_parameter_mix knows. kBatchGetTable is one table's
// entry of BatchGetItem's RequestItems, checked like GetItem.
enum class Operation {
  kGetItem,
  kBatchGetTable,
  kPutItem,
  kDeleteItem,
  kUpdateItem,
  kQuery,
  kScan
};

// AWS's checks on which parameter style a request uses, run before any
// expression is parsed (`request` is the whole request object):
//   "Can not use both expression and non-expression parameters in the same
//    request: Non-expression parameters: {AttributeUpdates, Expected}
//    Expression parameters: {UpdateExpression}";
//   "ExpressionAttributeNames can only be specified when using expressions";
//   "ExpressionAttributeValues can only be specified when using expressions:
//    UpdateExpression and ConditionExpression are null".
// Query may combine KeyConditions with the other expressions as long as it
// has no KeyConditionExpression.
void check_parameter_mix(const nlohmann::json& request, Operation operation);

}  // namespace localcloud::dynamodb::eval
