// Projection: nested paths keep the item's shape, list elements are
// compacted in index order, missing paths vanish. Expected outcomes are
// those of Scylla's test_projection_expression.py, run against AWS.
#include "test_support.h"

namespace localcloud::dynamodb::eval {
namespace {

using testing::projection;

constexpr std::string_view kItem = R"({
  "p": {"S": "key"},
  "a": {"M": {"b": {"L": [{"N": "2"}, {"N": "4"}, {"M": {"x": {"S": "hi"}, "y": {"S": "yo"}}}]},
              "c": {"N": "5"}}},
  "b": {"S": "hello"},
  "a.b": {"S": "dotted"}
})";

struct Case {
  std::string expression;
  std::string expected;
};

void expect_all(const std::vector<Case>& cases) {
  for (const Case& c : cases)
    EXPECT_EQ(projection(c.expression, kItem), c.expected) << c.expression;
}

TEST(Projection, TopLevelAttributes) {
  expect_all({
      {"p", R"({"p":{"S":"key"}})"},
      {"p, b", R"({"b":{"S":"hello"},"p":{"S":"key"}})"},
      {"a",
       R"({"a":{"M":{"b":{"L":[{"N":"2"},{"N":"4"},{"M":{"x":{"S":"hi"},"y":{"S":"yo"}}}]},"c":{"N":"5"}}}})"},
      {"x", "{}"},
      {"x, b", R"({"b":{"S":"hello"}})"},
  });
}

TEST(Projection, NestedPathsKeepTheShape) {
  expect_all({
      {"a.c", R"({"a":{"M":{"c":{"N":"5"}}}})"},
      {"a.b[0]", R"({"a":{"M":{"b":{"L":[{"N":"2"}]}}}})"},
      {"a.b[2]", R"({"a":{"M":{"b":{"L":[{"M":{"x":{"S":"hi"},"y":{"S":"yo"}}}]}}}})"},
      {"a.b[2].y", R"({"a":{"M":{"b":{"L":[{"M":{"y":{"S":"yo"}}}]}}}})"},
      {"a.b[0], a.b[1]", R"({"a":{"M":{"b":{"L":[{"N":"2"},{"N":"4"}]}}}})"},
      // Elements come back compacted, in index order.
      {"a.b[2].x, a.b[0]", R"({"a":{"M":{"b":{"L":[{"N":"2"},{"M":{"x":{"S":"hi"}}}]}}}})"},
      {"a.b[0], a.c", R"({"a":{"M":{"b":{"L":[{"N":"2"}]},"c":{"N":"5"}}}})"},
      {"a.c, b", R"({"a":{"M":{"c":{"N":"5"}}},"b":{"S":"hello"}})"},
  });
}

TEST(Projection, MissingPathsAreSkipped) {
  expect_all({
      {"a.b[3]", "{}"},
      {"a.x", "{}"},
      {"a.x.y", "{}"},
      {"a.b[3].x", "{}"},
      {"a.b.x", "{}"},     // a list read as a map
      {"a[0]", "{}"},      // a map read as a list
      {"a.b[0].x", "{}"},  // a number read as a map
      {"a.b[0][0]", "{}"},
      {"b.x", "{}"},
      {"a.x, a.b[0], x, a.b[3].x", R"({"a":{"M":{"b":{"L":[{"N":"2"}]}}}})"},
  });
}

TEST(Projection, NameReferences) {
  EXPECT_EQ(projection("#n1.#n2", kItem, R"({"#n1": "a", "#n2": "c"})"),
            R"({"a":{"M":{"c":{"N":"5"}}}})");
  EXPECT_EQ(projection("#d", kItem, R"({"#d": "a.b"})"), R"({"a.b":{"S":"dotted"}})");
  EXPECT_EQ(projection("a.b[1]", kItem), R"({"a":{"M":{"b":{"L":[{"N":"4"}]}}}})");
}

TEST(Projection, OfAnEmptyItem) { EXPECT_EQ(projection("a, b.c[1]", "{}"), "{}"); }

}  // namespace
}  // namespace localcloud::dynamodb::eval
