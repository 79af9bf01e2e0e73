#include "expressions/key_condition.h"

#include <string>

#include "expressions/errors.h"

namespace localcloud::dynamodb::expressions {
namespace {

[[noreturn]] void fail(std::string_view detail) {
  throw invalid_expression(ExpressionKind::kKeyCondition, detail);
}

[[noreturn]] void fail_operator(std::string_view op) {
  fail("Invalid operator used in KeyConditionExpression: " + std::string(op));
}

KeyCondition::Op key_op(Comparator op) {
  switch (op) {
    case Comparator::kLess:
      return KeyCondition::Op::kLess;
    case Comparator::kLessOrEqual:
      return KeyCondition::Op::kLessOrEqual;
    case Comparator::kGreater:
      return KeyCondition::Op::kGreater;
    case Comparator::kGreaterOrEqual:
      return KeyCondition::Op::kGreaterOrEqual;
    default:
      return KeyCondition::Op::kEqual;
  }
}

// The same comparison with its operands swapped: ":v < sk" is "sk > :v".
KeyCondition::Op mirrored(KeyCondition::Op op) {
  switch (op) {
    case KeyCondition::Op::kLess:
      return KeyCondition::Op::kGreater;
    case KeyCondition::Op::kLessOrEqual:
      return KeyCondition::Op::kGreaterOrEqual;
    case KeyCondition::Op::kGreater:
      return KeyCondition::Op::kLess;
    case KeyCondition::Op::kGreaterOrEqual:
      return KeyCondition::Op::kLessOrEqual;
    default:
      return op;
  }
}

// Reads one comparison, BETWEEN or begins_with into `out`, checking its
// operands in written order as AWS does.
void analyze_leaf(KeyCondition::Op op, const std::vector<const Operand*>& operands,
                  KeyConditions& out) {
  std::optional<std::size_t> attribute_at;
  KeyCondition condition;
  condition.op = op;
  for (std::size_t i = 0; i < operands.size(); ++i) {
    const Operand& operand = *operands[i];
    if (const DocumentPath* path = operand.path()) {
      if (attribute_at) {
        fail(
            "Invalid condition in KeyConditionExpression: Multiple attribute names used in one "
            "condition");
      }
      if (path->elements.size() > 1) {
        fail("KeyConditionExpressions cannot have conditions on nested attributes");
      }
      attribute_at = i;
      condition.attribute = path->elements.front().text;
    } else if (operand.call() != nullptr) {
      fail("KeyConditionExpressions cannot contain nested operations");
    } else {
      condition.values.push_back(*operand.value());
    }
  }
  if (!attribute_at)
    fail("Invalid condition in KeyConditionExpression: No key attribute specified");
  if (out.find(condition.attribute) != nullptr) {
    fail("KeyConditionExpressions must only contain one condition per key");
  }
  if (*attribute_at != 0) condition.op = mirrored(condition.op);
  out.conditions.push_back(std::move(condition));
}

void analyze(const Condition& condition, KeyConditions& out) {
  if (const auto* node = std::get_if<And>(&condition.node)) {
    analyze(*node->left, out);
    analyze(*node->right, out);
  } else if (std::holds_alternative<Or>(condition.node)) {
    fail_operator("OR");
  } else if (std::holds_alternative<Not>(condition.node)) {
    fail_operator("NOT");
  } else if (std::holds_alternative<In>(condition.node)) {
    fail_operator("IN");
  } else if (const auto* node = std::get_if<Comparison>(&condition.node)) {
    if (node->op == Comparator::kNotEqual) fail_operator("<>");
    analyze_leaf(key_op(node->op), {&node->left, &node->right}, out);
  } else if (const auto* node = std::get_if<Between>(&condition.node)) {
    if (node->value.path() == nullptr) {
      fail(
          "Invalid condition in KeyConditionExpression: BETWEEN operator must have the key "
          "attribute as its first operand");
    }
    analyze_leaf(KeyCondition::Op::kBetween, {&node->value, &node->lower, &node->upper}, out);
  } else {
    const FunctionCall& call = std::get<FunctionCondition>(condition.node).call;
    if (call.name != "begins_with") fail_operator(call.name);
    if (call.arguments.front().path() == nullptr) {
      fail(
          "Invalid condition in KeyConditionExpression: begins_with operator must have the key "
          "attribute as its first operand");
    }
    analyze_leaf(KeyCondition::Op::kBeginsWith, {&call.arguments[0], &call.arguments[1]}, out);
  }
}

}  // namespace

const KeyCondition* KeyConditions::find(std::string_view attribute) const {
  for (const KeyCondition& condition : conditions) {
    if (condition.attribute == attribute) return &condition;
  }
  return nullptr;
}

KeyConditions analyze_key_condition(const ConditionExpression& resolved) {
  KeyConditions out;
  analyze(resolved.root, out);
  return out;
}

void check_key_schema(const KeyConditions& key_conditions, std::string_view partition_key,
                      std::optional<std::string_view> sort_key) {
  const std::size_t key_count = sort_key ? 2 : 1;
  if (key_conditions.conditions.size() > key_count) {
    throw errors::validation("The number of query conditions (" +
                             std::to_string(key_conditions.conditions.size()) +
                             ") exceeds the number of key attributes defined in the schema (" +
                             std::to_string(key_count) + ")");
  }
  const KeyCondition* partition = key_conditions.find(partition_key);
  if (partition == nullptr) {
    throw errors::validation("Query condition missed key schema element: " +
                             std::string(partition_key));
  }
  if (partition->op != KeyCondition::Op::kEqual) {
    throw errors::validation("Query key condition not supported");
  }
  for (const KeyCondition& condition : key_conditions.conditions) {
    if (condition.attribute != partition_key && condition.attribute != sort_key) {
      throw errors::validation("Query condition missed key schema element: " +
                               std::string(sort_key.value_or(partition_key)));
    }
  }
}

}  // namespace localcloud::dynamodb::expressions
