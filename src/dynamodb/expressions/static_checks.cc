#include "expressions/static_checks.h"

#include <optional>
#include <string>

#include "expressions/functions.h"
#include "expressions/reserved_words.h"

namespace localcloud::dynamodb::expressions::internal {
namespace {

// The first problem of each category, in written order. AWS reports
// categories by a fixed priority, not by position, so they are kept apart.
struct Findings {
  std::optional<std::string> unknown_function;
  std::optional<std::string> misplaced_function;
  std::optional<std::string> path;

  static void note(std::optional<std::string>& slot, std::string detail) {
    if (!slot) slot = std::move(detail);
  }
};

void check_path(const DocumentPath& path, Findings& findings) {
  for (const PathElement& element : path.elements) {
    if (element.kind == PathElement::Kind::kAttribute && is_reserved_word(element.text)) {
      Findings::note(findings.path,
                     "Attribute name is a reserved keyword; reserved keyword: " + element.text);
    } else if (element.is_index() && !element.index_in_range()) {
      Findings::note(findings.path,
                     "List index is not within the allowable range; index: [" + element.text + "]");
    }
  }
  if (path.elements.size() > kMaxPathDepth) {
    Findings::note(findings.path,
                   "The document path has too many nesting levels; nesting levels: " +
                       std::to_string(path.elements.size()));
  }
}

// ---- Conditions

void check_condition_call(const FunctionCall& call, bool used_as_condition, Findings& findings);

void check_condition_operand(const Operand& operand, Findings& findings) {
  if (const DocumentPath* path = operand.path()) {
    check_path(*path, findings);
  } else if (const FunctionCall* call = operand.call()) {
    check_condition_call(*call, /*used_as_condition=*/false, findings);
  }
}

void check_condition_call(const FunctionCall& call, bool used_as_condition, Findings& findings) {
  const std::optional<FunctionInfo> info = find_function(call.name);
  if (!info) {
    Findings::note(findings.unknown_function, "Invalid function name; function: " + call.name);
  } else if (info->role == FunctionRole::kUpdate) {
    Findings::note(findings.misplaced_function,
                   "The function is not allowed in a condition expression; function: " + call.name);
  } else if (used_as_condition != (info->role == FunctionRole::kCondition)) {
    // A condition function used as a value (attribute_exists(a) = :v), or
    // size() used as a condition.
    Findings::note(findings.misplaced_function,
                   "The function is not allowed to be used this way in an expression; "
                   "function: " +
                       call.name);
  }
  for (const Operand& argument : call.arguments) check_condition_operand(argument, findings);
}

void check_condition_node(const Condition& condition, Findings& findings) {
  std::visit(
      [&](const auto& node) {
        using Node = std::decay_t<decltype(node)>;
        if constexpr (std::is_same_v<Node, Comparison>) {
          check_condition_operand(node.left, findings);
          check_condition_operand(node.right, findings);
        } else if constexpr (std::is_same_v<Node, Between>) {
          check_condition_operand(node.value, findings);
          check_condition_operand(node.lower, findings);
          check_condition_operand(node.upper, findings);
        } else if constexpr (std::is_same_v<Node, In>) {
          check_condition_operand(node.value, findings);
          for (const Operand& candidate : node.candidates) {
            check_condition_operand(candidate, findings);
          }
        } else if constexpr (std::is_same_v<Node, FunctionCondition>) {
          check_condition_call(node.call, /*used_as_condition=*/true, findings);
        } else if constexpr (std::is_same_v<Node, Not>) {
          check_condition_node(*node.operand, findings);
        } else {
          check_condition_node(*node.left, findings);
          check_condition_node(*node.right, findings);
        }
      },
      condition.node);
}

// ---- Updates

void check_update_operand(const Operand& operand, Findings& findings) {
  if (const DocumentPath* path = operand.path()) {
    check_path(*path, findings);
    return;
  }
  const FunctionCall* call = operand.call();
  if (call == nullptr) return;
  const std::optional<FunctionInfo> info = find_function(call->name);
  if (!info) {
    Findings::note(findings.unknown_function, "Invalid function name; function: " + call->name);
  } else if (info->role != FunctionRole::kUpdate) {
    Findings::note(findings.unknown_function,
                   "The function is not allowed in an update expression; function: " + call->name);
  }
  for (const Operand& argument : call->arguments) check_update_operand(argument, findings);
}

std::string_view clause_keyword(UpdateClause clause) {
  switch (clause) {
    case UpdateClause::kSet:
      return "SET";
    case UpdateClause::kRemove:
      return "REMOVE";
    case UpdateClause::kAdd:
      return "ADD";
    case UpdateClause::kDelete:
      break;
  }
  return "DELETE";
}

}  // namespace

// AWS's priority, as dynalite's tests against AWS recorded it: an unknown
// function anywhere, then a misplaced one, then a path problem.
void check_condition_statically(const Condition& root, ExpressionKind kind) {
  Findings findings;
  check_condition_node(root, findings);
  for (const auto* slot :
       {&findings.unknown_function, &findings.misplaced_function, &findings.path}) {
    if (*slot) throw invalid_expression(kind, **slot);
  }
}

// For updates AWS puts reserved words first, then functions, then repeated
// sections.
void check_update_statically(const UpdateExpression& update,
                             const std::vector<UpdateClause>& clauses_written) {
  Findings findings;
  for (UpdateExpression::ActionRef action : update.written_order) {
    check_path(update.target(action), findings);
    if (action.clause == UpdateClause::kSet) {
      const SetValue& value = update.set_actions[action.index].value;
      check_update_operand(value.left, findings);
      if (value.right) check_update_operand(*value.right, findings);
    }
  }
  if (findings.path) throw invalid_expression(ExpressionKind::kUpdate, *findings.path);
  if (findings.unknown_function) {
    throw invalid_expression(ExpressionKind::kUpdate, *findings.unknown_function);
  }
  for (std::size_t i = 0; i < clauses_written.size(); ++i) {
    for (std::size_t j = 0; j < i; ++j) {
      if (clauses_written[j] != clauses_written[i]) continue;
      std::string detail = "The \"";
      detail += clause_keyword(clauses_written[i]);
      detail += "\" section can only be used once in an update expression;";
      throw invalid_expression(ExpressionKind::kUpdate, detail);
    }
  }
}

void check_projection_statically(const ProjectionExpression& projection) {
  Findings findings;
  for (const DocumentPath& path : projection.paths) check_path(path, findings);
  if (findings.path) throw invalid_expression(ExpressionKind::kProjection, *findings.path);
}

}  // namespace localcloud::dynamodb::expressions::internal
