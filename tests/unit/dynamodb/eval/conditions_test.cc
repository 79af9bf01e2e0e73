// Condition evaluation: every comparator, function and connective on every
// relevant type, against one item holding each type. Expected outcomes are
// DynamoDB's (developer guide, "Condition and filter expressions, operators,
// and functions"; Scylla's test_condition_expression.py, run against AWS).
#include "test_support.h"

namespace localcloud::dynamodb::eval {
namespace {

using testing::condition;

// One attribute of each type, plus nested documents.
constexpr std::string_view kItem = R"({
  "pk": {"S": "p"},
  "s": {"S": "banana"}, "e": {"S": ""}, "u": {"S": "😀"}, "cap": {"S": "B"},
  "n": {"N": "10"}, "neg": {"N": "-2.5"},
  "b": {"B": "AQID"},
  "t": {"BOOL": true}, "f": {"BOOL": false}, "z": {"NULL": true},
  "ss": {"SS": ["red", "green"]}, "ns": {"NS": ["1", "5"]}, "bs": {"BS": ["AQ==", "Ag=="]},
  "l": {"L": [{"S": "a"}, {"N": "3"}, {"M": {"x": {"N": "1"}}}]},
  "m": {"M": {"nested": {"M": {"deep": {"S": "x"}}},
              "arr": {"L": [{"M": {"v": {"N": "1"}}}, {"M": {"v": {"N": "2"}}}]}}},
  "dotted.name": {"S": "yes"}
})";

struct Case {
  std::string expression;
  std::string values;
  std::string expected;
};

void expect_all(const std::vector<Case>& cases, std::string_view names = "{}") {
  for (const Case& c : cases) {
    EXPECT_EQ(condition(c.expression, kItem, c.values, names), c.expected)
        << c.expression << " with " << c.values;
  }
}

TEST(Conditions, NumbersCompareNumerically) {
  expect_all({
      {"n > :v", R"({":v": {"N": "9"}})", "true"},
      {"n < :v", R"({":v": {"N": "100"}})", "true"},
      {"n = :v", R"({":v": {"N": "10.0"}})", "true"},
      {"n = :v", R"({":v": {"N": "1E1"}})", "true"},
      {"n >= :v", R"({":v": {"N": "10"}})", "true"},
      {"n <= :v", R"({":v": {"N": "9.999"}})", "false"},
      {"neg < :v", R"({":v": {"N": "0"}})", "true"},
      {"neg > :v", R"({":v": {"N": "-3"}})", "true"},
      {"n <> :v", R"({":v": {"N": "11"}})", "true"},
      {"n <> :v", R"({":v": {"N": "10"}})", "false"},
  });
}

TEST(Conditions, StringsCompareByUtf8Bytes) {
  expect_all({
      {"s > :v", R"({":v": {"S": "apple"}})", "true"},
      {"s < :v", R"({":v": {"S": "banana_"}})", "true"},
      {"s = :v", R"({":v": {"S": "banana"}})", "true"},
      {"s <= :v", R"({":v": {"S": "banan"}})", "false"},
      // Upper case sorts before lower case.
      {"cap < :v", R"({":v": {"S": "a"}})", "true"},
      // U+1F600 is above U+FFFD in UTF-8 byte order (below it in UTF-16).
      {"u > :v", R"({":v": {"S": "\uFFFD"}})", "true"},
      {"e < :v", R"({":v": {"S": "a"}})", "true"},
  });
}

TEST(Conditions, BinariesCompareAsUnsignedBytes) {
  expect_all({
      {"b > :v", R"({":v": {"B": "AQ=="}})", "true"},
      {"b < :v", R"({":v": {"B": "/w=="}})", "true"},  // 0x01 < 0xFF unsigned
      {"b = :v", R"({":v": {"B": "AQID"}})", "true"},
      {"b >= :v", R"({":v": {"B": "AQIE"}})", "false"},
  });
}

TEST(Conditions, DifferentTypesAreNeitherEqualNorOrdered) {
  expect_all({
      {"n = :v", R"({":v": {"S": "10"}})", "false"},
      {"n <> :v", R"({":v": {"S": "10"}})", "true"},
      {"s > :v", R"({":v": {"N": "1"}})", "false"},
      {"s < :v", R"({":v": {"N": "1"}})", "false"},
      {"n = :v", R"({":v": {"NS": ["10"]}})", "false"},
      {"b = :v", R"({":v": {"S": "AQID"}})", "false"},
      {"ss < ns", "{}", "false"},
      {"m > l", "{}", "false"},
  });
}

