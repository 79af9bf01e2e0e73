// Canonical text for every AST of this folder, used by tests and logs.
//
// Conditions are fully parenthesised so that grouping is explicit:
// "(a = :v) AND (NOT (attribute_exists(b.c[1])))". Keywords print in upper
// case, placeholders as written, and attribute names that are not plain
// identifiers (after resolution, "#n" may stand for "a.b") in backquotes.
// Update clauses print in the order SET, REMOVE, ADD, DELETE.
#pragma once

#include <string>

#include "expressions/ast.h"
#include "expressions/key_condition.h"

namespace localcloud::dynamodb::expressions {

std::string to_string(const DocumentPath& path);
std::string to_string(const Operand& operand);
std::string to_string(const Condition& condition);
std::string to_string(const ConditionExpression& expression);
std::string to_string(const UpdateExpression& update);
std::string to_string(const ProjectionExpression& projection);
// "pk = :p AND sk BETWEEN :a AND :b", in written order.
std::string to_string(const KeyConditions& key_conditions);

}  // namespace localcloud::dynamodb::expressions
