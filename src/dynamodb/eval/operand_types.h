// Internal to eval/: what the value checks can know about an operand before
// any item is read, and the "Incorrect operand type" message built from it.
// A document path may hold any type and passes every check, as in AWS; a
// value has its own type; a function call has the type it returns.
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <string_view>

#include "eval/evaluator.h"

namespace localcloud::dynamodb::eval::internal {

// Accepts or refuses one concrete type.
using TypePredicate = std::function<bool(model::AttributeType)>;

// nullopt when `operand` may have a type `allowed` accepts; otherwise the
// detail "Incorrect operand type for operator or function; operator or
// function: <op>, operand type: <type>". Paths always pass; size() counts
// as N, list_append() as L, if_not_exists() as any type.
std::optional<std::string> check_operand_type(std::string_view op,
                                              const expressions::Operand& operand,
                                              const Values& values, const TypePredicate& allowed);

// The detail text for an operand whose types are printed as `types`.
std::string incorrect_operand_type(std::string_view op, std::string_view types);

// The value an operand names, or nullptr for paths, calls and placeholders
// the request does not define.
const model::AttributeValue* literal(const expressions::Operand& operand, const Values& values);

}  // namespace localcloud::dynamodb::eval::internal
