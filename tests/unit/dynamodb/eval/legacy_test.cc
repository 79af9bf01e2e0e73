// The legacy parameters converted to expressions, evaluated on items:
// Expected, QueryFilter/ScanFilter, KeyConditions, AttributeUpdates,
// AttributesToGet, and the refusal of mixed styles. Behaviours follow
// Scylla's test_expected.py (run against AWS); texts are dynalite's recorded
// answers unless a comment says otherwise.
#include "eval/legacy.h"

#include "test_support.h"

namespace localcloud::dynamodb::eval {
namespace {

using nlohmann::json;
using testing::item;
using testing::outcome;
using testing::render;

constexpr std::string_view kItem = R"({
  "a": {"N": "1"}, "s": {"S": "hello"}, "set": {"NS": ["2", "4", "7"]},
  "list": {"L": [{"N": "2"}, {"N": "4"}, {"N": "7"}]}, "bin": {"B": "aGkgdGhlcmU="},
  "b": {"S": "cat"}, "c": {"B": "Y2F0"}
})";

const std::string kInvalid = "error: One or more parameter values were invalid: ";

// "true"/"false" for Expected `wire` on kItem, "none" for no condition.
std::string expected(std::string_view wire, std::string_view conditional_operator = "",
                     std::string_view item_wire = kItem) {
  return outcome([&]() -> std::string {
    const json parsed = json::parse(wire);
    const json op = conditional_operator.empty() ? json() : json(std::string(conditional_operator));
    Values values;
    auto condition = condition_from_expected(parsed.is_null() ? nullptr : &parsed,
                                             op.is_null() ? nullptr : &op, values);
    if (!condition) return "none";
    EXPECT_EQ(condition->kind, expressions::ExpressionKind::kCondition);
    const model::Item subject = item(item_wire);
    return matches(condition->root, &subject, values) ? "true" : "false";
  });
}

std::string filter(std::string_view wire, std::string_view conditional_operator = "") {
  return outcome([&]() -> std::string {
    const json parsed = json::parse(wire);
    const json op = conditional_operator.empty() ? json() : json(std::string(conditional_operator));
    Values values;
    auto condition = condition_from_filter(parsed.is_null() ? nullptr : &parsed,
                                           op.is_null() ? nullptr : &op, values);
    if (!condition) return "none";
    EXPECT_EQ(condition->kind, expressions::ExpressionKind::kFilter);
    const model::Item subject = item(kItem);
    return matches(condition->root, &subject, values) ? "true" : "false";
  });
}

struct Case {
  std::string input;
  std::string expected;
};

TEST(LegacyExpected, ValueAndExists) {
  const std::vector<Case> cases = {
      {R"({"a": {"Value": {"N": "1"}}})", "true"},
      {R"({"a": {"Value": {"N": "2"}}})", "false"},
      {R"({"z": {"Value": {"N": "1"}}})", "false"},
      {R"({"a": {"Value": {"S": "1"}}})", "false"},
      {R"({"a": {"Exists": true, "Value": {"N": "1"}}})", "true"},
      {R"({"a": {"Exists": true, "Value": {"N": "2"}}})", "false"},
      {R"({"z": {"Exists": false}})", "true"},
      {R"({"a": {"Exists": false}})", "false"},
      {R"({"set": {"Value": {"NS": ["7", "4", "2"]}}})", "true"},
      {R"({"a": {"Value": {"N": "1"}, "Exists": null}})", "true"},
      {"{}", "none"},
      {"null", "none"},
      {R"({"a": {"Exists": true}})",
       kInvalid + "Value must be provided when Exists is true for Attribute: a"},
      {R"({"a": {}})", kInvalid + "Value must be provided when Exists is null for Attribute: a"},
      {R"({"a": {"Exists": false, "Value": {"N": "1"}}})",
       kInvalid + "Value cannot be used when Exists is false for Attribute: a"},
      {R"({"a": {"Value": {"N": "1"}, "AttributeValueList": [{"N": "1"}]}})",
       kInvalid + "Value and AttributeValueList cannot be used together for Attribute: a"},
      {R"({"a": {"AttributeValueList": [{"N": "1"}]}})",
       kInvalid + "AttributeValueList can only be used with a ComparisonOperator for Attribute: a"},
      {R"({"a": {"Exists": false, "ComparisonOperator": "EQ", "AttributeValueList": [{"N": "3"}]}})",
       kInvalid + "Exists and ComparisonOperator cannot be used together for Attribute: a"},
      {R"({"a": {"Value": {"N": "abc"}}})",
       "error: The parameter cannot be converted to a numeric value: abc"},
  };
  for (const Case& c : cases) EXPECT_EQ(expected(c.input), c.expected) << c.input;
}

