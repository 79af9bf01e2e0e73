// Internal to eval/: pieces the legacy-parameter converters share: reading
// members as AWS's reader does, and building AST operands for literal
// attribute names and fresh value placeholders.
#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <string_view>

#include "eval/evaluator.h"

namespace localcloud::dynamodb::eval::internal {

// The member `name` of `object`, or nullptr when it is absent or JSON null
// (or `object` is not an object).
const nlohmann::json* member(const nlohmann::json& object, std::string_view name);

// ValidationException "One or more parameter values were invalid: <detail>".
[[noreturn]] void fail_invalid(std::string_view detail);

// Converts a wire AttributeValue with model's checks.
model::AttributeValue parse_value(const nlohmann::json& wire);

// Adds `value` to `values` under a placeholder no key of `values` uses yet,
// and returns an operand naming it.
expressions::Operand add_value(Values& values, model::AttributeValue value);

// A one-step document path naming the top-level attribute `name` literally.
expressions::DocumentPath attribute_path(const std::string& name);
expressions::Operand attribute_operand(const std::string& name);

}  // namespace localcloud::dynamodb::eval::internal
