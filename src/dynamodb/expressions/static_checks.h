// Internal to the parsers: the checks AWS makes on an expression's text
// alone, after the syntax and before names and values are looked at.
// Each throws the ValidationException AWS would give, choosing among
// several problems as AWS does (see the .cc for the order).
#pragma once

#include <vector>

#include "expressions/ast.h"
#include "expressions/errors.h"

namespace localcloud::dynamodb::expressions::internal {

// Function names and placement, reserved words, list indexes, path depth.
void check_condition_statically(const Condition& root, ExpressionKind kind);

// Reserved words, list indexes, path depth, function names and placement,
// then each clause used at most once. `clauses_written` lists the clause
// keywords in written order, repeats included.
void check_update_statically(const UpdateExpression& update,
                             const std::vector<UpdateClause>& clauses_written);

// Reserved words, list indexes, path depth.
void check_projection_statically(const ProjectionExpression& projection);

}  // namespace localcloud::dynamodb::expressions::internal