std::string op(std::string_view attribute, std::string_view comparison, std::string_view list) {
  return "{\"" + std::string(attribute) + "\": {\"ComparisonOperator\": \"" +
         std::string(comparison) + "\", \"AttributeValueList\": " + std::string(list) + "}}";
}

TEST(LegacyExpected, ComparisonOperators) {
  const std::vector<Case> cases = {
      {op("a", "EQ", R"([{"N": "1"}])"), "true"},
      {op("a", "EQ", R"([{"S": "1"}])"), "false"},
      {op("set", "EQ", R"([{"NS": ["4", "7", "2"]}])"), "true"},
      {op("list", "EQ", R"([{"L": [{"N": "2"}, {"N": "4"}, {"N": "7"}]}])"), "true"},
      {op("a", "NE", R"([{"N": "2"}])"), "true"},
      {op("a", "NE", R"([{"S": "1"}])"), "true"},
      {op("z", "NE", R"([{"N": "1"}])"), "true"},  // a missing attribute is "not equal"
      {op("a", "NE", R"([{"N": "1"}])"), "false"},
      {op("a", "LE", R"([{"N": "1"}])"), "true"},
      {op("a", "LE", R"([{"N": "0"}])"), "false"},
      {op("b", "LE", R"([{"S": "dog"}])"), "true"},
      {op("c", "LE", R"([{"B": "ZG9n"}])"), "true"},
      {op("a", "LE", R"([{"S": "1"}])"), "false"},
      {op("a", "LT", R"([{"N": "2"}])"), "true"},
      {op("a", "LT", R"([{"N": "1"}])"), "false"},
      {op("b", "LT", R"([{"S": "aardvark"}])"), "false"},
      {op("a", "GE", R"([{"N": "1"}])"), "true"},
      {op("a", "GT", R"([{"N": "1"}])"), "false"},
      {op("b", "GT", R"([{"S": "aardvark"}])"), "true"},
      {op("z", "GT", R"([{"N": "0"}])"), "false"},
      {op("a", "NOT_NULL", "[]"), "true"},
      {op("z", "NOT_NULL", "[]"), "false"},
      {op("z", "NULL", "[]"), "true"},
      {op("a", "NULL", "[]"), "false"},
      {R"({"a": {"ComparisonOperator": "NOT_NULL"}})", "true"},
      {op("s", "CONTAINS", R"([{"S": "ell"}])"), "true"},
      {op("set", "CONTAINS", R"([{"N": "4"}])"), "true"},
      {op("list", "CONTAINS", R"([{"N": "4"}])"), "true"},
      {op("bin", "CONTAINS", R"([{"B": "aGVyZQ=="}])"), "true"},
      {op("s", "CONTAINS", R"([{"S": "dog"}])"), "false"},
      {op("s", "CONTAINS", R"([{"N": "1"}])"), "false"},
      {op("set", "CONTAINS", R"([{"N": "1"}])"), "false"},
      {op("z", "CONTAINS", R"([{"N": "1"}])"), "false"},
      {op("s", "NOT_CONTAINS", R"([{"S": "dog"}])"), "true"},
      {op("s", "NOT_CONTAINS", R"([{"N": "1"}])"), "true"},
      {op("set", "NOT_CONTAINS", R"([{"N": "1"}])"), "true"},
      {op("list", "NOT_CONTAINS", R"([{"N": "1"}])"), "true"},
      {op("bin", "NOT_CONTAINS", R"([{"B": "ZG9n"}])"), "true"},
      {op("s", "NOT_CONTAINS", R"([{"S": "ell"}])"), "false"},
      {op("set", "NOT_CONTAINS", R"([{"N": "4"}])"), "false"},
      // Unlike NE, NOT_CONTAINS is false on a missing attribute.
      {op("z", "NOT_CONTAINS", R"([{"N": "1"}])"), "false"},
      {op("s", "BEGINS_WITH", R"([{"S": "hell"}])"), "true"},
      {op("bin", "BEGINS_WITH", R"([{"B": "aGk="}])"), "true"},
      {op("s", "BEGINS_WITH", R"([{"S": "dog"}])"), "false"},
      {op("a", "BEGINS_WITH", R"([{"S": "1"}])"), "false"},
      {op("a", "IN", R"([{"N": "3"}, {"N": "1"}, {"N": "8"}])"), "true"},
      {op("a", "IN", R"([{"N": "2"}, {"N": "4"}])"), "false"},
      {op("set", "IN", R"([{"N": "2"}])"), "false"},
      {op("a", "BETWEEN", R"([{"N": "1"}, {"N": "3"}])"), "true"},
      {op("a", "BETWEEN", R"([{"N": "0"}, {"N": "1"}])"), "true"},
      {op("a", "BETWEEN", R"([{"N": "2"}, {"N": "3"}])"), "false"},
      {op("b", "BETWEEN", R"([{"S": "aardvark"}, {"S": "dog"}])"), "true"},
      {op("z", "BETWEEN", R"([{"N": "0"}, {"N": "100"}])"), "false"},
      // Value may stand for a one-element list.
      {R"({"a": {"ComparisonOperator": "EQ", "Value": {"N": "1"}}})", "true"},
  };
  for (const Case& c : cases) EXPECT_EQ(expected(c.input), c.expected) << c.input;
}

