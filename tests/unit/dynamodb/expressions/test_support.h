// Helpers for the expression tests: run a step of the pipeline and render
// its outcome as one string, the printed AST or "error: <AWS message>", so
// that every test is a table of input and expected text.
#pragma once

#include <gtest/gtest.h>

#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "expressions/key_condition.h"
#include "expressions/parser.h"
#include "expressions/printer.h"
#include "expressions/resolver.h"
#include "localcloud/core/aws_error.h"

namespace localcloud::dynamodb::expressions::testing {

// One request's ExpressionAttributeNames and ExpressionAttributeValues keys.
struct Placeholders {
  std::vector<std::pair<std::string, std::string>> names;
  std::vector<std::string> values;
};

struct Case {
  std::string input;
  std::string expected;
};

// f()'s text, or "error: <message>" for the 400 ValidationException every
// expression error must be.
template <typename F>
std::string outcome(F f) {
  try {
    return f();
  } catch (const AwsError& e) {
    EXPECT_EQ(e.status(), 400) << e.message();
    EXPECT_EQ(e.code(), "ValidationException") << e.message();
    return "error: " + e.message();
  }
}

inline std::string parsed_condition(std::string_view text,
                                    ExpressionKind kind = ExpressionKind::kCondition) {
  return outcome([&] { return to_string(parse_condition(text, kind)); });
}

// Parses and resolves, then checks that every placeholder was used.
inline std::string resolved_condition(std::string_view text, const Placeholders& placeholders,
                                      ExpressionKind kind = ExpressionKind::kCondition) {
  return outcome([&] {
    ConditionExpression expression = parse_condition(text, kind);
    Resolver resolver(placeholders.names, placeholders.values);
    resolver.resolve(expression);
    resolver.check_unused();
    return to_string(expression);
  });
}

inline std::string parsed_update(std::string_view text) {
  return outcome([&] { return to_string(parse_update(text)); });
}

inline std::string resolved_update(std::string_view text, const Placeholders& placeholders) {
  return outcome([&] {
    UpdateExpression update = parse_update(text);
    Resolver resolver(placeholders.names, placeholders.values);
    resolver.resolve(update);
    resolver.check_unused();
    return to_string(update);
  });
}

inline std::string parsed_projection(std::string_view text) {
  return outcome([&] { return to_string(parse_projection(text)); });
}

inline std::string resolved_projection(std::string_view text, const Placeholders& placeholders) {
  return outcome([&] {
    ProjectionExpression projection = parse_projection(text);
    Resolver resolver(placeholders.names, placeholders.values);
    resolver.resolve(projection);
    resolver.check_unused();
    return to_string(projection);
  });
}

// The whole KeyConditionExpression pipeline short of the key schema.
inline std::string key_conditions(std::string_view text, const Placeholders& placeholders) {
  return outcome([&] {
    ConditionExpression expression = parse_condition(text, ExpressionKind::kKeyCondition);
    Resolver resolver(placeholders.names, placeholders.values);
    resolver.resolve(expression);
    KeyConditions analyzed = analyze_key_condition(expression);
    resolver.check_unused();
    return to_string(analyzed);
  });
}

// Placeholders defining every value placeholder in `values` and no names.
inline Placeholders values(std::vector<std::string> values) { return {{}, std::move(values)}; }

}  // namespace localcloud::dynamodb::expressions::testing
