#include "expressions/printer.h"

#include <algorithm>

namespace localcloud::dynamodb::expressions {
namespace {

bool is_plain_identifier(const std::string& name) {
  auto letter = [](char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); };
  if (name.empty() || !letter(name.front())) return false;
  return std::all_of(name.begin(), name.end(),
                     [&](char c) { return letter(c) || (c >= '0' && c <= '9') || c == '_'; });
}

std::string_view comparator_text(Comparator op) {
  switch (op) {
    case Comparator::kEqual:
      return "=";
    case Comparator::kNotEqual:
      return "<>";
    case Comparator::kLess:
      return "<";
    case Comparator::kLessOrEqual:
      return "<=";
    case Comparator::kGreater:
      return ">";
    case Comparator::kGreaterOrEqual:
      break;
  }
  return ">=";
}

std::string_view key_comparator_text(KeyCondition::Op op) {
  switch (op) {
    case KeyCondition::Op::kLess:
      return "<";
    case KeyCondition::Op::kLessOrEqual:
      return "<=";
    case KeyCondition::Op::kGreater:
      return ">";
    case KeyCondition::Op::kGreaterOrEqual:
      return ">=";
    default:
      return "=";
  }
}

std::string join(const std::vector<Operand>& operands) {
  std::string out;
  for (std::size_t i = 0; i < operands.size(); ++i) {
    if (i > 0) out += ", ";
    out += to_string(operands[i]);
  }
  return out;
}

std::string to_string(const SetValue& value) {
  if (value.op == SetValue::Op::kNone) return to_string(value.left);
  return "(" + to_string(value.left) + (value.op == SetValue::Op::kPlus ? " + " : " - ") +
         to_string(*value.right) + ")";
}

}  // namespace

std::string to_string(const DocumentPath& path) {
  std::string out;
  for (const PathElement& element : path.elements) {
    switch (element.kind) {
      case PathElement::Kind::kIndex:
        out += "[" + element.text + "]";
        continue;
      case PathElement::Kind::kAttribute:
        if (!out.empty()) out += ".";
        out += is_plain_identifier(element.text) ? element.text : "`" + element.text + "`";
        continue;
      case PathElement::Kind::kPlaceholder:
        if (!out.empty()) out += ".";
        out += element.text;
        continue;
    }
  }
  return out;
}

std::string to_string(const Operand& operand) {
  if (const DocumentPath* path = operand.path()) return to_string(*path);
  if (const ValueRef* value = operand.value()) return value->name;
  const FunctionCall& call = *operand.call();
  return call.name + "(" + join(call.arguments) + ")";
}

std::string to_string(const Condition& condition) {
  return std::visit(
      [](const auto& node) -> std::string {
        using Node = std::decay_t<decltype(node)>;
        if constexpr (std::is_same_v<Node, Comparison>) {
          return to_string(node.left) + " " + std::string(comparator_text(node.op)) + " " +
                 to_string(node.right);
        } else if constexpr (std::is_same_v<Node, Between>) {
          return to_string(node.value) + " BETWEEN " + to_string(node.lower) + " AND " +
                 to_string(node.upper);
        } else if constexpr (std::is_same_v<Node, In>) {
          return to_string(node.value) + " IN (" + join(node.candidates) + ")";
        } else if constexpr (std::is_same_v<Node, FunctionCondition>) {
          return node.call.name + "(" + join(node.call.arguments) + ")";
        } else if constexpr (std::is_same_v<Node, Not>) {
          return "NOT (" + to_string(*node.operand) + ")";
        } else if constexpr (std::is_same_v<Node, And>) {
          return "(" + to_string(*node.left) + ") AND (" + to_string(*node.right) + ")";
        } else {
          return "(" + to_string(*node.left) + ") OR (" + to_string(*node.right) + ")";
        }
      },
      condition.node);
}

std::string to_string(const ConditionExpression& expression) { return to_string(expression.root); }

std::string to_string(const UpdateExpression& update) {
  std::string out;
  auto clause = [&out](std::string_view keyword, const auto& actions, auto print) {
    if (actions.empty()) return;
    if (!out.empty()) out += " ";
    out += keyword;
    for (std::size_t i = 0; i < actions.size(); ++i) {
      out += i == 0 ? " " : ", ";
      out += print(actions[i]);
    }
  };
  clause("SET", update.set_actions, [](const SetAction& action) {
    return to_string(action.path) + " = " + to_string(action.value);
  });
  clause("REMOVE", update.remove_actions,
         [](const RemoveAction& action) { return to_string(action.path); });
  clause("ADD", update.add_actions,
         [](const AddAction& action) { return to_string(action.path) + " " + action.value.name; });
  clause("DELETE", update.delete_actions, [](const DeleteAction& action) {
    return to_string(action.path) + " " + action.value.name;
  });
  return out;
}

std::string to_string(const ProjectionExpression& projection) {
  std::string out;
  for (std::size_t i = 0; i < projection.paths.size(); ++i) {
    if (i > 0) out += ", ";
    out += to_string(projection.paths[i]);
  }
  return out;
}

std::string to_string(const KeyConditions& key_conditions) {
  std::string out;
  for (const KeyCondition& condition : key_conditions.conditions) {
    if (!out.empty()) out += " AND ";
    const std::string attribute =
        to_string(DocumentPath{{PathElement::attribute(condition.attribute)}});
    switch (condition.op) {
      case KeyCondition::Op::kBetween:
        out +=
            attribute + " BETWEEN " + condition.values[0].name + " AND " + condition.values[1].name;
        break;
      case KeyCondition::Op::kBeginsWith:
        out += "begins_with(" + attribute + ", " + condition.values[0].name + ")";
        break;
      default:
        out += attribute + " " + std::string(key_comparator_text(condition.op)) + " " +
               condition.values[0].name;
        break;
    }
  }
  return out;
}

}  // namespace localcloud::dynamodb::expressions