TEST(LegacyExpected, ArgumentChecks) {
  const std::vector<Case> cases = {
      {op("a", "EQ", R"([{"N": "2"}, {"N": "3"}])"),
       kInvalid + "Invalid number of argument(s) for the EQ ComparisonOperator"},
      {op("a", "NE", "[]"),
       kInvalid + "Invalid number of argument(s) for the NE ComparisonOperator"},
      {op("a", "NULL", R"([{"N": "2"}])"),
       kInvalid + "Invalid number of argument(s) for the NULL ComparisonOperator"},
      {op("a", "IN", "[]"),
       kInvalid + "Invalid number of argument(s) for the IN ComparisonOperator"},
      {op("a", "BETWEEN", R"([{"N": "2"}])"),
       kInvalid + "Invalid number of argument(s) for the BETWEEN ComparisonOperator"},
      {op("a", "CONTAINS", "[]"),
       kInvalid + "Invalid number of argument(s) for the CONTAINS ComparisonOperator"},
      {op("a", "IN", R"([{"N": "3"}, {"S": "dog"}])"),
       kInvalid + "AttributeValues inside AttributeValueList must be of same type"},
      {op("a", "BETWEEN", R"([{"N": "4"}, {"S": "dog"}])"),
       kInvalid + "AttributeValues inside AttributeValueList must be of same type"},
      {op("a", "BETWEEN", R"([{"N": "4"}, {"N": "3"}])"),
       "error: The BETWEEN condition was provided a range where the lower bound is greater than "
       "the upper bound"},
      {op("b", "BETWEEN", R"([{"S": "dog"}, {"S": "aardvark"}])"),
       "error: The BETWEEN condition was provided a range where the lower bound is greater than "
       "the upper bound"},
      {op("a", "CONTAINS", R"([{"L": [{"N": "1"}]}])"),
       kInvalid + "ComparisonOperator CONTAINS is not valid for L AttributeValue type"},
      {op("a", "NOT_CONTAINS", R"([{"L": [{"N": "1"}]}])"),
       kInvalid + "ComparisonOperator NOT_CONTAINS is not valid for L AttributeValue type"},
      {op("a", "BEGINS_WITH", R"([{"N": "3"}])"),
       kInvalid + "ComparisonOperator BEGINS_WITH is not valid for N AttributeValue type"},
      {op("a", "IN", R"([{"L": [{"N": "1"}]}, {"L": [{"N": "2"}]}])"),
       kInvalid + "ComparisonOperator IN is not valid for L AttributeValue type"},
      {op("set", "BETWEEN", R"([{"NS": ["1"]}, {"NS": ["2"]}])"),
       kInvalid + "ComparisonOperator BETWEEN is not valid for NS AttributeValue type"},
      {op("a", "GT", R"([{"BOOL": true}])"),
       kInvalid + "ComparisonOperator GT is not valid for BOOL AttributeValue type"},
      {R"({"a": {"ComparisonOperator": "EQ"}})",
       kInvalid +
           "Value or AttributeValueList must be used with ComparisonOperator: EQ for Attribute: a"},
  };
  for (const Case& c : cases) EXPECT_EQ(expected(c.input), c.expected) << c.input;
}

