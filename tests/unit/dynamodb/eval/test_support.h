// Helpers for the evaluator tests: run real expression text through the
// whole pipeline (parse, resolve with the value checks, evaluate) against
// items written as wire JSON, and render the outcome as one string (the
// resulting item's JSON, "true"/"false", or "error: <AWS message>"), so
// that every test is a table of inputs and expected text.
#pragma once

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "eval/evaluator.h"
#include "expressions/parser.h"
#include "expressions/printer.h"
#include "expressions/resolver.h"
#include "localcloud/core/aws_error.h"
#include "model/attribute_value.h"

namespace localcloud::dynamodb::eval::testing {

// f()'s text, or "error: <message>" for the 400 ValidationException every
// problem here must be.
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

inline model::Item item(std::string_view wire) {
  return model::item_from_json(nlohmann::json::parse(wire));
}

inline std::string render(const model::Item& item) { return model::item_to_json(item).dump(); }

// ExpressionAttributeValues from wire JSON ({":v": {"N": "1"}}).
inline Values values(std::string_view wire) {
  Values out;
  const nlohmann::json parsed = nlohmann::json::parse(wire);
  for (const auto& [key, value] : parsed.items()) {
    out.emplace(key, model::AttributeValue::from_json(value));
  }
  return out;
}

// A Resolver for one request with these names ({"#n": "name"}) and values.
inline expressions::Resolver resolver(std::string_view names_wire, const Values& values) {
  std::vector<std::pair<std::string, std::string>> names;
  const nlohmann::json parsed = nlohmann::json::parse(names_wire);
  for (const auto& [key, value] : parsed.items()) {
    names.emplace_back(key, value.get<std::string>());
  }
  std::vector<std::string> value_keys;
  for (const auto& [key, value] : values) value_keys.push_back(key);
  return expressions::Resolver(std::move(names), std::move(value_keys));
}

// "true" or "false" for `expression` on `item_wire` ("null": no item).
inline std::string condition(
    std::string_view expression, std::string_view item_wire, std::string_view values_wire = "{}",
    std::string_view names = "{}",
    expressions::ExpressionKind kind = expressions::ExpressionKind::kCondition) {
  return outcome([&]() -> std::string {
    const Values bound = values(values_wire);
    expressions::ConditionExpression parsed = expressions::parse_condition(expression, kind);
    expressions::Resolver r = resolver(names, bound);
    r.resolve(parsed, leaf_check(bound, kind));
    if (item_wire == "null") return matches(parsed.root, nullptr, bound) ? "true" : "false";
    const model::Item subject = item(item_wire);
    return matches(parsed.root, &subject, bound) ? "true" : "false";
  });
}

// The item after `expression`, as wire JSON; with `paths`, also the paths
// the update reports writing.
inline std::string update(std::string_view expression, std::string_view item_wire,
                          std::string_view values_wire = "{}", std::string_view names = "{}",
                          std::string* paths = nullptr) {
  return outcome([&]() -> std::string {
    const Values bound = values(values_wire);
    expressions::UpdateExpression parsed = expressions::parse_update(expression);
    expressions::Resolver r = resolver(names, bound);
    r.resolve(parsed);
    check_update_values(parsed, bound);
    model::Item subject = item(item_wire);
    std::vector<expressions::DocumentPath> written = apply_update(parsed, subject, bound);
    if (paths != nullptr) {
      paths->clear();
      for (const expressions::DocumentPath& path : written) {
        if (!paths->empty()) *paths += ", ";
        *paths += expressions::to_string(path);
      }
    }
    return render(subject);
  });
}

// The projection of `item_wire` by `expression`, as wire JSON.
inline std::string projection(std::string_view expression, std::string_view item_wire,
                              std::string_view names = "{}") {
  return outcome([&]() -> std::string {
    expressions::ProjectionExpression parsed = expressions::parse_projection(expression);
    expressions::Resolver r = resolver(names, Values{});
    r.resolve(parsed);
    return render(project(item(item_wire), parsed.paths));
  });
}

}  // namespace localcloud::dynamodb::eval::testing
