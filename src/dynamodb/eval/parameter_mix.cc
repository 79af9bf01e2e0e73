// check_parameter_mix(): which request parameters count as expression and
// which as legacy, per operation, and AWS's refusals of a mix (lists and
// their order from dynalite's recorded validations; the message format is
// captured in paritysuite/dynamodb-conformance).
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "eval/legacy.h"
#include "eval/legacy_support.h"
#include "eval/messages.h"

namespace localcloud::dynamodb::eval {
namespace {

using nlohmann::json;

using Names = std::span<const std::string_view>;

struct Style {
  Names expression;
  Names legacy;
};

// Static lists: this runs for every item request.
Style style_of(Operation operation) {
  static constexpr std::string_view kGetExpression[] = {"ProjectionExpression"};
  static constexpr std::string_view kGetLegacy[] = {"AttributesToGet"};
  static constexpr std::string_view kPutExpression[] = {"ConditionExpression"};
  static constexpr std::string_view kPutLegacy[] = {"Expected"};
  static constexpr std::string_view kUpdateExpression[] = {"UpdateExpression",
                                                           "ConditionExpression"};
  static constexpr std::string_view kUpdateLegacy[] = {"AttributeUpdates", "Expected"};
  static constexpr std::string_view kQueryExpression[] = {
      "ProjectionExpression", "FilterExpression", "KeyConditionExpression"};
  static constexpr std::string_view kQueryLegacy[] = {"AttributesToGet", "QueryFilter",
                                                      "ConditionalOperator", "KeyConditions"};
  static constexpr std::string_view kScanExpression[] = {"ProjectionExpression",
                                                         "FilterExpression"};
  static constexpr std::string_view kScanLegacy[] = {"AttributesToGet", "ScanFilter",
                                                     "ConditionalOperator"};
  switch (operation) {
    case Operation::kGetItem:
    case Operation::kBatchGetTable:
      return {kGetExpression, kGetLegacy};
    case Operation::kPutItem:
    case Operation::kDeleteItem:
      return {kPutExpression, kPutLegacy};
    case Operation::kUpdateItem:
      return {kUpdateExpression, kUpdateLegacy};
    case Operation::kQuery:
      return {kQueryExpression, kQueryLegacy};
    case Operation::kScan:
      break;
  }
  return {kScanExpression, kScanLegacy};
}

std::string joined(Names names, std::string_view separator) {
  std::string out;
  for (std::size_t i = 0; i < names.size(); ++i) {
    if (i > 0) out += separator;
    out += names[i];
  }
  return out;
}

}  // namespace

void check_parameter_mix(const json& request, Operation operation) {
  const Style style = style_of(operation);
  auto present = [&](std::string_view name) { return internal::member(request, name) != nullptr; };

  std::vector<std::string_view> expressions_used;
  for (std::string_view name : style.expression) {
    if (present(name)) expressions_used.push_back(name);
  }
  if (!expressions_used.empty()) {
    std::vector<std::string_view> legacy_used;
    for (std::string_view name : style.legacy) {
      // KeyConditions may go with FilterExpression or ProjectionExpression,
      // just not with KeyConditionExpression.
      if (name == "KeyConditions" && !present("KeyConditionExpression")) continue;
      if (present(name)) legacy_used.push_back(name);
    }
    if (!legacy_used.empty()) {
      throw localcloud::errors::validation(
          std::string(messages::kParameterMix) + joined(legacy_used, ", ") +
          "} Expression parameters: {" + joined(expressions_used, ", ") + "}");
    }
  }

  if (present("ExpressionAttributeNames") && expressions_used.empty()) {
    throw localcloud::errors::validation(
        "ExpressionAttributeNames can only be specified when using expressions");
  }

  if (!present("ExpressionAttributeValues")) return;
  // ProjectionExpression takes no values, so it does not license them.
  std::vector<std::string_view> value_expressions;
  for (std::string_view name : style.expression) {
    if (name != "ProjectionExpression") value_expressions.push_back(name);
  }
  if (value_expressions.empty()) return;
  for (std::string_view name : value_expressions) {
    if (present(name)) return;
  }
  throw localcloud::errors::validation(
      "ExpressionAttributeValues can only be specified when using expressions: " +
      joined(value_expressions, " and ") + (value_expressions.size() > 1 ? " are" : " is") +
      " null");
}

}  // namespace localcloud::dynamodb::eval