TEST(Conditions, EqualityOnEveryType) {
  expect_all({
      {"ss = :v", R"({":v": {"SS": ["green", "red"]}})", "true"},
      {"ss = :v", R"({":v": {"SS": ["red"]}})", "false"},
      {"ns = :v", R"({":v": {"NS": ["5", "1.0"]}})", "true"},
      {"bs = :v", R"({":v": {"BS": ["Ag==", "AQ=="]}})", "true"},
      {"t = :v", R"({":v": {"BOOL": true}})", "true"},
      {"f = :v", R"({":v": {"BOOL": true}})", "false"},
      {"z = :v", R"({":v": {"NULL": true}})", "true"},
      {"l = :v", R"({":v": {"L": [{"S": "a"}, {"N": "3.0"}, {"M": {"x": {"N": "1"}}}]}})", "true"},
      {"l = :v", R"({":v": {"L": [{"N": "3"}, {"S": "a"}, {"M": {"x": {"N": "1"}}}]}})", "false"},
      {"m.nested = :v", R"({":v": {"M": {"deep": {"S": "x"}}}})", "true"},
      {"m.nested = :v", R"({":v": {"M": {"deep": {"S": "x"}, "more": {"S": "y"}}}})", "false"},
      {"m.nested <> :v", R"({":v": {"M": {}}})", "true"},
  });
}

TEST(Conditions, MissingAttributes) {
  expect_all({
      {"absent = :v", R"({":v": {"N": "1"}})", "false"},
      {"absent <> :v", R"({":v": {"N": "1"}})", "true"},
      {"absent < :v", R"({":v": {"N": "1"}})", "false"},
      {"absent >= :v", R"({":v": {"N": "1"}})", "false"},
      {"absent BETWEEN :a AND :b", R"({":a": {"N": "1"}, ":b": {"N": "2"}})", "false"},
      {"absent IN (:a, :b)", R"({":a": {"N": "1"}, ":b": {"N": "2"}})", "false"},
      {"absent = nothing", "{}", "false"},
      {"absent <> nothing", "{}", "true"},
      {"m.absent.deeper = :v", R"({":v": {"N": "1"}})", "false"},
  });
}

TEST(Conditions, BetweenIsInclusive) {
  expect_all({
      {"n BETWEEN :a AND :b", R"({":a": {"N": "10"}, ":b": {"N": "20"}})", "true"},
      {"n BETWEEN :a AND :b", R"({":a": {"N": "1"}, ":b": {"N": "10"}})", "true"},
      {"n BETWEEN :a AND :b", R"({":a": {"N": "11"}, ":b": {"N": "20"}})", "false"},
      {"s BETWEEN :a AND :b", R"({":a": {"S": "b"}, ":b": {"S": "c"}})", "true"},
      {"b BETWEEN :a AND :b", R"({":a": {"B": "AQ=="}, ":b": {"B": "Ag=="}})", "true"},
      {"s BETWEEN :a AND :b", R"({":a": {"N": "1"}, ":b": {"N": "20"}})", "false"},
      {"n BETWEEN neg AND :b", R"({":b": {"N": "20"}})", "true"},
  });
}

TEST(Conditions, In) {
  expect_all({
      {"s IN (:a, :b)", R"({":a": {"S": "apple"}, ":b": {"S": "banana"}})", "true"},
      {"s IN (:a)", R"({":a": {"S": "apple"}})", "false"},
      {"n IN (:a, :b)", R"({":a": {"S": "10"}, ":b": {"N": "10"}})", "true"},
      {"ss IN (:a)", R"({":a": {"SS": ["green", "red"]}})", "true"},
      // IN compares whole values; it never looks inside a set.
      {"ns IN (:a)", R"({":a": {"N": "5"}})", "false"},
      {":a IN (n, s)", R"({":a": {"N": "10"}})", "true"},
  });
}

TEST(Conditions, AttributeExistence) {
  expect_all({
      {"attribute_exists(n)", "{}", "true"},
      {"attribute_exists(absent)", "{}", "false"},
      {"attribute_not_exists(absent)", "{}", "true"},
      {"attribute_not_exists(n)", "{}", "false"},
      {"attribute_exists(z)", "{}", "true"},  // a NULL attribute exists
      {"attribute_exists(e)", "{}", "true"},
      {"attribute_exists(m.nested.deep)", "{}", "true"},
      {"attribute_exists(m.nested.absent)", "{}", "false"},
      {"attribute_exists(l[0])", "{}", "true"},
      {"attribute_exists(l[2].x)", "{}", "true"},
      {"attribute_exists(l[5])", "{}", "false"},
      {"attribute_not_exists(l[5])", "{}", "true"},
      {"attribute_exists(s.x)", "{}", "false"},   // a scalar has no members
      {"attribute_exists(m[0])", "{}", "false"},  // a map has no index
      {"attribute_exists(l.a)", "{}", "false"},   // a list has no members
  });
}