TEST(LegacyExpected, ConditionalOperator) {
  const std::string three =
      R"({"a": {"Exists": true, "Value": {"N": "1"}},
          "b": {"ComparisonOperator": "EQ", "AttributeValueList": [{"S": "cat"}]},
          "c": {"Exists": false}})";
  const std::string one_true =
      R"({"a": {"Value": {"N": "74"}}, "b": {"ComparisonOperator": "EQ", "AttributeValueList": [{"S": "x"}]},
          "z": {"Exists": false}})";
  const std::string none_true =
      R"({"a": {"Value": {"N": "74"}}, "b": {"ComparisonOperator": "EQ", "AttributeValueList": [{"S": "x"}]}})";
  EXPECT_EQ(expected(three), "false");  // c exists, so AND fails
  EXPECT_EQ(expected(three, "AND"), "false");
  EXPECT_EQ(expected(three, "OR"), "true");
  EXPECT_EQ(expected(one_true, "OR"), "true");
  EXPECT_EQ(expected(one_true), "false");
  EXPECT_EQ(expected(none_true, "OR"), "false");
  EXPECT_EQ(expected(R"({"a": {"Value": {"N": "1"}}, "s": {"Value": {"S": "hello"}}})"), "true");
  // Captured against DynamoDB (paritysuite, 2026-10).
  EXPECT_EQ(expected(R"({"a": {"Value": {"N": "1"}}})", "OR"),
            "error: ConditionalOperator can only be used when Filter or Expected has two or more "
            "elements");
  EXPECT_EQ(expected("{}", "AND"),
            "error: ConditionalOperator can only be used when Filter or Expected has two or more "
            "elements");
  EXPECT_EQ(expected("null", "OR"),
            "error: ConditionalOperator cannot be used without Filter or Expected");
}

TEST(LegacyExpected, PlaceholdersAreFresh) {
  Values values = testing::values(R"({":legacy0": {"S": "taken"}})");
  const json wire = json::parse(R"({"a": {"Value": {"N": "1"}}, "b": {"Value": {"S": "cat"}}})");
  auto condition = condition_from_expected(&wire, nullptr, values);
  ASSERT_TRUE(condition);
  EXPECT_EQ(expressions::to_string(*condition), "(a = :legacy1) AND (b = :legacy2)");
  EXPECT_EQ(values.size(), 3u);
  EXPECT_EQ(values.at(":legacy0").as_string(), "taken");
}

TEST(LegacyExpected, NamesAreLiteral) {
  const std::string wire = R"({"a.b": {"Value": {"S": "x"}}, "size": {"Exists": false}})";
  EXPECT_EQ(expected(wire, "", R"({"a.b": {"S": "x"}})"), "true");
  EXPECT_EQ(expected(wire, "", R"({"a": {"M": {"b": {"S": "x"}}}})"), "false");
}

