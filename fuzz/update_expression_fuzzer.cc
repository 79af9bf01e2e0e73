// UpdateExpression: parse, print and reparse (the canonical text must be
// stable), then resolve placeholders. Only ValidationException may come out.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "expression_support.h"
#include "expressions/parser.h"
#include "expressions/printer.h"

using namespace localcloud;
using namespace localcloud::dynamodb::expressions;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);
  UpdateExpression update;
  try {
    update = parse_update(text);
  } catch (const AwsError& e) {
    fuzz::require_expression_error(e);
    return 0;
  }
  std::string printed = to_string(update);
  if (printed.size() <= kMaxExpressionBytes) {
    std::string again;
    try {
      again = to_string(parse_update(printed));
    } catch (const AwsError& e) {
      fuzz::require(false, "the canonical text does not parse", printed + " → " + e.message());
    }
    fuzz::require(again == printed, "printing is not stable", printed + " → " + again);
  }
  try {
    auto resolver = fuzz::resolver_for(text);
    resolver.resolve(update);
    resolver.check_unused();
  } catch (const AwsError& e) {
    fuzz::require_expression_error(e);
  }
  return 0;
}