TEST(Conditions, AttributeType) {
  expect_all({
      {"attribute_type(s, :t)", R"({":t": {"S": "S"}})", "true"},
      {"attribute_type(n, :t)", R"({":t": {"S": "N"}})", "true"},
      {"attribute_type(b, :t)", R"({":t": {"S": "B"}})", "true"},
      {"attribute_type(t, :t)", R"({":t": {"S": "BOOL"}})", "true"},
      {"attribute_type(z, :t)", R"({":t": {"S": "NULL"}})", "true"},
      {"attribute_type(ss, :t)", R"({":t": {"S": "SS"}})", "true"},
      {"attribute_type(ns, :t)", R"({":t": {"S": "NS"}})", "true"},
      {"attribute_type(bs, :t)", R"({":t": {"S": "BS"}})", "true"},
      {"attribute_type(l, :t)", R"({":t": {"S": "L"}})", "true"},
      {"attribute_type(m, :t)", R"({":t": {"S": "M"}})", "true"},
      {"attribute_type(m.nested.deep, :t)", R"({":t": {"S": "S"}})", "true"},
      {"attribute_type(n, :t)", R"({":t": {"S": "S"}})", "false"},
      {"attribute_type(ss, :t)", R"({":t": {"S": "L"}})", "false"},
      {"attribute_type(absent, :t)", R"({":t": {"S": "S"}})", "false"},
  });
}

TEST(Conditions, BeginsWith) {
  expect_all({
      {"begins_with(s, :p)", R"({":p": {"S": "ban"}})", "true"},
      {"begins_with(s, :p)", R"({":p": {"S": "banana"}})", "true"},
      {"begins_with(s, :p)", R"({":p": {"S": "nan"}})", "false"},
      {"begins_with(s, :p)", R"({":p": {"S": "banana!"}})", "false"},
      {"begins_with(s, :p)", R"({":p": {"S": ""}})", "true"},
      {"begins_with(b, :p)", R"({":p": {"B": "AQI="}})", "true"},
      {"begins_with(b, :p)", R"({":p": {"B": "Ag=="}})", "false"},
      {"begins_with(b, :p)", R"({":p": {"S": "AQ"}})", "false"},
      {"begins_with(ss, :p)", R"({":p": {"S": "red"}})", "false"},
      {"begins_with(absent, :p)", R"({":p": {"S": "a"}})", "false"},
      {"begins_with(m.nested.deep, :p)", R"({":p": {"S": "x"}})", "true"},
  });
}

TEST(Conditions, Contains) {
  expect_all({
      {"contains(s, :v)", R"({":v": {"S": "nan"}})", "true"},
      {"contains(s, :v)", R"({":v": {"S": "xyz"}})", "false"},
      {"contains(s, :v)", R"({":v": {"N": "1"}})", "false"},
      {"contains(b, :v)", R"({":v": {"B": "Ag=="}})", "true"},
      {"contains(b, :v)", R"({":v": {"B": "BA=="}})", "false"},
      {"contains(ss, :v)", R"({":v": {"S": "red"}})", "true"},
      {"contains(ss, :v)", R"({":v": {"S": "re"}})", "false"},
      {"contains(ss, :v)", R"({":v": {"N": "1"}})", "false"},
      {"contains(ns, :v)", R"({":v": {"N": "5.0"}})", "true"},
      {"contains(ns, :v)", R"({":v": {"S": "5"}})", "false"},
      {"contains(bs, :v)", R"({":v": {"B": "AQ=="}})", "true"},
      {"contains(bs, :v)", R"({":v": {"S": "AQ=="}})", "false"},
      {"contains(l, :v)", R"({":v": {"S": "a"}})", "true"},
      {"contains(l, :v)", R"({":v": {"N": "3"}})", "true"},
      {"contains(l, :v)", R"({":v": {"M": {"x": {"N": "1"}}}})", "true"},
      {"contains(l, :v)", R"({":v": {"S": "b"}})", "false"},
      {"contains(m, :v)", R"({":v": {"S": "nested"}})", "false"},
      {"contains(n, :v)", R"({":v": {"N": "10"}})", "false"},
      {"contains(absent, :v)", R"({":v": {"S": "a"}})", "false"},
      {"contains(s, e)", "{}", "true"},
  });
}

