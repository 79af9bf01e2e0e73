// leaf_check(): the checks AWS makes on a condition's leaves once the
// values are known, before any item is read. The rules follow DynamoDB's
// operand type sets: comparators and BETWEEN take S, N or B; begins_with S
// or B; size() anything but N, BOOL and NULL; attribute_type a value naming
// a type; = <> IN and contains anything.
#include <string>

#include "eval/messages.h"
#include "eval/operand_types.h"
#include "eval/values.h"

namespace localcloud::dynamodb::eval {
namespace internal {

using expressions::Operand;
using model::AttributeType;

std::string incorrect_operand_type(std::string_view op, std::string_view types) {
  std::string detail(messages::kIncorrectOperandType);
  detail += "operator or function: ";
  detail += op;
  detail += ", operand type: ";
  detail += types;
  return detail;
}

const model::AttributeValue* literal(const Operand& operand, const Values& values) {
  const expressions::ValueRef* ref = operand.value();
  if (ref == nullptr) return nullptr;
  auto found = values.find(ref->name);
  return found == values.end() ? nullptr : &found->second;
}

std::optional<std::string> check_operand_type(std::string_view op, const Operand& operand,
                                              const Values& values, const TypePredicate& allowed) {
  if (const model::AttributeValue* value = literal(operand, values)) {
    if (allowed(value->type())) return std::nullopt;
    return incorrect_operand_type(op, model::type_name(value->type()));
  }
  if (const expressions::FunctionCall* call = operand.call()) {
    if (call->name == "size" && !allowed(AttributeType::kN)) {
      return incorrect_operand_type(op, "N");
    }
    if (call->name == "list_append" && !allowed(AttributeType::kL)) {
      return incorrect_operand_type(op, "L");
    }
  }
  return std::nullopt;
}

}  // namespace internal

namespace {

using expressions::Condition;
using expressions::FunctionCall;
using expressions::Operand;
using internal::check_operand_type;
using model::AttributeType;
using Detail = std::optional<std::string>;

bool iterable(AttributeType type) {
  return type != AttributeType::kN && type != AttributeType::kBool && type != AttributeType::kNull;
}

bool string_or_binary(AttributeType type) {
  return type == AttributeType::kS || type == AttributeType::kB;
}

bool is_type_name(std::string_view name) {
  for (std::string_view known : {"S", "SS", "N", "NS", "B", "BS", "BOOL", "NULL", "L", "M"}) {
    if (name == known) return true;
  }
  return false;
}

std::string_view comparator_symbol(expressions::Comparator op) {
  switch (op) {
    case expressions::Comparator::kEqual:
      return "=";
    case expressions::Comparator::kNotEqual:
      return "<>";
    case expressions::Comparator::kLess:
      return "<";
    case expressions::Comparator::kLessOrEqual:
      return "<=";
    case expressions::Comparator::kGreater:
      return ">";
    case expressions::Comparator::kGreaterOrEqual:
      break;
  }
  return ">=";
}

class LeafChecker {
 public:
  explicit LeafChecker(const Values& values) : values_(values) {}

  Detail check(const Condition& leaf) const {
    return std::visit([this](const auto& node) { return check_node(node); }, leaf.node);
  }

 private:
  // Operands nested in a call are checked before the call itself, as AWS
  // validates an expression tree bottom-up.
  Detail check_nested(const Operand& operand) const {
    const FunctionCall* call = operand.call();
    if (call == nullptr) return std::nullopt;
    for (const Operand& argument : call->arguments) {
      if (Detail detail = check_nested(argument)) return detail;
    }
    if (call->name == "size" && !call->arguments.empty()) {
      return check_operand_type("size", call->arguments.front(), values_, iterable);
    }
    return std::nullopt;
  }

  Detail check_all_nested(std::initializer_list<const Operand*> operands) const {
    for (const Operand* operand : operands) {
      if (Detail detail = check_nested(*operand)) return detail;
    }
    return std::nullopt;
  }

