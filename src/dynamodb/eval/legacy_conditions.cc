// Expected and QueryFilter/ScanFilter converted to the condition AST that
// matches() evaluates, entry by entry, joined by ConditionalOperator.
#include <memory>
#include <string>

#include "eval/legacy.h"
#include "eval/legacy_entry.h"
#include "eval/legacy_support.h"
#include "eval/messages.h"
#include "eval/values.h"

namespace localcloud::dynamodb::eval {
namespace {

using expressions::Condition;
using expressions::ConditionExpression;
using expressions::Operand;
using internal::fail_invalid;
using internal::LegacyEntry;
using internal::LegacyOp;
using internal::member;
using model::AttributeValue;
using nlohmann::json;

Condition leaf(expressions::Comparator op, Operand left, Operand right) {
  return Condition{expressions::Comparison{op, std::move(left), std::move(right)}};
}

Condition call(std::string name, std::vector<Operand> arguments) {
  return Condition{expressions::FunctionCondition{{std::move(name), std::move(arguments)}}};
}

Condition both(Condition left, Condition right) {
  return Condition{expressions::And{std::make_unique<Condition>(std::move(left)),
                                    std::make_unique<Condition>(std::move(right))}};
}

Condition condition_for(const std::string& attribute, LegacyEntry& entry, Values& values) {
  using expressions::Comparator;
  std::vector<Operand> refs;
  for (AttributeValue& argument : entry.arguments) {
    refs.push_back(internal::add_value(values, std::move(argument)));
  }
  Operand path = internal::attribute_operand(attribute);
  switch (entry.op) {
    case LegacyOp::kEq:
      return leaf(Comparator::kEqual, std::move(path), std::move(refs[0]));
    case LegacyOp::kNe:
      return leaf(Comparator::kNotEqual, std::move(path), std::move(refs[0]));
    case LegacyOp::kLe:
      return leaf(Comparator::kLessOrEqual, std::move(path), std::move(refs[0]));
    case LegacyOp::kLt:
      return leaf(Comparator::kLess, std::move(path), std::move(refs[0]));
    case LegacyOp::kGe:
      return leaf(Comparator::kGreaterOrEqual, std::move(path), std::move(refs[0]));
    case LegacyOp::kGt:
      return leaf(Comparator::kGreater, std::move(path), std::move(refs[0]));
    case LegacyOp::kNotNull:
      return call("attribute_exists", {std::move(path)});
    case LegacyOp::kNull:
      return call("attribute_not_exists", {std::move(path)});
    case LegacyOp::kContains:
      return call("contains", {std::move(path), std::move(refs[0])});
    case LegacyOp::kNotContains: {
      // AWS answers false for a missing attribute (Scylla's
      // test_update_expected_1_not_contains, run against AWS).
      Condition exists = call("attribute_exists", {internal::attribute_operand(attribute)});
      Condition missing_value = call("contains", {std::move(path), std::move(refs[0])});
      return both(
          std::move(exists),
          Condition{expressions::Not{std::make_unique<Condition>(std::move(missing_value))}});
    }
    case LegacyOp::kBeginsWith:
      return call("begins_with", {std::move(path), std::move(refs[0])});
    case LegacyOp::kIn:
      return Condition{expressions::In{std::move(path), std::move(refs)}};
    case LegacyOp::kBetween:
      break;
  }
  return Condition{expressions::Between{std::move(path), std::move(refs[0]), std::move(refs[1])}};
}

// AND unless ConditionalOperator says OR; the operator needs two or more
// conditions to join.
bool read_conditional_operator(const json* conditional_operator, const json* conditions) {
  if (conditional_operator == nullptr) return false;
  if (conditions == nullptr) {
    throw localcloud::errors::validation(std::string(messages::kConditionalOperatorAlone));
  }
  if (conditions->size() <= 1) {
    throw localcloud::errors::validation(std::string(messages::kConditionalOperatorSingle));
  }
  const std::string text = conditional_operator->is_string()
                               ? conditional_operator->get<std::string>()
                               : conditional_operator->dump();
  if (text != "AND" && text != "OR") {
    throw localcloud::errors::validation(
        "1 validation error detected: Value '" + text +
        "' at 'conditionalOperator' failed to satisfy constraint: Member must satisfy enum value "
        "set: [OR, AND]");
  }
  return text == "OR";
}

std::optional<ConditionExpression> join(std::vector<Condition> parts, bool use_or,
                                        expressions::ExpressionKind kind) {
  if (parts.empty()) return std::nullopt;
  Condition root = std::move(parts.front());
  for (std::size_t i = 1; i < parts.size(); ++i) {
    auto left = std::make_unique<Condition>(std::move(root));
    auto right = std::make_unique<Condition>(std::move(parts[i]));
    root = use_or ? Condition{expressions::Or{std::move(left), std::move(right)}}
                  : Condition{expressions::And{std::move(left), std::move(right)}};
  }
  return ConditionExpression{kind, std::move(root)};
}

void require_object(const json& value, std::string_view what) {
  if (!value.is_object()) {
    throw localcloud::errors::serialization("Expected map or null for " + std::string(what));
  }
}

// One Expected entry: Value/Exists, or ComparisonOperator with
// AttributeValueList or Value.
Condition expected_condition(const std::string& attribute, const json& spec, Values& values) {
  const json* value = member(spec, "Value");
  const json* list = member(spec, "AttributeValueList");
  const json* op = member(spec, "ComparisonOperator");
  const json* exists = member(spec, "Exists");
  if (value != nullptr && list != nullptr) {
    fail_invalid("Value and AttributeValueList cannot be used together for Attribute: " +
                 attribute);
  }
  if (op != nullptr) {
    if (exists != nullptr) {
      fail_invalid("Exists and ComparisonOperator cannot be used together for Attribute: " +
                   attribute);
    }
    const bool needs_values = !op->is_string() || (*op != "NULL" && *op != "NOT_NULL");
    if (needs_values && value == nullptr && list == nullptr) {
      fail_invalid("Value or AttributeValueList must be used with ComparisonOperator: " +
                   (op->is_string() ? op->get<std::string>() : op->dump()) +
                   " for Attribute: " + attribute);
    }
    LegacyEntry entry = internal::read_legacy_entry(*op, list);
    if (value != nullptr) entry.arguments.push_back(internal::parse_value(*value));
    internal::check_legacy_entry(entry);
    return condition_for(attribute, entry, values);
  }
  if (list != nullptr) {
    fail_invalid("AttributeValueList can only be used with a ComparisonOperator for Attribute: " +
                 attribute);
  }
  const bool must_exist = exists == nullptr || (exists->is_boolean() && exists->get<bool>());
  if (must_exist && value == nullptr) {
    fail_invalid(std::string("Value must be provided when Exists is ") +
                 (exists == nullptr ? "null" : "true") + " for Attribute: " + attribute);
  }
  if (!must_exist && value != nullptr) {
    fail_invalid("Value cannot be used when Exists is false for Attribute: " + attribute);
  }
  if (!must_exist) return call("attribute_not_exists", {internal::attribute_operand(attribute)});
  Operand ref = internal::add_value(values, internal::parse_value(*value));
  return leaf(expressions::Comparator::kEqual, internal::attribute_operand(attribute),
              std::move(ref));
}

}  // namespace

std::optional<ConditionExpression> condition_from_expected(const json* expected,
                                                           const json* conditional_operator,
                                                           Values& values) {
  const bool use_or = read_conditional_operator(conditional_operator, expected);
  if (expected == nullptr) return std::nullopt;
  require_object(*expected, "Expected");
  std::vector<Condition> parts;
  for (const auto& [attribute, spec] : expected->items()) {
    require_object(spec, "Expected");
    parts.push_back(expected_condition(attribute, spec, values));
  }
  return join(std::move(parts), use_or, expressions::ExpressionKind::kCondition);
}

std::optional<ConditionExpression> condition_from_filter(const json* filter,
                                                         const json* conditional_operator,
                                                         Values& values) {
  const bool use_or = read_conditional_operator(conditional_operator, filter);
  if (filter == nullptr) return std::nullopt;
  require_object(*filter, "filter");
  std::vector<Condition> parts;
  for (const auto& [attribute, spec] : filter->items()) {
    require_object(spec, "filter");
    LegacyEntry entry = internal::read_filter_entry(spec);
    parts.push_back(condition_for(attribute, entry, values));
  }
  return join(std::move(parts), use_or, expressions::ExpressionKind::kFilter);
}

}  // namespace localcloud::dynamodb::eval
