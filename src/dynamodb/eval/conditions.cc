// matches(): a condition tree against one item, with DynamoDB's rule that
// a comparison involving a missing attribute or values of different types is
// false rather than an error.
#include <optional>

#include "eval/document.h"
#include "eval/evaluator.h"
#include "eval/values.h"

namespace localcloud::dynamodb::eval {
namespace {

using expressions::Comparator;
using expressions::Condition;
using expressions::FunctionCall;
using expressions::Operand;
using model::AttributeType;
using model::AttributeValue;

// An operand's value: borrowed from the item or the request, or computed
// (size()). Empty when the operand has no value for this item.
class OperandValue {
 public:
  OperandValue() = default;
  explicit OperandValue(const AttributeValue* borrowed) : borrowed_(borrowed) {}
  explicit OperandValue(AttributeValue computed) : computed_(std::move(computed)) {}

  const AttributeValue* get() const { return computed_ ? &*computed_ : borrowed_; }

 private:
  const AttributeValue* borrowed_ = nullptr;
  std::optional<AttributeValue> computed_;
};

class Evaluator {
 public:
  Evaluator(const model::Item* item, const Values& values) : item_(item), values_(values) {}

  bool holds(const Condition& condition) const {
    return std::visit([this](const auto& node) { return holds_node(node); }, condition.node);
  }

 private:
  OperandValue value_of(const Operand& operand) const {
    if (const auto* path = operand.path()) {
      return OperandValue(item_ == nullptr ? nullptr : internal::find(*item_, *path));
    }
    if (const auto* ref = operand.value()) {
      auto found = values_.find(ref->name);
      return OperandValue(found == values_.end() ? nullptr : &found->second);
    }
    // size() is the only function that yields a value inside a condition.
    const FunctionCall& call = *operand.call();
    if (call.name != "size" || call.arguments.size() != 1) return OperandValue();
    OperandValue argument = value_of(call.arguments.front());
    if (argument.get() == nullptr) return OperandValue();
    std::optional<AttributeValue> size = internal::size_of(*argument.get());
    return size ? OperandValue(std::move(*size)) : OperandValue();
  }

  static bool equal(const AttributeValue* a, const AttributeValue* b) {
    return a != nullptr && b != nullptr && *a == *b;
  }

  static bool compare(Comparator op, const AttributeValue* a, const AttributeValue* b) {
    if (op == Comparator::kEqual) return equal(a, b);
    if (op == Comparator::kNotEqual) return !equal(a, b);
    if (a == nullptr || b == nullptr) return false;
    std::optional<std::strong_ordering> order = internal::compare_ordered(*a, *b);
    if (!order) return false;
    switch (op) {
      case Comparator::kLess:
        return *order < 0;
      case Comparator::kLessOrEqual:
        return *order <= 0;
      case Comparator::kGreater:
        return *order > 0;
      default:
        return *order >= 0;
    }
  }

  bool holds_node(const expressions::Comparison& node) const {
    OperandValue left = value_of(node.left);
    OperandValue right = value_of(node.right);
    return compare(node.op, left.get(), right.get());
  }

  bool holds_node(const expressions::Between& node) const {
    OperandValue value = value_of(node.value);
    OperandValue lower = value_of(node.lower);
    OperandValue upper = value_of(node.upper);
    return compare(Comparator::kGreaterOrEqual, value.get(), lower.get()) &&
           compare(Comparator::kLessOrEqual, value.get(), upper.get());
  }

  bool holds_node(const expressions::In& node) const {
    OperandValue value = value_of(node.value);
    for (const Operand& candidate : node.candidates) {
      if (equal(value.get(), value_of(candidate).get())) return true;
    }
    return false;
  }

  bool holds_node(const expressions::FunctionCondition& node) const {
    const FunctionCall& call = node.call;
    // Condition functions take one or two operands (the Resolver checks).
    const OperandValue first_value =
        call.arguments.empty() ? OperandValue() : value_of(call.arguments[0]);
    const OperandValue second_value =
        call.arguments.size() < 2 ? OperandValue() : value_of(call.arguments[1]);
    const AttributeValue* first = first_value.get();
    const AttributeValue* second = second_value.get();
    if (call.name == "attribute_exists") return first != nullptr;
    if (call.name == "attribute_not_exists") return first == nullptr;
    if (first == nullptr || second == nullptr) return false;
    if (call.name == "attribute_type") {
      return second->type() == AttributeType::kS &&
             model::type_name(first->type()) == second->as_string();
    }
    if (call.name == "begins_with") return internal::begins_with(*first, *second);
    if (call.name == "contains") return internal::contains(*first, *second);
    return false;
  }

  bool holds_node(const expressions::Not& node) const { return !holds(*node.operand); }

  bool holds_node(const expressions::And& node) const {
    return holds(*node.left) && holds(*node.right);
  }

  bool holds_node(const expressions::Or& node) const {
    return holds(*node.left) || holds(*node.right);
  }

  const model::Item* item_;
  const Values& values_;
};

}  // namespace

bool matches(const Condition& condition, const model::Item* item, const Values& values) {
  return Evaluator(item, values).holds(condition);
}

}  // namespace localcloud::dynamodb::eval