  Detail check_ordered(std::string_view op, std::initializer_list<const Operand*> operands) const {
    for (const Operand* operand : operands) {
      if (Detail detail = check_operand_type(op, *operand, values_, internal::is_ordered)) {
        return detail;
      }
    }
    return std::nullopt;
  }

  Detail check_node(const expressions::Comparison& node) const {
    if (Detail detail = check_all_nested({&node.left, &node.right})) return detail;
    if (node.op == expressions::Comparator::kEqual ||
        node.op == expressions::Comparator::kNotEqual) {
      return std::nullopt;
    }
    return check_ordered(comparator_symbol(node.op), {&node.left, &node.right});
  }

  Detail check_node(const expressions::Between& node) const {
    if (Detail detail = check_all_nested({&node.value, &node.lower, &node.upper})) return detail;
    if (Detail detail = check_ordered("BETWEEN", {&node.value, &node.lower, &node.upper})) {
      return detail;
    }
    const model::AttributeValue* lower = internal::literal(node.lower, values_);
    const model::AttributeValue* upper = internal::literal(node.upper, values_);
    if (lower == nullptr || upper == nullptr) return std::nullopt;
    const std::string_view* problem = nullptr;
    if (lower->type() != upper->type()) {
      problem = &messages::kBetweenBoundsType;
    } else if (internal::compare_ordered(*lower, *upper) == std::strong_ordering::greater) {
      problem = &messages::kBetweenBoundsOrder;
    }
    if (problem == nullptr) return std::nullopt;
    return std::string(*problem) + "lower bound operand: " + internal::bound_for_message(*lower) +
           ", upper bound operand: " + internal::bound_for_message(*upper);
  }

  Detail check_node(const expressions::In& node) const {
    if (Detail detail = check_nested(node.value)) return detail;
    for (const Operand& candidate : node.candidates) {
      if (Detail detail = check_nested(candidate)) return detail;
    }
    return std::nullopt;
  }

  Detail check_node(const expressions::FunctionCondition& node) const {
    const FunctionCall& call = node.call;
    for (const Operand& argument : call.arguments) {
      if (Detail detail = check_nested(argument)) return detail;
    }
    if (call.name == "begins_with") {
      for (const Operand& argument : call.arguments) {
        if (Detail detail =
                check_operand_type("begins_with", argument, values_, string_or_binary)) {
          return detail;
        }
      }
    } else if (call.name == "attribute_type" && call.arguments.size() == 2) {
      return check_type_name(call.arguments[1]);
    }
    return std::nullopt;
  }

  // attribute_type's second operand must be a value holding a type name.
  Detail check_type_name(const Operand& operand) const {
    const model::AttributeValue* value = internal::literal(operand, values_);
    if (value == nullptr) {
      if (operand.path() != nullptr) {
        return internal::incorrect_operand_type("attribute_type", messages::kAnyDocumentType);
      }
      if (operand.call() != nullptr) return internal::incorrect_operand_type("attribute_type", "N");
      return std::nullopt;
    }
    if (value->type() != AttributeType::kS) {
      return internal::incorrect_operand_type("attribute_type", model::type_name(value->type()));
    }
    if (is_type_name(value->as_string())) return std::nullopt;
    return std::string(messages::kInvalidAttributeTypeName) + value->as_string() +
           ", valid types: " + std::string(messages::kValidAttributeTypes);
  }

  Detail check_node(const expressions::Not&) const { return std::nullopt; }
  Detail check_node(const expressions::And&) const { return std::nullopt; }
  Detail check_node(const expressions::Or&) const { return std::nullopt; }

  const Values& values_;
};

}  // namespace

expressions::LeafCheck leaf_check(const Values& values, expressions::ExpressionKind /*kind*/) {
  // The rules are the same for every condition-like parameter; the Resolver
  // names the parameter in the message.
  return [&values](const Condition& leaf) { return LeafChecker(values).check(leaf); };
}

}  // namespace localcloud::dynamodb::eval
