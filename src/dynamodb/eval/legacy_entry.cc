#include "eval/legacy_entry.h"

#include <string_view>

#include "eval/legacy_support.h"
#include "eval/messages.h"
#include "eval/values.h"

namespace localcloud::dynamodb::eval::internal {
namespace {

using model::AttributeType;
using model::AttributeValue;
using nlohmann::json;

struct OpInfo {
  std::string_view name;
  LegacyOp op;
};

constexpr OpInfo kOps[] = {
    {"EQ", LegacyOp::kEq},
    {"NE", LegacyOp::kNe},
    {"LE", LegacyOp::kLe},
    {"LT", LegacyOp::kLt},
    {"GE", LegacyOp::kGe},
    {"GT", LegacyOp::kGt},
    {"NOT_NULL", LegacyOp::kNotNull},
    {"NULL", LegacyOp::kNull},
    {"CONTAINS", LegacyOp::kContains},
    {"NOT_CONTAINS", LegacyOp::kNotContains},
    {"BEGINS_WITH", LegacyOp::kBeginsWith},
    {"IN", LegacyOp::kIn},
    {"BETWEEN", LegacyOp::kBetween},
};

LegacyOp parse_op(const json& text) {
  if (text.is_string()) {
    for (const OpInfo& info : kOps) {
      if (text.get_ref<const std::string&>() == info.name) return info.op;
    }
  }
  // The api layer's enum check normally answers first.
  throw localcloud::errors::validation(
      "1 validation error detected: Value '" +
      (text.is_string() ? text.get<std::string>() : text.dump()) +
      "' at 'comparisonOperator' failed to satisfy constraint: Member must satisfy enum value set: "
      "[IN, NULL, BETWEEN, LT, NOT_CONTAINS, EQ, GT, NOT_NULL, NE, LE, BEGINS_WITH, GE, CONTAINS]");
}

bool count_fits(LegacyOp op, std::size_t count) {
  switch (op) {
    case LegacyOp::kNotNull:
    case LegacyOp::kNull:
      return count == 0;
    case LegacyOp::kIn:
      return count > 0;
    case LegacyOp::kBetween:
      return count == 2;
    default:
      return count == 1;
  }
}

// EQ and NE take any type ("supported for all data types, including lists
// and maps"); the others only scalars, BEGINS_WITH only S and B.
bool type_fits(LegacyOp op, AttributeType type) {
  switch (op) {
    case LegacyOp::kEq:
    case LegacyOp::kNe:
      return true;
    case LegacyOp::kBeginsWith:
      return type == AttributeType::kS || type == AttributeType::kB;
    default:
      return is_ordered(type);
  }
}

}  // namespace

void check_legacy_entry(const LegacyEntry& entry) {
  const std::string& op_name = entry.op_name;
  if (!count_fits(entry.op, entry.arguments.size())) {
    fail_invalid("Invalid number of argument(s) for the " + op_name + " ComparisonOperator");
  }
  for (const AttributeValue& argument : entry.arguments) {
    if (argument.type() != entry.arguments.front().type()) fail_invalid(messages::kSameTypeList);
  }
  for (const AttributeValue& argument : entry.arguments) {
    if (!type_fits(entry.op, argument.type())) {
      fail_invalid("ComparisonOperator " + op_name + " is not valid for " +
                   std::string(model::type_name(argument.type())) + " AttributeValue type");
    }
  }
  if (entry.op == LegacyOp::kBetween &&
      compare_ordered(entry.arguments[0], entry.arguments[1]) ==
          std::strong_ordering::greater) {
    throw localcloud::errors::validation(std::string(messages::kLegacyBetweenOrder));
  }
}

LegacyEntry read_legacy_entry(const json& op, const json* list) {
  LegacyEntry entry;
  entry.op = parse_op(op);
  entry.op_name = op.get_ref<const std::string&>();
  if (list != nullptr) {
    if (!list->is_array()) throw localcloud::errors::serialization("Expected list or null");
    for (const json& wire : *list) entry.arguments.push_back(parse_value(wire));
  }
  return entry;
}

LegacyEntry read_filter_entry(const json& spec) {
  const json* op = member(spec, "ComparisonOperator");
  if (op == nullptr) {
    throw localcloud::errors::validation(
        "1 validation error detected: Value null at 'comparisonOperator' failed to satisfy "
        "constraint: Member must not be null");
  }
  LegacyEntry entry = read_legacy_entry(*op, member(spec, "AttributeValueList"));
  check_legacy_entry(entry);
  return entry;
}

}  // namespace localcloud::dynamodb::eval::internal
