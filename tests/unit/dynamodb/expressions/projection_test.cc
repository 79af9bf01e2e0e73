// Projection grammar, reserved words, and path overlap after resolution.
#include <string>

#include "test_support.h"

namespace localcloud::dynamodb::expressions {
namespace {

using testing::Case;
using testing::parsed_projection;
using testing::Placeholders;
using testing::resolved_projection;

TEST(ProjectionParser, Paths) {
  const std::vector<Case> cases = {
      {"a", "a"},
      {"a, b.c, d[1]", "a, b.c, d[1]"},
      {"a,b", "a, b"},
      {" #a , #b.c[0][1] ", "#a, #b.c[0][1]"},
      // Condition and update keywords are plain names here.
      {"between, remove",
       "error: Invalid ProjectionExpression: Attribute name is a reserved "
       "keyword; reserved keyword: between"},
      {"pk, status",
       "error: Invalid ProjectionExpression: Attribute name is a reserved keyword; "
       "reserved keyword: status"},
      // AWS: dynalite's recorded expectations.
      {"", "error: Invalid ProjectionExpression: The expression can not be empty;"},
      // AWS: nubo conformance suite, GetItem.
      {"!!! INVALID !!!",
       "error: Invalid ProjectionExpression: Syntax error; token: \"!\", near: \"!!\""},
      {"a,", "error: Invalid ProjectionExpression: Syntax error; token: \"<EOF>\", near: \",\""},
      {"a b", "error: Invalid ProjectionExpression: Syntax error; token: \"b\", near: \"a b\""},
      {"size(a)",
       "error: Invalid ProjectionExpression: Syntax error; token: \"(\", near: \"size(a\""},
      {"user-id",
       "error: Invalid ProjectionExpression: Syntax error; token: \"-\", near: \"user-id\""},
      {":v", "error: Invalid ProjectionExpression: Syntax error; token: \":v\", near: \":v\""},
      {"a.", "error: Invalid ProjectionExpression: Syntax error; token: \"<EOF>\", near: \".\""},
  };
  for (const Case& c : cases) {
    EXPECT_EQ(parsed_projection(c.input), c.expected) << "input: " << c.input;
  }
}

TEST(ProjectionParser, Resolution) {
  struct ResolveCase {
    std::string input;
    Placeholders placeholders;
    std::string expected;
  };
  const std::string prefix = "error: Invalid ProjectionExpression: ";
  const std::vector<ResolveCase> cases = {
      {"#s, pk", {{{"#s", "status"}}, {}}, "status, pk"},
      {"#a.#b, c", {{{"#a", "x"}, {"#b", "y.z"}}, {}}, "x.`y.z`, c"},
      {"#x",
       {{{"#y", "a"}}, {}},
       prefix + "An expression attribute name used in the document path is not defined; "
                "attribute name: #x"},
      {"a, a.b",
       {},
       prefix + "Two document paths overlap with each other; must remove or rewrite one of "
                "these paths; path one: [a], path two: [a, b]"},
      {"a.b, a",
       {},
       prefix + "Two document paths overlap with each other; must remove or rewrite one of "
                "these paths; path one: [a, b], path two: [a]"},
      {"#n, a",
       {{{"#n", "a"}}, {}},
       prefix + "Two document paths overlap with each other; must remove or rewrite one of "
                "these paths; path one: [a], path two: [a]"},
      {"a.b, a[0]",
       {},
       prefix + "Two document paths conflict with each other; must remove or rewrite one of "
                "these paths; path one: [a, b], path two: [a, [0]]"},
      {"a.b, a.c, a[0].d, x, x.y",
       {},
       prefix + "Two document paths overlap with each other; must remove or rewrite one of "
                "these paths; path one: [x], path two: [x, y]"},
      {"a[1], a[2], a[1].b.c",
       {},
       prefix + "Two document paths overlap with each other; must remove or rewrite one of "
                "these paths; path one: [a, [1]], path two: [a, [1], b, c]"},
      {"a.b, a.c, b[1], b[2]", {}, "a.b, a.c, b[1], b[2]"},
      {"a",
       {{{"#unused", "x"}}, {}},
       "error: Value provided in ExpressionAttributeNames unused in expressions: keys: "
       "{#unused}"},
  };
  for (const ResolveCase& c : cases) {
    EXPECT_EQ(resolved_projection(c.input, c.placeholders), c.expected) << "input: " << c.input;
  }
}

}  // namespace
}  // namespace localcloud::dynamodb::expressions
