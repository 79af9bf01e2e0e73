// ConditionExpression, FilterExpression and KeyConditionExpression (one
// grammar): parse, print and reparse (the canonical text must be stable),
// resolve placeholders, and for key conditions the key-condition analysis
// against a hash + range schema and a hash-only one. Only
// ValidationException may come out.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "expression_support.h"
#include "expressions/key_condition.h"
#include "expressions/parser.h"
#include "expressions/printer.h"

using namespace localcloud;
using namespace localcloud::dynamodb::expressions;

namespace {

void check(std::string_view text, ExpressionKind kind) {
  ConditionExpression expression;
  try {
    expression = parse_condition(text, kind);
  } catch (const AwsError& e) {
    fuzz::require_expression_error(e);
    return;
  }
  std::string printed = to_string(expression);
  if (printed.size() <= kMaxExpressionBytes) {
    std::string again;
    try {
      again = to_string(parse_condition(printed, kind));
    } catch (const AwsError& e) {
      fuzz::require(false, "the canonical text does not parse", printed + " → " + e.message());
    }
    fuzz::require(again == printed, "printing is not stable", printed + " → " + again);
  }
  try {
    auto resolver = fuzz::resolver_for(text);
    resolver.resolve(expression);
    resolver.check_unused();
    if (kind != ExpressionKind::kKeyCondition) return;
    KeyConditions keys = analyze_key_condition(expression);
    (void)to_string(keys);
    try {
      check_key_schema(keys, "pk", "sk");
    } catch (const AwsError& e) {
      fuzz::require_expression_error(e);
    }
    check_key_schema(keys, "pk", std::nullopt);
  } catch (const AwsError& e) {
    fuzz::require_expression_error(e);
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);
  check(text, ExpressionKind::kCondition);
  check(text, ExpressionKind::kKeyCondition);
  return 0;
}
