// KeyConditionExpression: the condition grammar, then AWS's restrictions on
// what a key condition may contain, then the key-schema checks.
#include <string>

#include "test_support.h"

namespace localcloud::dynamodb::expressions {
namespace {

using testing::key_conditions;
using testing::Placeholders;
using testing::values;

std::string invalid(std::string_view detail) {
  return "error: Invalid KeyConditionExpression: " + std::string(detail);
}

struct KeyCase {
  std::string input;
  Placeholders placeholders;
  std::string expected;
};

TEST(KeyCondition, AcceptedShapes) {
  const Placeholders pk_sk = {{{"#pk", "pk"}, {"#sk", "sk"}}, {":pk", ":sk"}};
  const std::vector<KeyCase> cases = {
      {"pk = :p", values({":p"}), "pk = :p"},
      {"pk = :p AND sk = :s", values({":p", ":s"}), "pk = :p AND sk = :s"},
      {"pk = :p AND sk < :s", values({":p", ":s"}), "pk = :p AND sk < :s"},
      {"pk = :p AND sk <= :s", values({":p", ":s"}), "pk = :p AND sk <= :s"},
      {"pk = :p AND sk > :s", values({":p", ":s"}), "pk = :p AND sk > :s"},
      {"pk = :p AND sk >= :s", values({":p", ":s"}), "pk = :p AND sk >= :s"},
      {"pk = :p AND sk BETWEEN :a AND :b", values({":p", ":a", ":b"}),
       "pk = :p AND sk BETWEEN :a AND :b"},
      {"pk = :p AND begins_with(sk, :s)", values({":p", ":s"}), "pk = :p AND begins_with(sk, :s)"},
      // AWS accepts the value first and reads it mirrored (nubo suite, Scylla tests).
      {"#pk = :pk AND :lo <= #sk",
       {{{"#pk", "pk"}, {"#sk", "sk"}}, {":pk", ":lo"}},
       "pk = :pk AND sk >= :lo"},
      {":p=p AND :c<c", values({":p", ":c"}), "p = :p AND c > :c"},
      {":p=p AND :c>=c", values({":p", ":c"}), "p = :p AND c <= :c"},
      {"c = :c AND p = :p", values({":p", ":c"}), "c = :c AND p = :p"},
      {"p=:p AnD c BeTwEeN :c1 aNd :c2", values({":p", ":c1", ":c2"}),
       "p = :p AND c BETWEEN :c1 AND :c2"},
      // AWS: parentheses around each condition or the whole (nubo suite).
      {"(#pk = :pk) AND (#sk = :sk)", pk_sk, "pk = :pk AND sk = :sk"},
      {"(#pk = :pk AND #sk = :sk)", pk_sk, "pk = :pk AND sk = :sk"},
      {"((c=:c) AND (p=:p))", values({":p", ":c"}), "c = :c AND p = :p"},
  };
  for (const KeyCase& c : cases) {
    EXPECT_EQ(key_conditions(c.input, c.placeholders), c.expected) << "input: " << c.input;
  }
}

TEST(KeyCondition, RejectedShapes) {
  const Placeholders abc = values({":a", ":b", ":c", ":p"});
  const std::string one_per_key = invalid(
      "KeyConditionExpressions must only contain one "
      "condition per key");
  const std::string nested = invalid(
      "KeyConditionExpressions cannot have conditions on nested "
      "attributes");
  const std::vector<KeyCase> cases = {
      {"c=:c OR p=:p", values({":p", ":c"}),
       invalid("Invalid operator used in KeyConditionExpression: OR")},
      {"NOT c=:c AND p=:p", values({":p", ":c"}),
       invalid("Invalid operator used in KeyConditionExpression: NOT")},
      {"p=:p AND c IN (:c)", values({":p", ":c"}),
       invalid("Invalid operator used in KeyConditionExpression: IN")},
      {"p=:p AND c<>:c", values({":p", ":c"}),
       invalid("Invalid operator used in KeyConditionExpression: <>")},
      {"p=:p AND attribute_exists(c)", values({":p"}),
       invalid("Invalid operator used in KeyConditionExpression: attribute_exists")},
      {"attribute_not_exists(c)",
       {},
       invalid("Invalid operator used in KeyConditionExpression: attribute_not_exists")},
      {"contains(a.d, :b)", values({":b"}),
       invalid("Invalid operator used in KeyConditionExpression: contains")},
      {"attribute_type(a, :a)", values({":a"}),
       invalid("Invalid operator used in KeyConditionExpression: attribute_type")},
      // The first problem in written order.
      {"a <> :a OR b IN (:b)", abc, invalid("Invalid operator used in KeyConditionExpression: OR")},
      {"a > size(b)", abc, invalid("KeyConditionExpressions cannot contain nested operations")},
      {"size(b) > :a AND a = :b", abc,
       invalid("KeyConditionExpressions cannot contain nested operations")},
      {"b > c.d", abc,
       invalid("Invalid condition in KeyConditionExpression: Multiple attribute names used in "
               "one condition")},
      {"b between c[1] and :d", values({":d"}),
       invalid("Invalid condition in KeyConditionExpression: Multiple attribute names used in "
               "one condition")},
      {"begins_with(a, b)",
       {},
       invalid("Invalid condition in KeyConditionExpression: Multiple attribute names used in "
               "one condition")},
      // AWS: ExtendDB PR #195 and the nubo suite, captured against DynamoDB.
      {"pk.foo = :v", values({":v"}), nested},
      {"pk[0] = :v", values({":v"}), nested},
      {"pk = :p AND begins_with(sk.foo, :v)", values({":p", ":v"}), nested},
      {"#d.foo = :v", {{{"#d", "pk"}}, {":v"}}, nested},
      {":b > :a AND a < :b", abc,
       invalid("Invalid condition in KeyConditionExpression: No key attribute specified")},
      {":a between :b and :c", abc,
       invalid("Invalid condition in KeyConditionExpression: BETWEEN operator must have the "
               "key attribute as its first operand")},
      {"begins_with(:a, b) and a > :b", abc,
       invalid("Invalid condition in KeyConditionExpression: begins_with operator must have "
               "the key attribute as its first operand")},
      {"p=:p AND p=:p", values({":p"}), one_per_key},
      // AWS: nubo suite, exact message.
      {"pk = :p AND sk > :a AND sk < :b", values({":p", ":a", ":b"}), one_per_key},
      {"#a = :p AND a = :b", {{{"#a", "a"}}, {":p", ":b"}}, one_per_key},
  };
  for (const KeyCase& c : cases) {
    EXPECT_EQ(key_conditions(c.input, c.placeholders), c.expected) << "input: " << c.input;
  }
}

TEST(KeyCondition, GrammarErrorsComeFirst) {
  const std::vector<KeyCase> cases = {
      // AWS: nubo conformance suite, Query.
      {"", {}, invalid("The expression can not be empty;")},
      {"((pk = :v))", values({":v"}), invalid("The expression has redundant parentheses;")},
      {"((c=:c) AND ((p=:p)))", values({":c", ":p"}),
       invalid("The expression has redundant parentheses;")},
      {"p=:p AND dog(c, :c)", values({":p", ":c"}),
       invalid("Invalid function name; function: dog")},
      {"p=:p AND BEGINS_WITH(c,:c)", values({":p", ":c"}),
       invalid("Invalid function name; function: BEGINS_WITH")},
      {"p=:p AND c!=:c", values({":p", ":c"}),
       invalid("Syntax error; token: \"!\", near: \"c!=\"")},
      {"p", {}, invalid("Syntax error; token: \"<EOF>\", near: \"p\"")},
      {"p=:p",
       {},
       invalid("An expression attribute value used in expression is not defined; attribute "
               "value: :p")},
      {"#name1=:p AND #name2=:c",
       {{{"#name1", "p"}}, {":p", ":c"}},
       invalid("An expression attribute name used in the document path is not defined; "
               "attribute name: #name2")},
      {"p=:p", values({":p", ":qq"}),
       "error: Value provided in ExpressionAttributeValues unused in expressions: keys: {:qq}"},
  };
  for (const KeyCase& c : cases) {
    EXPECT_EQ(key_conditions(c.input, c.placeholders), c.expected) << "input: " << c.input;
  }
}

TEST(KeyCondition, KeySchema) {
  struct SchemaCase {
    std::string input;
    std::string partition_key;
    std::optional<std::string> sort_key;
    std::string expected;
  };
  const std::vector<SchemaCase> cases = {
      {"pk = :a", "pk", "sk", "ok"},
      {"pk = :a AND sk > :b", "pk", "sk", "ok"},
      {"sk > :b AND pk = :a", "pk", "sk", "ok"},
      {"pk = :a", "pk", std::nullopt, "ok"},
      // AWS: nubo conformance suite, Query.
      {"sk = :a", "pk", "sk", "error: Query condition missed key schema element: pk"},
      {"attr1 = :a", "pk", "sk", "error: Query condition missed key schema element: pk"},
      {"pk = :a AND sk > :b AND extra = :c", "pk", "sk",
       "error: The number of query conditions (3) exceeds the number of key attributes defined "
       "in the schema (2)"},
      {"pk = :a AND sk = :b", "pk", std::nullopt,
       "error: The number of query conditions (2) exceeds the number of key attributes defined "
       "in the schema (1)"},
      {"pk < :a", "pk", "sk", "error: Query key condition not supported"},
      {"begins_with(pk, :a)", "pk", std::nullopt, "error: Query key condition not supported"},
      {"pk = :a AND attr < :b", "pk", "sk", "error: Query condition missed key schema element: sk"},
  };
  for (const SchemaCase& c : cases) {
    const std::string result = testing::outcome([&] {
      ConditionExpression expression = parse_condition(c.input, ExpressionKind::kKeyCondition);
      Resolver resolver({}, {":a", ":b", ":c"});
      resolver.resolve(expression);
      KeyConditions analyzed = analyze_key_condition(expression);
      if (c.sort_key) {
        check_key_schema(analyzed, c.partition_key, std::string_view(*c.sort_key));
      } else {
        check_key_schema(analyzed, c.partition_key, std::nullopt);
      }
      return std::string("ok");
    });
    EXPECT_EQ(result, c.expected) << "input: " << c.input;
  }
}

TEST(KeyCondition, ExposesConditionsForThePlanner) {
  ConditionExpression expression =
      parse_condition(":lo <= #s AND #p = :v", ExpressionKind::kKeyCondition);
  Resolver resolver({{"#p", "pk"}, {"#s", "sk"}}, {":v", ":lo"});
  resolver.resolve(expression);
  const KeyConditions analyzed = analyze_key_condition(expression);
  ASSERT_EQ(analyzed.conditions.size(), 2u);
  const KeyCondition* sort = analyzed.find("sk");
  ASSERT_NE(sort, nullptr);
  EXPECT_EQ(sort->op, KeyCondition::Op::kGreaterOrEqual);
  ASSERT_EQ(sort->values.size(), 1u);
  EXPECT_EQ(sort->values[0].name, ":lo");
  const KeyCondition* partition = analyzed.find("pk");
  ASSERT_NE(partition, nullptr);
  EXPECT_EQ(partition->op, KeyCondition::Op::kEqual);
  EXPECT_EQ(analyzed.find("other"), nullptr);
}

}  // namespace
}  // namespace localcloud::dynamodb::expressions
