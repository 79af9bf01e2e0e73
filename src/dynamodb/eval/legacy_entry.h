// Internal to eval/: one legacy condition (a ComparisonOperator with its
// AttributeValueList), read and checked as AWS checks Expected, QueryFilter,
// ScanFilter and KeyConditions entries: value count, one type across the
// list, the types the operator takes, BETWEEN's bound order (dynalite's
// recorded order and texts).
#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "model/attribute_value.h"

namespace localcloud::dynamodb::eval::internal {

enum class LegacyOp {
  kEq,
  kNe,
  kLe,
  kLt,
  kGe,
  kGt,
  kNotNull,
  kNull,
  kContains,
  kNotContains,
  kBeginsWith,
  kIn,
  kBetween
};

struct LegacyEntry {
  LegacyOp op = LegacyOp::kEq;
  std::string op_name;  // as AWS names it in messages: "EQ", "BEGINS_WITH"...
  std::vector<model::AttributeValue> arguments;
};

// The operator `op` (a JSON string) with the values of `list` (nullptr:
// none), unchecked. Throws for an unknown operator or a bad value.
LegacyEntry read_legacy_entry(const nlohmann::json& op, const nlohmann::json* list);

// Throws AWS's error for the first problem of `entry`.
void check_legacy_entry(const LegacyEntry& entry);

// A QueryFilter, ScanFilter or KeyConditions entry: ComparisonOperator
// (required) and AttributeValueList, read and checked.
LegacyEntry read_filter_entry(const nlohmann::json& spec);

}  // namespace localcloud::dynamodb::eval::internal
