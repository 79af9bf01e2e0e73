// Document-path helpers shared by the checks and, later, the evaluator:
// AWS's way of printing a path inside a message, and its overlap and
// conflict rules for the paths one update or projection touches.
#pragma once

#include <string>
#include <vector>

#include "expressions/ast.h"
#include "expressions/errors.h"

namespace localcloud::dynamodb::expressions {

// A resolved path as AWS prints it in messages: "[a, b, [1], c]".
std::string path_for_message(const DocumentPath& path);

// Throws AWS's error if two of `paths` (resolved, in written order) overlap
// (one is the other or inside it: "a" and "a.b") or conflict (one uses an
// attribute as a map where the other uses it as a list: "a.b" and "a[1]"):
//   "Invalid <kind>: Two document paths overlap with each other; must remove
//    or rewrite one of these paths; path one: [a], path two: [a, b]"
// Any overlap is reported before any conflict; "path one" is the earlier.
void check_paths_disjoint(const std::vector<const DocumentPath*>& paths, ExpressionKind kind);

}  // namespace localcloud::dynamodb::expressions
