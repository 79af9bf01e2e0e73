// Query's KeyConditions converted to the KeyConditions a
// KeyConditionExpression analyses to, so both reach the query planner alike.
#include <string>
#include <utility>
#include <vector>

#include "eval/legacy.h"
#include "eval/legacy_entry.h"
#include "eval/legacy_support.h"
#include "eval/messages.h"

namespace localcloud::dynamodb::eval {

using model::AttributeValue;
using nlohmann::json;

expressions::KeyConditions key_conditions_from_legacy(const json& key_conditions, Values& values) {
  if (!key_conditions.is_object()) throw localcloud::errors::serialization("Expected map or null");
  std::vector<std::pair<std::string, internal::LegacyEntry>> entries;
  for (const auto& [attribute, spec] : key_conditions.items()) {
    if (!spec.is_object()) throw localcloud::errors::serialization("Expected map or null");
    entries.emplace_back(attribute, internal::read_filter_entry(spec));
  }
  if (entries.size() != 1 && entries.size() != 2) {
    throw localcloud::errors::validation(std::string(messages::kKeyConditionCount));
  }
  using KeyOp = expressions::KeyCondition::Op;
  expressions::KeyConditions out;
  for (auto& [attribute, entry] : entries) {
    expressions::KeyCondition condition;
    condition.attribute = attribute;
    switch (entry.op) {
      case internal::LegacyOp::kEq:
        condition.op = KeyOp::kEqual;
        break;
      case internal::LegacyOp::kLe:
        condition.op = KeyOp::kLessOrEqual;
        break;
      case internal::LegacyOp::kLt:
        condition.op = KeyOp::kLess;
        break;
      case internal::LegacyOp::kGe:
        condition.op = KeyOp::kGreaterOrEqual;
        break;
      case internal::LegacyOp::kGt:
        condition.op = KeyOp::kGreater;
        break;
      case internal::LegacyOp::kBeginsWith:
        condition.op = KeyOp::kBeginsWith;
        break;
      case internal::LegacyOp::kBetween:
        condition.op = KeyOp::kBetween;
        break;
      default:
        throw localcloud::errors::validation(std::string(messages::kNotIndexable));
    }
    for (AttributeValue& argument : entry.arguments) {
      condition.values.push_back(*internal::add_value(values, std::move(argument)).value());
    }
    out.conditions.push_back(std::move(condition));
  }
  return out;
}

}  // namespace localcloud::dynamodb::eval
