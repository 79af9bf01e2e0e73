// Internal to the expression checks: the functions DynamoDB knows, where
// each may appear, and how many operands it takes.
#pragma once

#include <cstddef>
#include <optional>
#include <string_view>

namespace localcloud::dynamodb::expressions::internal {

// kCondition functions are conditions themselves (attribute_exists...);
// kOperand ones yield a value inside a condition (size); kUpdate ones yield
// a value on the right of SET (if_not_exists, list_append).
enum class FunctionRole { kCondition, kOperand, kUpdate };

struct FunctionInfo {
  FunctionRole role;
  std::size_t arity;
  // AWS requires a document path as first operand ("Operator or function
  // requires a document path").
  bool needs_path_first;
};

// The function named `name` (case-sensitive, as in AWS), or nullopt.
inline std::optional<FunctionInfo> find_function(std::string_view name) {
  if (name == "attribute_exists" || name == "attribute_not_exists") {
    return FunctionInfo{FunctionRole::kCondition, 1, true};
  }
  if (name == "attribute_type" || name == "begins_with" || name == "contains") {
    return FunctionInfo{FunctionRole::kCondition, 2, false};
  }
  if (name == "size") return FunctionInfo{FunctionRole::kOperand, 1, false};
  if (name == "if_not_exists") return FunctionInfo{FunctionRole::kUpdate, 2, true};
  if (name == "list_append") return FunctionInfo{FunctionRole::kUpdate, 2, false};
  return std::nullopt;
}

}  // namespace localcloud::dynamodb::expressions::internal