TEST(LegacyFilter, Operators) {
  const std::vector<Case> cases = {
      {op("a", "EQ", R"([{"N": "1"}])"), "true"},
      {op("s", "BEGINS_WITH", R"([{"S": "he"}])"), "true"},
      {op("z", "NOT_CONTAINS", R"([{"S": "he"}])"), "false"},
      {op("z", "NULL", "[]"), "true"},
      {op("a", "IN", R"([{"N": "1"}])"), "true"},
      {R"({"a": {"ComparisonOperator": "NOT_NULL"}})", "true"},
      {R"({"a": {"ComparisonOperator": "EQ"}})",
       kInvalid + "Invalid number of argument(s) for the EQ ComparisonOperator"},
      {R"({"a": {"AttributeValueList": [{"N": "1"}]}})",
       "error: 1 validation error detected: Value null at 'comparisonOperator' failed to satisfy "
       "constraint: Member must not be null"},
      {op("a", "LT", R"([{"SS": ["x"]}])"),
       kInvalid + "ComparisonOperator LT is not valid for SS AttributeValue type"},
      {"{}", "none"},
  };
  for (const Case& c : cases) EXPECT_EQ(filter(c.input), c.expected) << c.input;
  const std::string two = R"({"a": {"ComparisonOperator": "EQ", "AttributeValueList": [{"N": "1"}]},
                              "s": {"ComparisonOperator": "EQ", "AttributeValueList": [{"S": "x"}]}})";
  EXPECT_EQ(filter(two), "false");
  EXPECT_EQ(filter(two, "OR"), "true");
  EXPECT_EQ(filter(op("a", "EQ", R"([{"N": "1"}])"), "AND"),
            "error: ConditionalOperator can only be used when Filter or Expected has two or more "
            "elements");
  EXPECT_EQ(filter("null", "AND"),
            "error: ConditionalOperator cannot be used without Filter or Expected");
}

std::string key_conditions(std::string_view wire) {
  return outcome([&]() -> std::string {
    Values values;
    expressions::KeyConditions conditions = key_conditions_from_legacy(json::parse(wire), values);
    std::string out = expressions::to_string(conditions);
    for (const expressions::KeyCondition& condition : conditions.conditions) {
      for (const expressions::ValueRef& ref : condition.values) {
        out += " " + ref.name + "=" + values.at(ref.name).to_json().dump();
      }
    }
    return out;
  });
}

TEST(LegacyKeyConditions, Conversion) {
  const std::vector<Case> cases = {
      {op("pk", "EQ", R"([{"S": "x"}])"), R"(pk = :legacy0 :legacy0={"S":"x"})"},
      {R"({"pk": {"ComparisonOperator": "EQ", "AttributeValueList": [{"S": "x"}]},
           "sk": {"ComparisonOperator": "BETWEEN", "AttributeValueList": [{"N": "1"}, {"N": "5"}]}})",
       R"(pk = :legacy0 AND sk BETWEEN :legacy1 AND :legacy2 :legacy0={"S":"x"} :legacy1={"N":"1"} :legacy2={"N":"5"})"},
      {R"({"pk": {"ComparisonOperator": "EQ", "AttributeValueList": [{"S": "x"}]},
           "sk": {"ComparisonOperator": "BEGINS_WITH", "AttributeValueList": [{"S": "ab"}]}})",
       R"(pk = :legacy0 AND begins_with(sk, :legacy1) :legacy0={"S":"x"} :legacy1={"S":"ab"})"},
      {op("sk", "GE", R"([{"N": "1"}])"), R"(sk >= :legacy0 :legacy0={"N":"1"})"},
      {op("sk", "LT", R"([{"N": "1"}])"), R"(sk < :legacy0 :legacy0={"N":"1"})"},
      {"{}", "error: Conditions can be of length 1 or 2 only"},
      {R"({"a": {"ComparisonOperator": "EQ", "AttributeValueList": [{"S": "x"}]},
           "b": {"ComparisonOperator": "EQ", "AttributeValueList": [{"S": "x"}]},
           "c": {"ComparisonOperator": "EQ", "AttributeValueList": [{"S": "x"}]}})",
       "error: Conditions can be of length 1 or 2 only"},
      {op("pk", "IN", R"([{"S": "x"}])"),
       "error: Attempted conditional constraint is not an indexable operation"},
      {op("pk", "NE", R"([{"S": "x"}])"),
       "error: Attempted conditional constraint is not an indexable operation"},
      {op("pk", "NOT_NULL", "[]"),
       "error: Attempted conditional constraint is not an indexable operation"},
      {op("pk", "EQ", R"([{"S": "x"}, {"S": "y"}])"),
       kInvalid + "Invalid number of argument(s) for the EQ ComparisonOperator"},
      {op("sk", "BETWEEN", R"([{"N": "5"}, {"N": "1"}])"),
       "error: The BETWEEN condition was provided a range where the lower bound is greater than "
       "the upper bound"},
  };
  for (const Case& c : cases) EXPECT_EQ(key_conditions(c.input), c.expected) << c.input;
}

