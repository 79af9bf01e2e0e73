// KeyConditionExpression analysis: turns a parsed, resolved condition into
// the per-key-attribute conditions the query planner turns into a range
// scan, with AWS's errors for what a key condition may not contain.
//
// AWS parses key conditions with the general condition grammar and rejects
// the extras afterwards, so the pipeline is parse_condition(text,
// kKeyCondition) -> Resolver::resolve -> analyze_key_condition ->
// check_key_schema (once the table or index is known).
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "expressions/ast.h"

namespace localcloud::dynamodb::expressions {

// One condition on one key attribute, normalised so the attribute comes
// first (":lo <= sk" becomes "sk >= :lo").
struct KeyCondition {
  enum class Op { kEqual, kLess, kLessOrEqual, kGreater, kGreaterOrEqual, kBetween, kBeginsWith };

  std::string attribute;
  Op op = Op::kEqual;
  // The value operands: one, or (lower, upper) for kBetween.
  std::vector<ValueRef> values;
};

// At most one condition per attribute, in written order.
struct KeyConditions {
  std::vector<KeyCondition> conditions;

  // The condition on `attribute`, or nullptr.
  const KeyCondition* find(std::string_view attribute) const;
};

// Analyzes a resolved KeyConditionExpression (kind kKeyCondition). Throws
// "Invalid KeyConditionExpression: ..." for OR, NOT, IN, <>, condition
// functions other than begins_with, size(), nested paths, conditions without
// exactly one key attribute, and a second condition on the same attribute.
KeyConditions analyze_key_condition(const ConditionExpression& resolved);

// Checks the conditions against the key schema of the table or index
// queried, with AWS's messages: more conditions than key attributes, no
// equality on the partition key, a condition on a non-key attribute.
// Value types are the evaluator's to check.
void check_key_schema(const KeyConditions& key_conditions, std::string_view partition_key,
                      std::optional<std::string_view> sort_key);

}  // namespace localcloud::dynamodb::expressions
