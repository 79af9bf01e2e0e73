// The checks AWS makes on condition values before reading any item:
// operand types per operator and function, BETWEEN's bounds, attribute_type's
// type name. Texts: the begins_with and BETWEEN ones are AWS's (quoted in
// the issue and in captures); the others follow the same template with the
// operator's own name and DynamoDB's operand type sets.
#include "test_support.h"

namespace localcloud::dynamodb::eval {
namespace {

using expressions::ExpressionKind;
using testing::condition;

constexpr std::string_view kItem = R"({"n": {"N": "10"}, "s": {"S": "abc"}})";
const std::string kOperand =
    "error: Invalid ConditionExpression: Incorrect operand type for operator or function; ";

struct Case {
  std::string expression;
  std::string values;
  std::string expected;
};

void expect_all(const std::vector<Case>& cases) {
  for (const Case& c : cases) {
    EXPECT_EQ(condition(c.expression, kItem, c.values), c.expected)
        << c.expression << " with " << c.values;
  }
}

TEST(LeafCheck, BeginsWithTakesStringsAndBinaries) {
  expect_all({
      {"begins_with(s, :v)", R"({":v": {"N": "5"}})",
       kOperand + "operator or function: begins_with, operand type: N"},
      {"begins_with(s, :v)", R"({":v": {"SS": ["a"]}})",
       kOperand + "operator or function: begins_with, operand type: SS"},
      {"begins_with(s, :v)", R"({":v": {"BOOL": true}})",
       kOperand + "operator or function: begins_with, operand type: BOOL"},
      {"begins_with(s, :v)", R"({":v": {"L": []}})",
       kOperand + "operator or function: begins_with, operand type: L"},
      {"begins_with(:v, s)", R"({":v": {"N": "5"}})",
       kOperand + "operator or function: begins_with, operand type: N"},
      {"begins_with(size(s), :v)", R"({":v": {"S": "1"}})",
       kOperand + "operator or function: begins_with, operand type: N"},
      {"begins_with(s, :v)", R"({":v": {"S": "a"}})", "true"},
      {"begins_with(s, :v)", R"({":v": {"B": "YQ=="}})", "false"},
  });
}

TEST(LeafCheck, OrderingComparatorsTakeScalars) {
  expect_all({
      {"n < :v", R"({":v": {"BOOL": true}})",
       kOperand + "operator or function: <, operand type: BOOL"},
      {"n <= :v", R"({":v": {"L": [{"N": "1"}]}})",
       kOperand + "operator or function: <=, operand type: L"},
      {"n > :v", R"({":v": {"M": {}}})", kOperand + "operator or function: >, operand type: M"},
      {"n >= :v", R"({":v": {"NULL": true}})",
       kOperand + "operator or function: >=, operand type: NULL"},
      {":v < n", R"({":v": {"SS": ["a"]}})",
       kOperand + "operator or function: <, operand type: SS"},
      {"n > :v", R"({":v": {"NS": ["1"]}})",
       kOperand + "operator or function: >, operand type: NS"},
      {"n < :v", R"({":v": {"BS": ["AQ=="]}})",
       kOperand + "operator or function: <, operand type: BS"},
      // = and <> take every type; the comparison is simply false.
      {"n = :v", R"({":v": {"BOOL": true}})", "false"},
      {"n <> :v", R"({":v": {"M": {}}})", "true"},
      {"n IN (:v, :w)", R"({":v": {"BOOL": true}, ":w": {"L": []}})", "false"},
      {"contains(s, :v)", R"({":v": {"M": {}}})", "false"},
  });
}

TEST(LeafCheck, Between) {
  expect_all({
      {"n BETWEEN :lo AND :hi", R"({":lo": {"N": "5"}, ":hi": {"N": "1"}})",
       "error: Invalid ConditionExpression: The BETWEEN operator requires upper bound to be "
       "greater than or equal to lower bound; lower bound operand: AttributeValue: {N:5}, upper "
       "bound operand: AttributeValue: {N:1}"},
      {"s BETWEEN :lo AND :hi", R"({":lo": {"S": "b"}, ":hi": {"S": "a"}})",
       "error: Invalid ConditionExpression: The BETWEEN operator requires upper bound to be "
       "greater than or equal to lower bound; lower bound operand: AttributeValue: {S:b}, upper "
       "bound operand: AttributeValue: {S:a}"},
      {"s BETWEEN :lo AND :hi", R"({":lo": {"B": "Ag=="}, ":hi": {"B": "AQ=="}})",
       "error: Invalid ConditionExpression: The BETWEEN operator requires upper bound to be "
       "greater than or equal to lower bound; lower bound operand: AttributeValue: {B:Ag==}, "
       "upper bound operand: AttributeValue: {B:AQ==}"},
      {"n BETWEEN :lo AND :hi", R"({":lo": {"N": "1"}, ":hi": {"S": "a"}})",
       "error: Invalid ConditionExpression: The BETWEEN operator requires same data type for "
       "lower and upper bounds; lower bound operand: AttributeValue: {N:1}, upper bound operand: "
       "AttributeValue: {S:a}"},
      {"n BETWEEN :lo AND :hi", R"({":lo": {"BOOL": true}, ":hi": {"BOOL": true}})",
       kOperand + "operator or function: BETWEEN, operand type: BOOL"},
      {":v BETWEEN n AND n", R"({":v": {"M": {}}})",
       kOperand + "operator or function: BETWEEN, operand type: M"},
      {"n BETWEEN :lo AND :hi", R"({":lo": {"N": "10.0"}, ":hi": {"N": "1E1"}})", "true"},
      // Bounds read from the item are not checked before evaluation.
      {"n BETWEEN s AND :hi", R"({":hi": {"N": "1"}})", "false"},
  });
}

TEST(LeafCheck, AttributeTypeNeedsATypeName) {
  expect_all({
      {"attribute_type(n, :t)", R"({":t": {"S": "STRING"}})",
       "error: Invalid ConditionExpression: Invalid attribute type name found; type: STRING, "
       "valid types: {N,BS,L,B,NULL,M,S,SS,NS,BOOL}"},
      {"attribute_type(n, :t)", R"({":t": {"S": "n"}})",
       "error: Invalid ConditionExpression: Invalid attribute type name found; type: n, valid "
       "types: {N,BS,L,B,NULL,M,S,SS,NS,BOOL}"},
      {"attribute_type(n, :t)", R"({":t": {"N": "1"}})",
       kOperand + "operator or function: attribute_type, operand type: N"},
      {"attribute_type(n, :t)", R"({":t": {"SS": ["S"]}})",
       kOperand + "operator or function: attribute_type, operand type: SS"},
      {"attribute_type(n, s)", "{}",
       kOperand + "operator or function: attribute_type, operand type: "
                  "{S,SS,N,NS,B,BS,BOOL,NULL,L,M,HD,DOUBLE,FLOAT,HDS,FS,DOUBLESET,DICT,DECIMAL,INT,"
                  "DECIMALSET,INTSET}"},
      {"attribute_type(n, :t)", R"({":t": {"S": "N"}})", "true"},
  });
}

TEST(LeafCheck, SizeNeedsSomethingWithASize) {
  expect_all({
      {"size(:v) = :n", R"({":v": {"N": "1"}, ":n": {"N": "1"}})",
       kOperand + "operator or function: size, operand type: N"},
      {"size(:v) = :n", R"({":v": {"BOOL": false}, ":n": {"N": "1"}})",
       kOperand + "operator or function: size, operand type: BOOL"},
      {"size(:v) = :n", R"({":v": {"NULL": true}, ":n": {"N": "1"}})",
       kOperand + "operator or function: size, operand type: NULL"},
      // The argument's check comes before the comparator's.
      {"size(:v) < :b", R"({":v": {"N": "1"}, ":b": {"BOOL": true}})",
       kOperand + "operator or function: size, operand type: N"},
      {"size(s) < :b", R"({":b": {"BOOL": true}})",
       kOperand + "operator or function: <, operand type: BOOL"},
      {"size(:v) = :n", R"({":v": {"SS": ["a", "b"]}, ":n": {"N": "2"}})", "true"},
      {"size(:v) = :n", R"({":v": {"S": "abc"}, ":n": {"N": "3"}})", "true"},
  });
}

TEST(LeafCheck, TheMessageNamesTheParameter) {
  const std::string values = R"({":v": {"N": "5"}})";
  EXPECT_EQ(condition("begins_with(s, :v)", kItem, values, "{}", ExpressionKind::kFilter),
            "error: Invalid FilterExpression: Incorrect operand type for operator or function; "
            "operator or function: begins_with, operand type: N");
  EXPECT_EQ(condition("begins_with(s, :v)", kItem, values, "{}", ExpressionKind::kKeyCondition),
            "error: Invalid KeyConditionExpression: Incorrect operand type for operator or "
            "function; operator or function: begins_with, operand type: N");
}

TEST(LeafCheck, LeavesAreCheckedInWrittenOrder) {
  EXPECT_EQ(condition("n < :b OR begins_with(s, :n)", kItem,
                      R"({":b": {"BOOL": true}, ":n": {"N": "1"}})"),
            kOperand + "operator or function: <, operand type: BOOL");
  EXPECT_EQ(condition("begins_with(s, :n) AND n < :b", kItem,
                      R"({":b": {"BOOL": true}, ":n": {"N": "1"}})"),
            kOperand + "operator or function: begins_with, operand type: N");
}

}  // namespace
}  // namespace localcloud::dynamodb::eval