// The item after AttributeUpdates `wire`, applied as AWS applies them.
std::string attribute_updates(std::string_view wire, std::string_view item_wire) {
  return outcome([&]() -> std::string {
    Values values;
    expressions::UpdateExpression update = update_from_attribute_updates(json::parse(wire), values);
    model::Item subject = item(item_wire);
    apply_update(update, subject, values, UpdateDialect::kAttributeUpdates);
    return render(subject);
  });
}

TEST(LegacyAttributeUpdates, Actions) {
  const std::string base =
      R"({"n": {"N": "5"}, "s": {"S": "x"}, "ss": {"SS": ["a", "b"]}, "l": {"L": [{"N": "1"}]}})";
  const std::vector<Case> cases = {
      {R"({"n": {"Action": "PUT", "Value": {"S": "new"}}})",
       R"({"l":{"L":[{"N":"1"}]},"n":{"S":"new"},"s":{"S":"x"},"ss":{"SS":["a","b"]}})"},
      {R"({"z": {"Value": {"N": "1"}}})",  // PUT is the default
       R"({"l":{"L":[{"N":"1"}]},"n":{"N":"5"},"s":{"S":"x"},"ss":{"SS":["a","b"]},"z":{"N":"1"}})"},
      {R"({"s": {"Action": "DELETE"}, "q": {"Action": "DELETE"}})",
       R"({"l":{"L":[{"N":"1"}]},"n":{"N":"5"},"ss":{"SS":["a","b"]}})"},
      {R"({"ss": {"Action": "DELETE", "Value": {"SS": ["a"]}}})",
       R"({"l":{"L":[{"N":"1"}]},"n":{"N":"5"},"s":{"S":"x"},"ss":{"SS":["b"]}})"},
      {R"({"ss": {"Action": "DELETE", "Value": {"SS": ["a", "b"]}}})",
       R"({"l":{"L":[{"N":"1"}]},"n":{"N":"5"},"s":{"S":"x"}})"},
      {R"({"n": {"Action": "ADD", "Value": {"N": "-7.5"}}})",
       R"({"l":{"L":[{"N":"1"}]},"n":{"N":"-2.5"},"s":{"S":"x"},"ss":{"SS":["a","b"]}})"},
      {R"({"ss": {"Action": "ADD", "Value": {"SS": ["c", "a"]}}})",
       R"({"l":{"L":[{"N":"1"}]},"n":{"N":"5"},"s":{"S":"x"},"ss":{"SS":["a","b","c"]}})"},
      // AttributeUpdates may ADD to a list: the values are appended.
      {R"({"l": {"Action": "ADD", "Value": {"L": [{"N": "1"}, {"S": "two"}]}}})",
       R"({"l":{"L":[{"N":"1"},{"N":"1"},{"S":"two"}]},"n":{"N":"5"},"s":{"S":"x"},"ss":{"SS":["a","b"]}})"},
      {R"({"new": {"Action": "ADD", "Value": {"L": [{"N": "1"}]}}, "cnt": {"Action": "ADD", "Value": {"N": "1"}}})",
       R"({"cnt":{"N":"1"},"l":{"L":[{"N":"1"}]},"n":{"N":"5"},"new":{"L":[{"N":"1"}]},"s":{"S":"x"},"ss":{"SS":["a","b"]}})"},
      {"{}", R"({"l":{"L":[{"N":"1"}]},"n":{"N":"5"},"s":{"S":"x"},"ss":{"SS":["a","b"]}})"},
      {R"({"s": {"Action": "ADD", "Value": {"N": "1"}}})",
       "error: Type mismatch for attribute to update"},
      {R"({"ss": {"Action": "ADD", "Value": {"NS": ["1"]}}})",
       "error: Type mismatch for attribute to update"},
      {R"({"n": {"Action": "DELETE", "Value": {"NS": ["5"]}}})",
       "error: Type mismatch for attribute to update"},
      {R"({"l": {"Action": "ADD", "Value": {"SS": ["a"]}}})",
       "error: Type mismatch for attribute to update"},
      {R"({"s": {"Action": "PUT"}})",
       kInvalid + "Only DELETE action is allowed when no attribute value is specified"},
      {R"({"s": {"Action": "ADD"}})",
       kInvalid + "Only DELETE action is allowed when no attribute value is specified"},
      {R"({"s": {"Action": "DELETE", "Value": {"S": "x"}}})",
       kInvalid + "DELETE action with value is not supported for the type S"},
      {R"({"s": {"Action": "DELETE", "Value": {"L": []}}})",
       kInvalid + "DELETE action with value is not supported for the type L"},
      {R"({"s": {"Action": "ADD", "Value": {"S": "y"}}})",
       kInvalid + "ADD action is not supported for the type S"},
      {R"({"s": {"Action": "ADD", "Value": {"M": {}}}})",
       kInvalid + "ADD action is not supported for the type M"},
      {R"({"s": {"Action": "ADD", "Value": {"BOOL": true}}})",
       kInvalid + "ADD action is not supported for the type BOOL"},
  };
  for (const Case& c : cases) EXPECT_EQ(attribute_updates(c.input, base), c.expected) << c.input;
}