TEST(Conditions, Size) {
  expect_all({
      {"size(s) = :v", R"({":v": {"N": "6"}})", "true"},
      {"size(u) = :v", R"({":v": {"N": "2"}})", "true"},  // UTF-16 code units
      {"size(e) = :v", R"({":v": {"N": "0"}})", "true"},
      {"size(b) = :v", R"({":v": {"N": "3"}})", "true"},
      {"size(ss) = :v", R"({":v": {"N": "2"}})", "true"},
      {"size(ns) = :v", R"({":v": {"N": "2"}})", "true"},
      {"size(bs) = :v", R"({":v": {"N": "2"}})", "true"},
      {"size(l) = :v", R"({":v": {"N": "3"}})", "true"},
      {"size(m) = :v", R"({":v": {"N": "2"}})", "true"},
      {"size(m.arr) > :v", R"({":v": {"N": "1"}})", "true"},
      {"size(l[2]) = :v", R"({":v": {"N": "1"}})", "true"},
      {"size(s) BETWEEN :a AND :b", R"({":a": {"N": "1"}, ":b": {"N": "6"}})", "true"},
      {"size(s) IN (:a)", R"({":a": {"N": "6"}})", "true"},
      // N, BOOL and NULL have no size: comparisons with it are false.
      {"size(n) = :v", R"({":v": {"N": "2"}})", "false"},
      {"size(n) <> :v", R"({":v": {"N": "2"}})", "true"},
      {"size(t) >= :v", R"({":v": {"N": "0"}})", "false"},
      {"size(absent) >= :v", R"({":v": {"N": "0"}})", "false"},
      {"size(ss) = size(ns)", "{}", "true"},
      {"size(:v) = :n", R"({":v": {"L": [{"N": "1"}]}, ":n": {"N": "1"}})", "true"},
  });
}

TEST(Conditions, NestedPaths) {
  expect_all({
      {"m.nested.deep = :v", R"({":v": {"S": "x"}})", "true"},
      {"m.arr[1].v = :v", R"({":v": {"N": "2"}})", "true"},
      {"m.arr[5].v = :v", R"({":v": {"N": "2"}})", "false"},
      {"l[0] = :v", R"({":v": {"S": "a"}})", "true"},
      {"l[1] > :v", R"({":v": {"N": "2"}})", "true"},
      {"l[2].x = :v", R"({":v": {"N": "1"}})", "true"},
      {"l[0].x = :v", R"({":v": {"N": "1"}})", "false"},
  });
  expect_all({{"#d = :v", R"({":v": {"S": "yes"}})", "true"}}, R"({"#d": "dotted.name"})");
  expect_all({{"#m.#n.deep = :v", R"({":v": {"S": "x"}})", "true"}},
             R"({"#m": "m", "#n": "nested"})");
}

TEST(Conditions, LogicalConnectivesAndPrecedence) {
  const std::string ten_eleven = R"({":ten": {"N": "10"}, ":eleven": {"N": "11"}})";
  expect_all({
      {"n = :ten AND s = :s", R"({":ten": {"N": "10"}, ":s": {"S": "banana"}})", "true"},
      {"n = :ten AND s = :s", R"({":ten": {"N": "10"}, ":s": {"S": "x"}})", "false"},
      {"n = :eleven OR n = :ten", ten_eleven, "true"},
      {"n = :eleven OR n = :eleven", R"({":eleven": {"N": "11"}})", "false"},
      // AND binds tighter than OR, NOT tighter than AND.
      {"n = :ten OR n = :ten AND n = :eleven", ten_eleven, "true"},
      {"(n = :ten OR n = :ten) AND n = :eleven", ten_eleven, "false"},
      {"NOT n = :eleven AND n = :ten", ten_eleven, "true"},
      {"NOT (n = :ten)", R"({":ten": {"N": "10"}})", "false"},
      {"NOT attribute_exists(absent)", "{}", "true"},
      {"NOT NOT attribute_exists(n)", "{}", "true"},
      {"attribute_exists(n) AND attribute_exists(s) AND attribute_not_exists(q)", "{}", "true"},
  });
}

TEST(Conditions, AbsentItemHasNoAttributes) {
  EXPECT_EQ(condition("attribute_not_exists(pk)", "null"), "true");
  EXPECT_EQ(condition("attribute_exists(pk)", "null"), "false");
  EXPECT_EQ(condition("pk <> :v", "null", R"({":v": {"S": "p"}})"), "true");
  EXPECT_EQ(condition("pk = :v", "null", R"({":v": {"S": "p"}})"), "false");
  EXPECT_EQ(condition("size(pk) < :v", "null", R"({":v": {"N": "9"}})"), "false");
}

}  // namespace
}  // namespace localcloud::dynamodb::eval
