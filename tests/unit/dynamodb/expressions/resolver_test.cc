// Resolution of ExpressionAttributeNames/Values and the checks that need
// them, for condition and update expressions, across one request.
#include <string>

#include "test_support.h"

namespace localcloud::dynamodb::expressions {
namespace {

using testing::Placeholders;
using testing::resolved_condition;
using testing::resolved_update;
using testing::values;

struct ResolveCase {
  std::string input;
  Placeholders placeholders;
  std::string expected;
};

std::string filter_error(std::string_view detail) {
  return "error: Invalid FilterExpression: " + std::string(detail);
}

std::string update_error(std::string_view detail) {
  return "error: Invalid UpdateExpression: " + std::string(detail);
}

std::string operand_count(std::string_view function, int count) {
  return "Incorrect number of operands for operator or function; operator or function: " +
         std::string(function) + ", number of operands: " + std::to_string(count);
}

std::string not_distinct(std::string_view op, std::string_view path) {
  return "The first operand must be distinct from the remaining operands for this operator or "
         "function; operator: " +
         std::string(op) + ", first operand: " + std::string(path);
}

TEST(Resolver, ConditionNamesAndValues) {
  const std::vector<ResolveCase> cases = {
      {"#a = :v", {{{"#a", "a"}}, {":v"}}, "a = :v"},
      {"#n.#m[1] = :v", {{{"#n", "x"}, {"#m", "y.z"}}, {":v"}}, "x.`y.z`[1] = :v"},
      {"#n = :v AND #n <> :w",
       {{{"#n", "status"}}, {":v", ":w"}},
       "(status = :v) AND (status <> :w)"},
      {"attribute_exists(#weird)",
       {{{"#weird", "3can include any character!.#="}}, {}},
       "attribute_exists(`3can include any character!.#=`)"},
      {":a > :a", values({":a"}), ":a > :a"},
      // AWS: nubo conformance suite, Query FilterExpression.
      {"#missing = :fv", values({":fv"}),
       filter_error("An expression attribute name used in the document path is not defined; "
                    "attribute name: #missing")},
      {"(#P between :lo and :hi) and (#PC in (:cat1, :cat2))",
       {{{"#PC", "pc"}}, {":lo", ":hi", ":cat1", ":cat2"}},
       filter_error("An expression attribute name used in the document path is not defined; "
                    "attribute name: #P")},
      {":a < :b",
       {},
       filter_error("An expression attribute value used in expression is not defined; attribute "
                    "value: :a")},
      // The first undefined placeholder in written order, name or value.
      {"begins_with(:hello, #a, #b)",
       {},
       filter_error("An expression attribute value used in expression is not defined; attribute "
                    "value: :hello")},
      // Names and values come before the operand count of the same condition.
      {"attribute_exists(#Pictures.RearView, :a) and a=a",
       {},
       filter_error("An expression attribute name used in the document path is not defined; "
                    "attribute name: #Pictures")},
  };
  for (const ResolveCase& c : cases) {
    EXPECT_EQ(resolved_condition(c.input, c.placeholders, ExpressionKind::kFilter), c.expected)
        << "input: " << c.input;
  }
}

TEST(Resolver, ConditionOperandChecks) {
  const Placeholders a_is_a = {{{"#a", "a"}}, {}};
  const std::vector<ResolveCase> cases = {
      // AWS: dynalite's recorded expectations, one condition at a time.
      {"attribute_exists(things, a) and a=a",
       {},
       filter_error(operand_count("attribute_exists", 2))},
      {"attribute_not_exists(things, b)",
       {},
       filter_error(operand_count("attribute_not_exists", 2))},
      {"attribute_type(things)", {}, filter_error(operand_count("attribute_type", 1))},
      {"begins_with(things)", {}, filter_error(operand_count("begins_with", 1))},
      {"begins_with(things, size(a), b)", {}, filter_error(operand_count("begins_with", 3))},
      {"contains(things)", {}, filter_error(operand_count("contains", 1))},
      {"size(things, a) > b", {}, filter_error(operand_count("size", 2))},
      {"size(size(a, b)) > c", {}, filter_error(operand_count("size", 2))},
      {"a = a AND #a = b AND :views > a", a_is_a, filter_error(not_distinct("=", "[a]"))},
      {"#a <> a", a_is_a, filter_error(not_distinct("<>", "[a]"))},
      {"a > #a", a_is_a, filter_error(not_distinct(">", "[a]"))},
      {"((a=a) OR (a=a))", {}, filter_error(not_distinct("=", "[a]"))},
      {"contains(ab.bc[1].a, ab.bc[1].#a)", a_is_a,
       filter_error(not_distinct("contains", "[ab, bc, [1], a]"))},
      {"attribute_type(ab.bc[1].#a, ab.bc[1].a)", a_is_a,
       filter_error(not_distinct("attribute_type", "[ab, bc, [1], a]"))},
      {"begins_with(ab.bc[1].a, ab.bc[1].#a)", a_is_a,
       filter_error(not_distinct("begins_with", "[ab, bc, [1], a]"))},
      // AWS: nubo conformance suite, PutItem.
      {"contains(#a, #a)",
       {{{"#a", "data"}}, {}},
       filter_error(not_distinct("contains", "[data]"))},
      {"a.b = a.c", {}, "a.b = a.c"},
      {"attribute_exists(:a) and a=a", values({":a"}),
       filter_error("Operator or function requires a document path; operator or function: "
                    "attribute_exists")},
      {"attribute_not_exists(size(:a))", values({":a"}),
       filter_error("Operator or function requires a document path; operator or function: "
                    "attribute_not_exists")},
  };
  for (const ResolveCase& c : cases) {
    EXPECT_EQ(resolved_condition(c.input, c.placeholders, ExpressionKind::kFilter), c.expected)
        << "input: " << c.input;
  }
}

TEST(Resolver, InListLimit) {
  auto in_list = [](int count) {
    std::string text = "a IN (";
    for (int i = 0; i < count; ++i) text += (i == 0 ? ":v" : ", :v");
    return text + ")";
  };
  const Placeholders v = values({":v"});
  EXPECT_EQ(resolved_condition(in_list(100), v).substr(0, 12), "a IN (:v, :v");
  EXPECT_EQ(resolved_condition(in_list(101), v),
            "error: Invalid ConditionExpression: The IN operator is provided with too many "
            "operands; number of operands: 101");
}

TEST(Resolver, LeafCheckRunsInWrittenOrder) {
  ConditionExpression expression =
      parse_condition("a = :x AND (b = :y OR c = :z)", ExpressionKind::kFilter);
  Resolver resolver({}, {":x", ":y", ":z"});
  std::vector<std::string> seen;
  const std::string message = testing::outcome([&] {
    resolver.resolve(expression, [&](const Condition& leaf) -> std::optional<std::string> {
      seen.push_back(to_string(leaf));
      if (seen.size() == 2) return "Incorrect operand type for operator or function; operator: =";
      return std::nullopt;
    });
    return std::string("resolved");
  });
  EXPECT_EQ(seen, (std::vector<std::string>{"a = :x", "b = :y"}));
  EXPECT_EQ(message,
            "error: Invalid FilterExpression: Incorrect operand type for operator or function; "
            "operator: =");
}

TEST(Resolver, UpdateResolution) {
  const std::vector<ResolveCase> cases = {
      {"SET #one = #two", {{{"#one", "c"}, {"#two", "a"}}, {}}, "SET c = a"},
      {"SET a.c[1].#name.y[1] = :val1",
       {{{"#name", "x"}}, values({":val1"}).values},
       "SET a.c[1].x.y[1] = :val1"},
      {"SET a = list_append(if_not_exists(a, :e), :v)", values({":e", ":v"}),
       "SET a = list_append(if_not_exists(a, :e), :v)"},
      {"SET a.b = :val1, a.c.d = :val2, b.x = :val3 REMOVE a.x, b.y",
       values({":val1", ":val2", ":val3"}),
       "SET a.b = :val1, a.c.d = :val2, b.x = :val3 REMOVE a.x, b.y"},
      {"REMOVE a SET b = a", {}, "SET b = a REMOVE a"},
      {"ADD #c :one DELETE #s :gone",
       {{{"#c", "count"}, {"#s", "tags"}}, {":one", ":gone"}},
       "ADD count :one DELETE tags :gone"},
      // AWS: nubo conformance suite, UpdateItem.
      {"SET attr1 = :v",
       {},
       update_error("An expression attribute value used in expression is not defined; attribute "
                    "value: :v")},
      {"SET #name = :val1",
       {{{"#wrongname", "hello"}}, {":val1"}},
       update_error("An expression attribute name used in the document path is not defined; "
                    "attribute name: #name")},
      // Every name is checked before any value.
      {"SET a = :undefined, #n = :v", values({":v"}),
       update_error("An expression attribute name used in the document path is not defined; "
                    "attribute name: #n")},
      {"SET a = list_append(#l, :v)", values({":v"}),
       update_error("An expression attribute name used in the document path is not defined; "
                    "attribute name: #l")},
      {"ADD a :missing",
       {},
       update_error("An expression attribute value used in expression is not defined; attribute "
                    "value: :missing")},
  };
  for (const ResolveCase& c : cases) {
    EXPECT_EQ(resolved_update(c.input, c.placeholders), c.expected) << "input: " << c.input;
  }
}

TEST(Resolver, UpdatePathsMustNotOverlap) {
  const std::string overlap = update_error(
      "Two document paths overlap with each other; must remove or rewrite one of these "
      "paths; ");
  const std::string conflict = update_error(
      "Two document paths conflict with each other; must remove or rewrite one of "
      "these paths; ");
  const Placeholders v = values({":v", ":w"});
  const std::vector<ResolveCase> cases = {
      // AWS: quoted in Scylla's test_update_expression_multi_overlap.
      {"SET a = :v REMOVE a", values({":v"}), overlap + "path one: [a], path two: [a]"},
      {"REMOVE a SET a = :v", values({":v"}), overlap + "path one: [a], path two: [a]"},
      {"SET a = :v, a = :w", v, overlap + "path one: [a], path two: [a]"},
      {"SET a = :v, a.b = :w", v, overlap + "path one: [a], path two: [a, b]"},
      {"SET a.b = :v, a = :w", v, overlap + "path one: [a, b], path two: [a]"},
      {"SET a.b = :v, a.b.c = :w", v, overlap + "path one: [a, b], path two: [a, b, c]"},
      {"SET a[1][1] = :v, a[1] = :w", v, overlap + "path one: [a, [1], [1]], path two: [a, [1]]"},
      {"SET a = :v ADD a.b :w", v, overlap + "path one: [a], path two: [a, b]"},
      {"ADD s :v DELETE s :w", v, overlap + "path one: [s], path two: [s]"},
      {"SET #a1 = :v, #a2 = :w",
       {{{"#a1", "a"}, {"#a2", "a"}}, {":v", ":w"}},
       overlap + "path one: [a], path two: [a]"},
      {"SET a.b = :v, a[1] = :w", v, conflict + "path one: [a, b], path two: [a, [1]]"},
      {"SET a.b.c = :v, a.b[2] = :w", v, conflict + "path one: [a, b, c], path two: [a, b, [2]]"},
      // Any overlap is reported before any conflict.
      {"SET a.b = :v, a[1] = :w, c = :v, c.d = :w", v, overlap + "path one: [c], path two: [c, d]"},
      // Overlaps come before operand counts.
      {"SET a = list_append(:v), a = :w", v, overlap + "path one: [a], path two: [a]"},
      {"SET a[1] = :v, a[2] = :w, b.x = :v, b.y = :w", v,
       "SET a[1] = :v, a[2] = :w, b.x = :v, b.y = :w"},
  };
  for (const ResolveCase& c : cases) {
    EXPECT_EQ(resolved_update(c.input, c.placeholders), c.expected) << "input: " << c.input;
  }
}

TEST(Resolver, UpdateFunctionChecks) {
  const Placeholders v = values({":val1", ":val2", ":val3"});
  const std::vector<ResolveCase> cases = {
      // AWS: quoted in Scylla's test_update_expression_list_append_basic.
      {"SET a = list_append(:val1)", values({":val1"}),
       update_error(operand_count("list_append", 1))},
      {"SET a = list_append(:val1, :val2, :val3)", v,
       update_error(operand_count("list_append", 3))},
      {"SET a = if_not_exists(a) + :val1", values({":val1"}),
       update_error(operand_count("if_not_exists", 1))},
      // AWS: quoted in Scylla's test_update_expression_if_not_exists.
      {"SET b = if_not_exists(:val2, :val1)", values({":val1", ":val2"}),
       update_error("Operator or function requires a document path; operator or function: "
                    "if_not_exists")},
      {"SET b = if_not_exists(if_not_exists(a, :val2), :val1)", values({":val1", ":val2"}),
       update_error("Operator or function requires a document path; operator or function: "
                    "if_not_exists")},
      // AWS: quoted in Scylla's test_update_expression_function_nesting.
      {"SET a = list_append(list_append(:val1, :val2), :val3)", v,
       update_error("The function is not allowed to be used this way in an expression; function: "
                    "list_append")},
  };
  for (const ResolveCase& c : cases) {
    EXPECT_EQ(resolved_update(c.input, c.placeholders), c.expected) << "input: " << c.input;
  }
}

TEST(Resolver, UnusedPlaceholders) {
  const std::vector<ResolveCase> cases = {
      // AWS: nubo conformance suite (UpdateItem and Query).
      {"SET attr1 = :v",
       {{{"#unused", "someattr"}}, {":v"}},
       "error: Value provided in ExpressionAttributeNames unused in expressions: keys: "
       "{#unused}"},
      {"SET attr1 = :v", values({":v", ":unused"}),
       "error: Value provided in ExpressionAttributeValues unused in expressions: keys: "
       "{:unused}"},
      // Names are reported before values.
      {"SET a = :v",
       {{{"#n", "x"}}, {":v", ":w"}},
       "error: Value provided in ExpressionAttributeNames unused in expressions: keys: {#n}"},
      // Several keys: in java.util.HashSet order (unverified; see resolver.cc).
      {"SET a = :v",
       {{{"#a", "x"}, {"#z", "y"}}, {":v"}},
       "error: Value provided in ExpressionAttributeNames unused in expressions: keys: "
       "{#z, #a}"},
      {"SET a = :v", values({":v", ":b", ":a"}),
       "error: Value provided in ExpressionAttributeValues unused in expressions: keys: "
       "{:a, :b}"},
  };
  for (const ResolveCase& c : cases) {
    EXPECT_EQ(resolved_update(c.input, c.placeholders), c.expected) << "input: " << c.input;
  }
}

TEST(Resolver, UsageIsTrackedAcrossTheRequest) {
  // One UpdateItem: the condition uses #b and :c, the update #a and :v.
  Resolver resolver({{"#a", "a"}, {"#b", "b"}}, {":v", ":c"});
  UpdateExpression update = parse_update("SET #a = :v");
  ConditionExpression condition = parse_condition("#b = :c");
  resolver.resolve(update);
  EXPECT_EQ(testing::outcome([&] {
              resolver.check_unused();
              return std::string("ok");
            }),
            "error: Value provided in ExpressionAttributeNames unused in expressions: keys: {#b}");
  resolver.resolve(condition);
  EXPECT_NO_THROW(resolver.check_unused());
  EXPECT_EQ(to_string(update) + " IF " + to_string(condition), "SET a = :v IF b = :c");
}

TEST(Resolver, PlaceholderMaps) {
  auto check = [](std::optional<std::vector<std::string>> names,
                  std::optional<std::vector<std::string>> values) {
    return testing::outcome([&] {
      check_placeholder_maps(names ? &*names : nullptr, values ? &*values : nullptr);
      return std::string("ok");
    });
  };
  using Keys = std::vector<std::string>;
  EXPECT_EQ(check(std::nullopt, std::nullopt), "ok");
  EXPECT_EQ(check(Keys{"#a", "#_1"}, Keys{":v", ":0"}), "ok");
  // AWS: dynalite's recorded expectations.
  EXPECT_EQ(check(Keys{}, std::nullopt), "error: ExpressionAttributeNames must not be empty");
  EXPECT_EQ(check(std::nullopt, Keys{}), "error: ExpressionAttributeValues must not be empty");
  EXPECT_EQ(check(Keys{"a"}, std::nullopt),
            "error: ExpressionAttributeNames contains invalid key: Syntax error; key: \"a\"");
  EXPECT_EQ(check(std::nullopt, Keys{"a"}),
            "error: ExpressionAttributeValues contains invalid key: Syntax error; key: \"a\"");
  // AWS: dynamodb-update-expression issue #13.
  EXPECT_EQ(check(Keys{"#sryLiyD8D-"}, std::nullopt),
            "error: ExpressionAttributeNames contains invalid key: Syntax error; key: "
            "\"#sryLiyD8D-\"");
  EXPECT_EQ(check(Keys{"#"}, Keys{":v"}),
            "error: ExpressionAttributeNames contains invalid key: Syntax error; key: \"#\"");
}

}  // namespace
}  // namespace localcloud::dynamodb::expressions