TEST(LegacyAttributeUpdates, ReportsWrittenAttributes) {
  Values values;
  const json wire = json::parse(R"({"a.b": {"Value": {"N": "1"}}, "gone": {"Action": "DELETE"}})");
  expressions::UpdateExpression update = update_from_attribute_updates(wire, values);
  EXPECT_EQ(expressions::to_string(update), "SET `a.b` = :legacy0 REMOVE gone");
  model::Item subject = item(R"({"gone": {"N": "1"}})");
  std::vector<expressions::DocumentPath> written =
      apply_update(update, subject, values, UpdateDialect::kAttributeUpdates);
  EXPECT_EQ(render(project(subject, written)), R"({"a.b":{"N":"1"}})");
}

std::string attributes_to_get(std::string_view wire) {
  return outcome([&]() -> std::string {
    expressions::ProjectionExpression projection =
        projection_from_attributes_to_get(json::parse(wire));
    return render(
        project(item(R"({"a": {"N": "1"}, "a.b": {"N": "2"}, "b": {"M": {"c": {"N": "3"}}}})"),
                projection.paths));
  });
}

TEST(LegacyAttributesToGet, TopLevelNames) {
  EXPECT_EQ(attributes_to_get(R"(["a"])"), R"({"a":{"N":"1"}})");
  EXPECT_EQ(attributes_to_get(R"(["a.b", "b"])"), R"({"a.b":{"N":"2"},"b":{"M":{"c":{"N":"3"}}}})");
  EXPECT_EQ(attributes_to_get(R"(["zz"])"), "{}");
  EXPECT_EQ(attributes_to_get(R"(["a", "b", "a"])"),
            kInvalid + "Duplicate value in attribute name: a");
}

std::string mix(std::string_view request, Operation operation) {
  return outcome([&]() -> std::string {
    check_parameter_mix(json::parse(request), operation);
    return "ok";
  });
}

