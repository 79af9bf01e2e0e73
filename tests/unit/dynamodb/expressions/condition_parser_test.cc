// Condition grammar: printed AST for valid input, AWS's message otherwise.
// Messages marked "AWS:" were captured from DynamoDB by others (issues,
// conformance suites); the rest follow the same rules.
#include <string>

#include "test_support.h"

namespace localcloud::dynamodb::expressions {
namespace {

using testing::Case;
using testing::parsed_condition;

void expect_all(const std::vector<Case>& cases, ExpressionKind kind = ExpressionKind::kCondition) {
  for (const Case& c : cases) {
    EXPECT_EQ(parsed_condition(c.input, kind), c.expected) << "input: " << c.input;
  }
}

TEST(ConditionParser, Comparisons) {
  expect_all({
      {"a = :v", "a = :v"},
      {"a <> :v", "a <> :v"},
      {"a<:v", "a < :v"},
      {"a <= :v", "a <= :v"},
      {"a > :v", "a > :v"},
      {"a>=:v", "a >= :v"},
      {":v = a", ":v = a"},
      {"a = b", "a = b"},
      {":x > :y", ":x > :y"},
      {"A123_ = :val_1", "A123_ = :val_1"},
      {"#1 = :_", "#1 = :_"},
      {" \ta\n=\r\n:v ", "a = :v"},
  });
}

TEST(ConditionParser, DocumentPaths) {
  expect_all({
      {"a.b.c[1][2].d = :v", "a.b.c[1][2].d = :v"},
      {"#a.#b[3] = :v", "#a.#b[3] = :v"},
      {"a . b [ 1 ] = :v", "a.b[1] = :v"},
      {"a[0] = :v", "a[0] = :v"},
      {"a[2147483647] = :v", "a[2147483647] = :v"},
      {"a.#b.c = :v", "a.#b.c = :v"},
  });
}

TEST(ConditionParser, BooleanPrecedence) {
  expect_all({
      {"a = :x AND b = :y", "(a = :x) AND (b = :y)"},
      {"a = :x OR b = :y AND c = :z", "(a = :x) OR ((b = :y) AND (c = :z))"},
      {"a = :x AND b = :y OR c = :z", "((a = :x) AND (b = :y)) OR (c = :z)"},
      {"(a = :x OR b = :y) AND c = :z", "((a = :x) OR (b = :y)) AND (c = :z)"},
      {"NOT a = :x AND b = :y", "(NOT (a = :x)) AND (b = :y)"},
      {"NOT a = :x OR b = :y", "(NOT (a = :x)) OR (b = :y)"},
      {"NOT (a = :x AND b = :y)", "NOT ((a = :x) AND (b = :y))"},
      {"NOT NOT a = :x", "NOT (NOT (a = :x))"},
      {"a = :x AND b = :y AND c = :z", "((a = :x) AND (b = :y)) AND (c = :z)"},
      {"a = :x OR b = :y OR c = :z", "((a = :x) OR (b = :y)) OR (c = :z)"},
      {"a = :v AND (b = :w OR c = :x) AND NOT d = :y",
       "((a = :v) AND ((b = :w) OR (c = :x))) AND (NOT (d = :y))"},
      {"a = :x OR NOT b = :y AND c = :z", "(a = :x) OR ((NOT (b = :y)) AND (c = :z))"},
  });
}

TEST(ConditionParser, BetweenAndInBindTighterThanLogic) {
  expect_all({
      {"a BETWEEN :lo AND :hi", "a BETWEEN :lo AND :hi"},
      {"a BETWEEN :lo AND :hi AND b = :x", "(a BETWEEN :lo AND :hi) AND (b = :x)"},
      {"b = :x AND a BETWEEN :lo AND :hi", "(b = :x) AND (a BETWEEN :lo AND :hi)"},
      {"a BETWEEN :lo AND :hi OR NOT b IN (:x, :y)",
       "(a BETWEEN :lo AND :hi) OR (NOT (b IN (:x, :y)))"},
      {"NOT a BETWEEN :lo AND :hi", "NOT (a BETWEEN :lo AND :hi)"},
      {"a IN (:x)", "a IN (:x)"},
      {"a IN (:x, :y, b.c)", "a IN (:x, :y, b.c)"},
      {"a IN (:x) AND b IN (:y)", "(a IN (:x)) AND (b IN (:y))"},
      {"(a) BETWEEN (:lo) AND (:hi)", "a BETWEEN :lo AND :hi"},
      {"size(a) BETWEEN :lo AND :hi", "size(a) BETWEEN :lo AND :hi"},
      {"size(a) IN (:x, :y)", "size(a) IN (:x, :y)"},
  });
}

TEST(ConditionParser, KeywordsAreCaseInsensitive) {
  expect_all({
      {"a in (:x) and b between :l and :h or not c = :z",
       "((a IN (:x)) AND (b BETWEEN :l AND :h)) OR (NOT (c = :z))"},
      {"a = :x aNd b = :y oR NoT c BeTwEeN :l aNd :h",
       "((a = :x) AND (b = :y)) OR (NOT (c BETWEEN :l AND :h))"},
      {"NOT(attribute_exists(a))", "NOT (attribute_exists(a))"},
  });
}

TEST(ConditionParser, Functions) {
  expect_all({
      {"attribute_exists(a)", "attribute_exists(a)"},
      {"attribute_not_exists(#n)", "attribute_not_exists(#n)"},
      {"attribute_type(a.b, :t)", "attribute_type(a.b, :t)"},
      {"begins_with(a, :p)", "begins_with(a, :p)"},
      {"contains(a[0], :x)", "contains(a[0], :x)"},
      {"size(a) > :n", "size(a) > :n"},
      {":n < size(a.b[2])", ":n < size(a.b[2])"},
      {"attribute_exists ( a )", "attribute_exists(a)"},
      {"attribute_exists(a) AND NOT begins_with(b, :p)",
       "(attribute_exists(a)) AND (NOT (begins_with(b, :p)))"},
      // AWS: "accepts per-condition parens" (nubo conformance suite).
      {"(attribute_exists(pk)) AND (#s = :v)", "(attribute_exists(pk)) AND (#s = :v)"},
  });
}

TEST(ConditionParser, Parentheses) {
  expect_all({
      {"(a) = :v", "a = :v"},
      {"(a = :v)", "a = :v"},
      {"(a = :v) AND (b = :w)", "(a = :v) AND (b = :w)"},
      {"((a = :v) AND (b = :w))", "(a = :v) AND (b = :w)"},
      {"(a = :v AND (b = :w))", "(a = :v) AND (b = :w)"},
      {"(attribute_exists(a))", "attribute_exists(a)"},
      {"(NOT (a = :v))", "NOT (a = :v)"},
      {"a=:v AND(b=:w)", "(a = :v) AND (b = :w)"},
      {"((a) = :v)", "a = :v"},
      {"(:v) < (size(a))", ":v < size(a)"},
  });
}

TEST(ConditionParser, RedundantParentheses) {
  const std::string redundant =
      "error: Invalid ConditionExpression: The expression has redundant parentheses;";
  expect_all({
      {"((a = :v))", redundant},
      // AWS: nubo conformance suite, PutItem.
      {"((attribute_not_exists(pk)))", redundant},
      // AWS: dynongo issue #35.
      {"(#k = :k AND #i = :i) AND ((attribute_not_exists(#t) OR #t <= :t))", redundant},
      {"a > ((b))", redundant},
      {"(a)between(((b.c)).d)and(c)", redundant},
      {"a > whatever((:things), ((a)))", redundant},
      {"((a = :v) AND ((b = :v)))", redundant},
      {"((NOT (a = :v)))", redundant},
  });
}

TEST(ConditionParser, SyntaxErrors) {
  const std::string prefix = "error: Invalid ConditionExpression: Syntax error; ";
  expect_all({
      // AWS: floci issue #1512, captured against DynamoDB.
      {"a-b", prefix + "token: \"-\", near: \"a-b\""},
      // AWS: minidyn issue #21.
      {"attribute_exists(car_id) AND NOT #has_air_conditioner",
       prefix + "token: \"<EOF>\", near: \"#has_air_conditioner\""},
      {"a =", prefix + "token: \"<EOF>\", near: \"=\""},
      {"a > 4", prefix + "token: \"4\", near: \"> 4\""},
      {"a = :v b", prefix + "token: \"b\", near: \":v b\""},
      {"a != :v", prefix + "token: \"!\", near: \"a !=\""},
      {"a = = :v", prefix + "token: \"=\", near: \"= = :v\""},
      {"a IN :v", prefix + "token: \":v\", near: \"IN :v\""},
      {"a IN ()", prefix + "token: \")\", near: \"()\""},
      {"a IN (:x,)", prefix + "token: \")\", near: \",)\""},
      {"a BETWEEN :x", prefix + "token: \"<EOF>\", near: \":x\""},
      {"a BETWEEN :x OR :y", prefix + "token: \"OR\", near: \":x OR :y\""},
      {"a = :v AND", prefix + "token: \"<EOF>\", near: \"AND\""},
      {"AND a = :v", prefix + "token: \"AND\", near: \"AND a\""},
      {"a = :v NOT b = :w", prefix + "token: \"NOT\", near: \":v NOT b\""},
      {"NOT", prefix + "token: \"<EOF>\", near: \"NOT\""},
      {"(a = :v", prefix + "token: \"<EOF>\", near: \":v\""},
      {"a = :v)", prefix + "token: \")\", near: \":v)\""},
      {"a = (:v", prefix + "token: \"<EOF>\", near: \":v\""},
      {"a[:x] = :v", prefix + "token: \":x\", near: \"[:x]\""},
      {"a[#x] = :v", prefix + "token: \"#x\", near: \"[#x]\""},
      {"a[-1] = :v", prefix + "token: \"-\", near: \"[-1\""},
      {"a[01] = :v", prefix + "token: \"1\", near: \"01]\""},
      {"a[1.5] = :v", prefix + "token: \".\", near: \"1.5\""},
      {"a..b = :v", prefix + "token: \".\", near: \"..b\""},
      {"a.:x = :v", prefix + "token: \":x\", near: \".:x =\""},
      {"\xc3\xbc > a", prefix + "token: \"\xc3\xbc\", near: \"\xc3\xbc >\""},
      {"_a = :v", prefix + "token: \"_\", near: \"_a\""},
      {"1a = :v", prefix + "token: \"1\", near: \"1a\""},
      {"a = :", prefix + "token: \":\", near: \"= :\""},
      {"# = :v", prefix + "token: \"#\", near: \"# =\""},
      {"f() = :v", prefix + "token: \")\", near: \"() =\""},
      {"size(a).b > :v", prefix + "token: \".\", near: \").b\""},
      {"a = \"x\"", prefix + "token: \"\"\", near: \"= \"x\""},
      {"a", prefix + "token: \"<EOF>\", near: \"a\""},
      {":v", prefix + "token: \"<EOF>\", near: \":v\""},
  });
}

TEST(ConditionParser, SyntaxErrorsNameTheParameter) {
  // AWS: dynamodb-dashboard issue #735.
  EXPECT_EQ(parsed_condition("#articleId attribute_not_exists :ckpst", ExpressionKind::kFilter),
            "error: Invalid FilterExpression: Syntax error; token: \"attribute_not_exists\", "
            "near: \"#articleId attribute_not_exists :ckpst\"");
  // AWS: floci issue #1512.
  EXPECT_EQ(parsed_condition("a-b", ExpressionKind::kKeyCondition),
            "error: Invalid KeyConditionExpression: Syntax error; token: \"-\", near: \"a-b\"");
}

TEST(ConditionParser, EmptyAndOversizedExpressions) {
  // AWS: nubo conformance suite ("The expression can not be empty;").
  EXPECT_EQ(parsed_condition(""),
            "error: Invalid ConditionExpression: The expression can not be empty;");
  EXPECT_EQ(parsed_condition("", ExpressionKind::kFilter),
            "error: Invalid FilterExpression: The expression can not be empty;");
  // 4 KB, counted in bytes: exactly 4096 is accepted.
  std::string at_limit = "a = :v";
  at_limit += std::string(kMaxExpressionBytes - at_limit.size(), ' ');
  EXPECT_EQ(parsed_condition(at_limit), "a = :v");
  EXPECT_EQ(parsed_condition(at_limit + " "),
            "error: Invalid ConditionExpression: Expression size has exceeded the maximum "
            "allowed size; expression size: 4097");
  // AWS: the same message seen for a 5872-byte FilterExpression.
  EXPECT_EQ(parsed_condition(std::string(5872, ' '), ExpressionKind::kFilter),
            "error: Invalid FilterExpression: Expression size has exceeded the maximum allowed "
            "size; expression size: 5872");
}

TEST(ConditionParser, FunctionNamesAndPlacement) {
  const std::string prefix = "error: Invalid FilterExpression: ";
  const std::string misused =
      prefix + "The function is not allowed to be used this way in an expression; function: ";
  expect_all(
      {
          {"whatever(a) > :v", prefix + "Invalid function name; function: whatever"},
          {"a=a and whatever((:things)) > a", prefix + "Invalid function name; function: whatever"},
          {"attRIbute_exIsts((views), #a)",
           prefix + "Invalid function name; function: attRIbute_exIsts"},
          {"BEGINS_WITH(a, :p)", prefix + "Invalid function name; function: BEGINS_WITH"},
          {"attribute_exists(a) = :v", misused + "attribute_exists"},
          {"attribute_not_exists(things) > b", misused + "attribute_not_exists"},
          {"attribute_type(things, :a) > b", misused + "attribute_type"},
          {"begins_with(things, a) > b", misused + "begins_with"},
          {"contains(:things, c) > b", misused + "contains"},
          {"size(contains(a, b)) > a", misused + "contains"},
          {"size(things)", misused + "size"},
          {"(size(things))", misused + "size"},
          {"a between b and attribute_exists(things)", misused + "attribute_exists"},
          {"a in (b, attribute_exists(things))", misused + "attribute_exists"},
          {"a=a and attribute_exists((views), (#a)) > b", misused + "attribute_exists"},
          {"if_not_exists(a, :v) = :v",
           prefix + "The function is not allowed in a condition expression; function: "
                    "if_not_exists"},
          {"list_append(a, :v) = :v",
           prefix + "The function is not allowed in a condition expression; function: "
                    "list_append"},
          // An unknown function outranks a misused one wherever it is.
          {"attribute_exists(a) = :v AND nope(b)",
           prefix + "Invalid function name; function: nope"},
      },
      ExpressionKind::kFilter);
}

TEST(ConditionParser, ReservedWords) {
  expect_all({
      // AWS: nubo conformance suite and many issues.
      {"status = :v",
       "error: Invalid ConditionExpression: Attribute name is a reserved keyword; reserved "
       "keyword: status"},
      // AWS: dynamodb-dashboard issue #1437.
      {"attribute_not_exists(key)",
       "error: Invalid ConditionExpression: Attribute name is a reserved keyword; reserved "
       "keyword: key"},
      {"a.name = :v",
       "error: Invalid ConditionExpression: Attribute name is a reserved keyword; reserved "
       "keyword: name"},
      {"#a.data[1] = :v",
       "error: Invalid ConditionExpression: Attribute name is a reserved keyword; reserved "
       "keyword: data"},
      // Function names are not attribute names.
      {"size(a) > :v", "size(a) > :v"},
      // A misused function outranks a reserved word written before it.
      {"views = :v AND attribute_exists(a) = :v",
       "error: Invalid ConditionExpression: The function is not allowed to be used this way in an "
       "expression; function: attribute_exists"},
  });
  // AWS (dynalite's recorded expectations): the name as written, any case.
  EXPECT_EQ(parsed_condition(":a < abOrT", ExpressionKind::kFilter),
            "error: Invalid FilterExpression: Attribute name is a reserved keyword; reserved "
            "keyword: abOrT");
  // AWS: laravel-dynamodb issue #280.
  EXPECT_EQ(parsed_condition("role.name = :v", ExpressionKind::kFilter),
            "error: Invalid FilterExpression: Attribute name is a reserved keyword; reserved "
            "keyword: role");
  // AWS: aws-sdk-php issue #1233.
  EXPECT_EQ(parsed_condition("hash = :v_hash", ExpressionKind::kKeyCondition),
            "error: Invalid KeyConditionExpression: Attribute name is a reserved keyword; "
            "reserved keyword: hash");
}

TEST(ConditionParser, PathLimits) {
  std::string deep = "a";
  for (std::size_t i = 1; i < kMaxPathDepth; ++i) deep += ".b";
  EXPECT_EQ(parsed_condition(deep + " = :v"), deep + " = :v");
  EXPECT_EQ(parsed_condition(deep + "[0] = :v"),
            "error: Invalid ConditionExpression: The document path has too many nesting levels; "
            "nesting levels: 33");
  EXPECT_EQ(parsed_condition("a[2147483648] = :v"),
            "error: Invalid ConditionExpression: List index is not within the allowable range; "
            "index: [2147483648]");
  EXPECT_EQ(parsed_condition("a[99999999999999999999999] = :v"),
            "error: Invalid ConditionExpression: List index is not within the allowable range; "
            "index: [99999999999999999999999]");
}

}  // namespace
}  // namespace localcloud::dynamodb::expressions