TEST(ParameterMix, ExpressionAndLegacyParametersDoNotMix) {
  const std::string both =
      "error: Can not use both expression and non-expression parameters in "
      "the same request: Non-expression parameters: {";
  // Captured against DynamoDB (paritysuite, tests/tier3/error-messages/updateItem).
  EXPECT_EQ(
      mix(R"({"UpdateExpression": "SET a = :v", "AttributeUpdates": {}})", Operation::kUpdateItem),
      both + "AttributeUpdates} Expression parameters: {UpdateExpression}");
  EXPECT_EQ(
      mix(R"({"UpdateExpression": "x", "ConditionExpression": "y", "Expected": {}, "AttributeUpdates": {}})",
          Operation::kUpdateItem),
      both +
          "AttributeUpdates, Expected} Expression parameters: {UpdateExpression, "
          "ConditionExpression}");
  EXPECT_EQ(mix(R"({"ConditionExpression": "x", "Expected": {}})", Operation::kPutItem),
            both + "Expected} Expression parameters: {ConditionExpression}");
  EXPECT_EQ(mix(R"({"ConditionExpression": "x", "Expected": {}})", Operation::kDeleteItem),
            both + "Expected} Expression parameters: {ConditionExpression}");
  EXPECT_EQ(mix(R"({"ProjectionExpression": "a", "AttributesToGet": ["b"]})", Operation::kGetItem),
            both + "AttributesToGet} Expression parameters: {ProjectionExpression}");
  EXPECT_EQ(
      mix(R"({"ProjectionExpression": "a", "AttributesToGet": ["b"]})", Operation::kBatchGetTable),
      both + "AttributesToGet} Expression parameters: {ProjectionExpression}");
  EXPECT_EQ(mix(R"({"FilterExpression": "a = :v", "ScanFilter": {}, "ConditionalOperator": "OR"})",
                Operation::kScan),
            both + "ScanFilter, ConditionalOperator} Expression parameters: {FilterExpression}");
  EXPECT_EQ(
      mix(R"({"KeyConditionExpression": "p = :v", "ProjectionExpression": "a", "KeyConditions": {},
                   "QueryFilter": {}})",
          Operation::kQuery),
      both +
          "QueryFilter, KeyConditions} Expression parameters: {ProjectionExpression, "
          "KeyConditionExpression}");
}

TEST(ParameterMix, AllowedCombinations) {
  EXPECT_EQ(
      mix(R"({"KeyConditions": {}, "FilterExpression": "a = :v", "ExpressionAttributeValues": {}})",
          Operation::kQuery),
      "ok");
  EXPECT_EQ(mix(R"({"KeyConditions": {}, "ProjectionExpression": "a"})", Operation::kQuery), "ok");
  EXPECT_EQ(mix(R"({"Expected": {}, "AttributeUpdates": {}, "ConditionalOperator": "OR"})",
                Operation::kUpdateItem),
            "ok");
  EXPECT_EQ(mix(R"({"ConditionExpression": "x", "Expected": null})", Operation::kPutItem), "ok");
  // GetItem's only expression takes no values; unused values are reported later.
  EXPECT_EQ(mix(R"({"ExpressionAttributeValues": {":v": {"S": "x"}}})", Operation::kGetItem), "ok");
  EXPECT_EQ(mix(R"({"ExpressionAttributeNames": {"#a": "a"}, "ProjectionExpression": "#a"})",
                Operation::kGetItem),
            "ok");
}

TEST(ParameterMix, PlaceholderMapsNeedExpressions) {
  EXPECT_EQ(mix(R"({"ExpressionAttributeNames": {"#a": "a"}})", Operation::kPutItem),
            "error: ExpressionAttributeNames can only be specified when using expressions");
  EXPECT_EQ(mix(R"({"ExpressionAttributeNames": {"#a": "a"}, "AttributesToGet": ["a"]})",
                Operation::kGetItem),
            "error: ExpressionAttributeNames can only be specified when using expressions");
  EXPECT_EQ(mix(R"({"ExpressionAttributeValues": {":v": {"S": "x"}}})", Operation::kPutItem),
            "error: ExpressionAttributeValues can only be specified when using expressions: "
            "ConditionExpression is null");
  EXPECT_EQ(mix(R"({"ExpressionAttributeValues": {":v": {"S": "x"}}})", Operation::kUpdateItem),
            "error: ExpressionAttributeValues can only be specified when using expressions: "
            "UpdateExpression and ConditionExpression are null");
  EXPECT_EQ(mix(R"({"ExpressionAttributeValues": {":v": {"S": "x"}}, "ProjectionExpression": "a"})",
                Operation::kScan),
            "error: ExpressionAttributeValues can only be specified when using expressions: "
            "FilterExpression is null");
  EXPECT_EQ(mix(R"({"ExpressionAttributeValues": {":v": {"S": "x"}}, "KeyConditions": {}})",
                Operation::kQuery),
            "error: ExpressionAttributeValues can only be specified when using expressions: "
            "FilterExpression and KeyConditionExpression are null");
}

}  // namespace
}  // namespace localcloud::dynamodb::eval
