// Update application: SET (values, copies, + and -, if_not_exists,
// list_append, nested paths, list indexes), REMOVE, ADD and DELETE, and
// their errors. Behaviours follow Scylla's test_update_expression.py (run
// against AWS) and captures in paritysuite/dynamodb-conformance.
#include "test_support.h"

namespace localcloud::dynamodb::eval {
namespace {

using testing::update;

struct Case {
  std::string expression;
  std::string item;
  std::string values;
  std::string expected;
};

void expect_all(const std::vector<Case>& cases) {
  for (const Case& c : cases) {
    EXPECT_EQ(update(c.expression, c.item, c.values), c.expected)
        << c.expression << " on " << c.item << " with " << c.values;
  }
}

const std::string kMissing =
    "error: The provided expression refers to an attribute that does not exist in the item";
const std::string kWrongType =
    "error: An operand in the update expression has an incorrect data type";
const std::string kBadPath =
    "error: The document path provided in the update expression is invalid for update";

TEST(Update, SetValues) {
  expect_all({
      {"SET a = :v", R"({"pk": {"S": "p"}})", R"({":v": {"N": "4"}})",
       R"({"a":{"N":"4"},"pk":{"S":"p"}})"},
      {"SET a = :v", R"({"a": {"S": "old"}})", R"({":v": {"L": [{"N": "1"}]}})",
       R"({"a":{"L":[{"N":"1"}]}})"},
      {"SET x = :v, y = :v", "{}", R"({":v": {"N": "4"}})", R"({"x":{"N":"4"},"y":{"N":"4"}})"},
      {"SET d = :l, e = :m, f = :s, g = :b", "{}",
       R"({":l": {"L": []}, ":m": {"M": {}}, ":s": {"S": ""}, ":b": {"B": ""}})",
       R"({"d":{"L":[]},"e":{"M":{}},"f":{"S":""},"g":{"B":""}})"},
  });
}

TEST(Update, NameReferencesAreOneStep) {
  EXPECT_EQ(update("SET #a = :v", "{}", R"({":v": {"S": "dot"}})", R"({"#a": "a.b"})"),
            R"({"a.b":{"S":"dot"}})");
  EXPECT_EQ(
      update("SET #one = #two", R"({"a": {"S": "hello"}})", "{}", R"({"#one": "c", "#two": "a"})"),
      R"({"a":{"S":"hello"},"c":{"S":"hello"}})");
}

TEST(Update, SetCopiesReadTheOldItem) {
  expect_all({
      {"SET b = a", R"({"a": {"S": "hello"}})", "{}", R"({"a":{"S":"hello"},"b":{"S":"hello"}})"},
      {"SET c = z", R"({"a": {"S": "hello"}})", "{}", kMissing},
      {"SET z = z", R"({"a": {"S": "hello"}})", "{}", kMissing},
      {"SET a = a", R"({"a": {"S": "hello"}})", "{}", R"({"a":{"S":"hello"}})"},
      // Operands are read before anything is written.
      {"SET x = :v, y = x", R"({"a": {"N": "1"}})", R"({":v": {"N": "4"}})", kMissing},
      {"SET a = b, b = a", R"({"a": {"N": "1"}, "b": {"N": "2"}})", "{}",
       R"({"a":{"N":"2"},"b":{"N":"1"}})"},
      {"REMOVE a SET b = a", R"({"a": {"S": "hello"}})", "{}", R"({"b":{"S":"hello"}})"},
      {"SET c = b REMOVE b", R"({"b": {"S": "hello"}})", "{}", R"({"c":{"S":"hello"}})"},
      {"SET z = a.c.x", R"({"a": {"M": {"b": {"N": "3"}, "c": {"M": {"x": {"N": "7"}}}}}})", "{}",
       R"({"a":{"M":{"b":{"N":"3"},"c":{"M":{"x":{"N":"7"}}}}},"z":{"N":"7"}})"},
      {"SET z = l[1]", R"({"l": {"L": [{"S": "a"}, {"S": "b"}]}})", "{}",
       R"({"l":{"L":[{"S":"a"},{"S":"b"}]},"z":{"S":"b"}})"},
      {"SET z = l[2]", R"({"l": {"L": [{"S": "a"}, {"S": "b"}]}})", "{}", kMissing},
  });
}

TEST(Update, Arithmetic) {
  expect_all({
      {"SET b = :x + :y", "{}", R"({":x": {"N": "4"}, ":y": {"N": "3"}})", R"({"b":{"N":"7"}})"},
      {"SET b = :x - :y", "{}", R"({":x": {"N": "5"}, ":y": {"N": "2"}})", R"({"b":{"N":"3"}})"},
      {"SET a = a + :v", R"({"a": {"N": "2"}})", R"({":v": {"N": "3"}})", R"({"a":{"N":"5"}})"},
      {"SET a = :v - a", R"({"a": {"N": "2"}})", R"({":v": {"N": "3"}})", R"({"a":{"N":"1"}})"},
      {"SET a = b + a", R"({"a": {"N": "9"}, "b": {"N": "10"}})", "{}",
       R"({"a":{"N":"19"},"b":{"N":"10"}})"},
      {"SET f = f + :f", R"({"f": {"N": "0.1"}})", R"({":f": {"N": "0.2"}})",
       R"({"f":{"N":"0.3"}})"},
      {"SET a = a - :v", R"({"a": {"N": "1"}})", R"({":v": {"N": "1"}})", R"({"a":{"N":"0"}})"},
      {"SET a = a - :v", R"({"a": {"N": "1"}})", R"({":v": {"N": "3.5"}})",
       R"({"a":{"N":"-2.5"}})"},
      {"SET a = a + :v", R"({"a": {"N": "12345678901234567890123456789012345678"}})",
       R"({":v": {"N": "1"}})", R"({"a":{"N":"12345678901234567890123456789012345679"}})"},
      {"SET m.c = m.c + :v", R"({"m": {"M": {"c": {"N": "10"}}}})", R"({":v": {"N": "5"}})",
       R"({"m":{"M":{"c":{"N":"15"}}}})"},
      {"SET a = a + :v", R"({"a": {"N": "9.9999999999999999999999999999999999999E+125"}})",
       R"({":v": {"N": "9.9999999999999999999999999999999999999E+125"}})",
       "error: Number overflow. Attempting to store a number with magnitude larger than "
       "supported range"},
      {"SET a = a + :v", R"({"a": {"S": "x"}})", R"({":v": {"N": "1"}})", kWrongType},
      {"SET a = :v + a", R"({"a": {"SS": ["x"]}})", R"({":v": {"N": "1"}})", kWrongType},
      {"SET a = b + :v", R"({"a": {"N": "1"}})", R"({":v": {"N": "1"}})", kMissing},
      // The left operand's type is checked before the right one is read.
      {"SET a = s - b", R"({"s": {"S": "x"}})", "{}", kWrongType},
  });
}

TEST(Update, IfNotExists) {
  expect_all({
      {"SET a = if_not_exists(a, :v)", "{}", R"({":v": {"N": "2"}})", R"({"a":{"N":"2"}})"},
      {"SET a = if_not_exists(a, :v)", R"({"a": {"N": "2"}})", R"({":v": {"N": "3"}})",
       R"({"a":{"N":"2"}})"},
      {"SET b = if_not_exists(a, :v)", R"({"a": {"N": "2"}})", R"({":v": {"N": "6"}})",
       R"({"a":{"N":"2"},"b":{"N":"2"}})"},
      {"SET b = if_not_exists(c, :v)", R"({"a": {"N": "2"}})", R"({":v": {"N": "4"}})",
       R"({"a":{"N":"2"},"b":{"N":"4"}})"},
      {"SET b = if_not_exists(b, :one) + :two", "{}", R"({":one": {"N": "2"}, ":two": {"N": "3"}})",
       R"({"b":{"N":"5"}})"},
      {"SET b = if_not_exists(b, :one) + :two", R"({"b": {"N": "10"}})",
       R"({":one": {"N": "2"}, ":two": {"N": "3"}})", R"({"b":{"N":"13"}})"},
      {"SET a = if_not_exists(a, c)", "{}", "{}", kMissing},
      {"SET a = if_not_exists(b, if_not_exists(c, :v))", "{}", R"({":v": {"S": "x"}})",
       R"({"a":{"S":"x"}})"},
      {"SET m.n = if_not_exists(m.n, :v)", R"({"m": {"M": {}}})", R"({":v": {"N": "0"}})",
       R"({"m":{"M":{"n":{"N":"0"}}}})"},
  });
}

TEST(Update, ListAppend) {
  const std::string list = R"({"a": {"L": [{"S": "hi"}, {"N": "2"}]}})";
  expect_all({
      {"SET a = list_append(:x, :y)", "{}",
       R"({":x": {"L": [{"N": "4"}]}, ":y": {"L": [{"S": "h"}]}})",
       R"({"a":{"L":[{"N":"4"},{"S":"h"}]}})"},
      {"SET a = list_append(a, :v)", list, R"({":v": {"L": [{"N": "4"}]}})",
       R"({"a":{"L":[{"S":"hi"},{"N":"2"},{"N":"4"}]}})"},
      {"SET a = list_append(:v, a)", list, R"({":v": {"L": [{"S": "dog"}]}})",
       R"({"a":{"L":[{"S":"dog"},{"S":"hi"},{"N":"2"}]}})"},
      {"SET b = list_append(a, a)", list, "{}",
       R"({"a":{"L":[{"S":"hi"},{"N":"2"}]},"b":{"L":[{"S":"hi"},{"N":"2"},{"S":"hi"},{"N":"2"}]}})"},
      {"SET b = list_append(if_not_exists(b, :empty), :v)", "{}",
       R"({":empty": {"L": []}, ":v": {"L": [{"N": "9"}]}})", R"({"b":{"L":[{"N":"9"}]}})"},
      {"SET b = list_append(b, :v)", "{}", R"({":v": {"L": [{"N": "9"}]}})", kMissing},
      {"SET a = list_append(a, :v)", R"({"a": {"S": "x"}})", R"({":v": {"L": []}})", kWrongType},
      {"SET a = list_append(:v, a)", R"({"a": {"M": {}}})", R"({":v": {"L": []}})", kWrongType},
      {"SET b = list_append(a, :v)", list, R"({":v": {"L": []}})",
       R"({"a":{"L":[{"S":"hi"},{"N":"2"}]},"b":{"L":[{"S":"hi"},{"N":"2"}]}})"},
  });
}

TEST(Update, NestedSet) {
  expect_all({
      {"SET a.c = :v", R"({"a": {"M": {"b": {"N": "3"}, "c": {"N": "4"}}}})",
       R"({":v": {"N": "7"}})", R"({"a":{"M":{"b":{"N":"3"},"c":{"N":"7"}}}})"},
      {"SET a.d = :v", R"({"a": {"M": {"b": {"N": "3"}}}})", R"({":v": {"N": "3"}})",
       R"({"a":{"M":{"b":{"N":"3"},"d":{"N":"3"}}}})"},
      {"SET a.c = :v", R"({"a": {"M": {"c": {"M": {"one": {"N": "1"}}}}}})",
       R"({":v": {"N": "7"}})", R"({"a":{"M":{"c":{"N":"7"}}}})"},
      {"SET a.b = :x, a.c.d = :y, b.x = :z REMOVE a.x, b.y",
       R"({"a": {"M": {"x": {"N": "3"}, "y": {"N": "4"}, "c": {"M": {"y": {"N": "3"}}}}},
           "b": {"M": {"x": {"N": "1"}, "y": {"N": "2"}}}})",
       R"({":x": {"N": "10"}, ":y": {"S": "dog"}, ":z": {"N": "17"}})",
       R"({"a":{"M":{"b":{"N":"10"},"c":{"M":{"d":{"S":"dog"},"y":{"N":"3"}}},"y":{"N":"4"}}},"b":{"M":{"x":{"N":"17"}}}})"},
      {"SET a.c[1].x.y[1] = :v",
       R"({"a": {"M": {"c": {"L": [{"S": "hi"}, {"M": {"x": {"M": {"y": {"L": [{"N": "3"}, {"N": "5"}]}}}}}]}}}})",
       R"({":v": {"N": "9"}})",
       R"({"a":{"M":{"c":{"L":[{"S":"hi"},{"M":{"x":{"M":{"y":{"L":[{"N":"3"},{"N":"9"}]}}}}}]}}}})"},
  });
}

TEST(Update, InvalidPathsForUpdate) {
  const std::string item = R"({"a": {"S": "hello"}, "b": {"L": [{"S": "hi"}]}, "m": {"M": {}}})";
  const std::string v = R"({":v": {"N": "7"}})";
  expect_all({
      {"SET a.c = :v", item, v, kBadPath},
      {"SET b.c = :v", item, v, kBadPath},
      {"SET c.c = :v", item, v, kBadPath},
      {"SET a[0] = :v", item, v, kBadPath},
      {"SET c[0] = :v", item, v, kBadPath},
      {"SET m[0] = :v", item, v, kBadPath},
      {"SET m.x.y = :v", item, v, kBadPath},
      {"SET b[3].x = :v", item, v, kBadPath},
      {"REMOVE a.c", item, "{}", kBadPath},
      {"REMOVE b.c", item, "{}", kBadPath},
      {"REMOVE c.c", item, "{}", kBadPath},
      {"REMOVE a[0]", item, "{}", kBadPath},
      {"REMOVE c[0]", item, "{}", kBadPath},
      {"ADD c.n :v", item, v, kBadPath},
      {"DELETE c.s :s", item, R"({":s": {"SS": ["x"]}})", kBadPath},
      // A missing final step is fine when its parent exists.
      {"SET m.x = :v", item, v,
       R"({"a":{"S":"hello"},"b":{"L":[{"S":"hi"}]},"m":{"M":{"x":{"N":"7"}}}})"},
  });
}

TEST(Update, ListIndexes) {
  const std::string three = R"({"a": {"L": [{"S": "one"}, {"S": "two"}, {"S": "three"}]}})";
  expect_all({
      {"SET a[1] = :v", three, R"({":v": {"S": "hello"}})",
       R"({"a":{"L":[{"S":"one"},{"S":"hello"},{"S":"three"}]}})"},
      // Past the end appends, without padding.
      {"SET a[7] = :v", three, R"({":v": {"S": "hello"}})",
       R"({"a":{"L":[{"S":"one"},{"S":"two"},{"S":"three"},{"S":"hello"}]}})"},
      {"SET a[84] = :a1, a[37] = :a2, a[17] = :a3, a[50] = :a4", three,
       R"({":a1": {"S": "a1"}, ":a2": {"S": "a2"}, ":a3": {"S": "a3"}, ":a4": {"S": "a4"}})",
       R"({"a":{"L":[{"S":"one"},{"S":"two"},{"S":"three"},{"S":"a3"},{"S":"a2"},{"S":"a4"},{"S":"a1"}]}})"},
      {"SET a[0] = :v", R"({"a": {"L": []}})", R"({":v": {"S": "first"}})",
       R"({"a":{"L":[{"S":"first"}]}})"},
      {"SET a[0] = :x, a[2] = :y", three, R"({":x": {"N": "0"}, ":y": {"N": "2"}})",
       R"({"a":{"L":[{"N":"0"},{"S":"two"},{"N":"2"}]}})"},
  });
}

TEST(Update, Remove) {
  expect_all({
      {"REMOVE a", R"({"a": {"S": "hello"}, "b": {"S": "hi"}})", "{}", R"({"b":{"S":"hi"}})"},
      {"REMOVE absent", R"({"b": {"S": "hi"}})", "{}", R"({"b":{"S":"hi"}})"},
      {"REMOVE a, b", R"({"a": {"S": "hello"}, "b": {"S": "hi"}})", "{}", "{}"},
      {"REMOVE m.x", R"({"m": {"M": {"x": {"N": "1"}, "y": {"N": "2"}}}})", "{}",
       R"({"m":{"M":{"y":{"N":"2"}}}})"},
      {"REMOVE m.absent", R"({"m": {"M": {"x": {"N": "1"}}}})", "{}",
       R"({"m":{"M":{"x":{"N":"1"}}}})"},
      {"REMOVE m.b", R"({"m": {"M": {"b": {"N": "1"}}}})", "{}", R"({"m":{"M":{}}})"},
      {"REMOVE a[0]", R"({"a": {"L": [{"N": "1"}]}})", "{}", R"({"a":{"L":[]}})"},
      {"REMOVE a[1]", R"({"a": {"L": [{"S": "a"}, {"S": "b"}, {"S": "c"}, {"S": "d"}]}})", "{}",
       R"({"a":{"L":[{"S":"a"},{"S":"c"},{"S":"d"}]}})"},
      {"REMOVE a[17]", R"({"a": {"L": [{"N": "4"}, {"N": "5"}]}})", "{}",
       R"({"a":{"L":[{"N":"4"},{"N":"5"}]}})"},
      // Several indexes name the elements as they were.
      {"REMOVE a[0], a[2]", R"({"a": {"L": [{"S": "a"}, {"S": "b"}, {"S": "c"}]}})", "{}",
       R"({"a":{"L":[{"S":"b"}]}})"},
      {"REMOVE a[2], a[0]", R"({"a": {"L": [{"S": "a"}, {"S": "b"}, {"S": "c"}]}})", "{}",
       R"({"a":{"L":[{"S":"b"}]}})"},
      {"REMOVE a.c[1].x.y[1], a.c[1].q",
       R"({"a": {"M": {"b": {"N": "3"}, "c": {"L": [{"S": "hi"}, {"M": {"x": {"M": {"y": {"L": [{"N": "3"}, {"N": "5"}, {"N": "7"}]}}}, "q": {"N": "2"}}}]}}}})",
       "{}",
       R"({"a":{"M":{"b":{"N":"3"},"c":{"L":[{"S":"hi"},{"M":{"x":{"M":{"y":{"L":[{"N":"3"},{"N":"7"}]}}}}}]}}}})"},
      {"REMOVE a[1], a[3].x",
       R"({"a": {"L": [{"N": "0"}, {"N": "1"}, {"N": "2"}, {"M": {"x": {"N": "3"}, "y": {"N": "4"}}}]}})",
       "{}", R"({"a":{"L":[{"N":"0"},{"N":"2"},{"M":{"y":{"N":"4"}}}]}})"},
  });
}

TEST(Update, RemoveAndSetUseOriginalListPositions) {
  const std::string list =
      R"({"a": {"L": [{"N": "2"}, {"N": "3"}, {"N": "4"}, {"N": "5"}, {"N": "6"}, {"N": "7"}]}})";
  const std::string expected =
      R"({"a":{"L":[{"N":"2"},{"N":"4"},{"N":"17"},{"N":"6"},{"N":"7"}]}})";
  expect_all({
      {"REMOVE a[1] SET a[3] = :v", list, R"({":v": {"N": "17"}})", expected},
      {"SET a[3] = :v REMOVE a[1]", list, R"({":v": {"N": "17"}})", expected},
      {"SET a[9] = :v REMOVE a[0]", R"({"a": {"L": [{"N": "1"}, {"N": "2"}]}})",
       R"({":v": {"N": "3"}})", R"({"a":{"L":[{"N":"2"},{"N":"3"}]}})"},
  });
}

TEST(Update, AddNumbers) {
  expect_all({
      {"ADD a :v", R"({"a": {"N": "3"}})", R"({":v": {"N": "4"}})", R"({"a":{"N":"7"}})"},
      {"ADD a :v", R"({"a": {"N": "3"}})", R"({":v": {"N": "-3"}})", R"({"a":{"N":"0"}})"},
      {"ADD b :v", R"({"a": {"S": "hello"}})", R"({":v": {"N": "7"}})",
       R"({"a":{"S":"hello"},"b":{"N":"7"}})"},
      {"ADD m.c :v", R"({"m": {"M": {}}})", R"({":v": {"N": "1"}})",
       R"({"m":{"M":{"c":{"N":"1"}}}})"},
      {"ADD l[0] :v", R"({"l": {"L": [{"N": "1"}]}})", R"({":v": {"N": "1"}})",
       R"({"l":{"L":[{"N":"2"}]}})"},
      {"ADD b :v", R"({"b": {"S": "hi"}})", R"({":v": {"N": "1"}})", kWrongType},
      {"ADD b :v", R"({"b": {"NS": ["1"]}})", R"({":v": {"N": "1"}})", kWrongType},
  });
}

TEST(Update, AddSets) {
  expect_all({
      {"ADD a :v", R"({"a": {"SS": ["dog", "cat", "mouse"]}})", R"({":v": {"SS": ["pig"]}})",
       R"({"a":{"SS":["dog","cat","mouse","pig"]}})"},
      {"ADD a :v", R"({"a": {"SS": ["beaver", "lynx", "coati"]}})",
       R"({":v": {"SS": ["coati", "beaver", "badger"]}})",
       R"({"a":{"SS":["beaver","lynx","coati","badger"]}})"},
      {"ADD a :v", R"({"a": {"NS": ["1", "5"]}})", R"({":v": {"NS": ["5.0", "7"]}})",
       R"({"a":{"NS":["1","5","7"]}})"},
      {"ADD a :v", R"({"a": {"BS": ["AQ=="]}})", R"({":v": {"BS": ["Ag==", "AQ=="]}})",
       R"({"a":{"BS":["AQ==","Ag=="]}})"},
      {"ADD b :v", "{}", R"({":v": {"SS": ["dog"]}})", R"({"b":{"SS":["dog"]}})"},
      {"ADD a :v", R"({"a": {"SS": ["x"]}})", R"({":v": {"NS": ["1"]}})", kWrongType},
      {"ADD a :v", R"({"a": {"L": []}})", R"({":v": {"SS": ["x"]}})", kWrongType},
  });
}

TEST(Update, DeleteFromSets) {
  const std::string pets = R"({"a": {"SS": ["dog", "cat", "mouse"]}, "b": {"S": "hi"}})";
  expect_all({
      {"DELETE a :v", pets, R"({":v": {"SS": ["cat", "mouse"]}})",
       R"({"a":{"SS":["dog"]},"b":{"S":"hi"}})"},
      {"DELETE a :v", pets, R"({":v": {"SS": ["pig"]}})",
       R"({"a":{"SS":["dog","cat","mouse"]},"b":{"S":"hi"}})"},
      // Emptying a set removes the attribute.
      {"DELETE a :v", pets, R"({":v": {"SS": ["dog", "cat", "mouse", "pig"]}})",
       R"({"b":{"S":"hi"}})"},
      {"DELETE c :v", pets, R"({":v": {"SS": ["dog"]}})",
       R"({"a":{"SS":["dog","cat","mouse"]},"b":{"S":"hi"}})"},
      {"DELETE n :v", R"({"n": {"NS": ["1", "2.5"]}})", R"({":v": {"NS": ["2.50"]}})",
       R"({"n":{"NS":["1"]}})"},
      {"DELETE n :v", R"({"n": {"BS": ["AQ==", "Ag=="]}})", R"({":v": {"BS": ["AQ=="]}})",
       R"({"n":{"BS":["Ag=="]}})"},
      {"DELETE m.s :v", R"({"m": {"M": {"s": {"SS": ["x", "y"]}}}})", R"({":v": {"SS": ["x"]}})",
       R"({"m":{"M":{"s":{"SS":["y"]}}}})"},
      {"DELETE a :v", pets, R"({":v": {"NS": ["1"]}})", kWrongType},
      {"DELETE b :v", pets, R"({":v": {"SS": ["hi"]}})", kWrongType},
  });
}

TEST(Update, ValueTypeChecksComeFirst) {
  const std::string prefix =
      "error: Invalid UpdateExpression: Incorrect operand type for operator or function; ";
  const std::string item = R"({"n": {"N": "5"}, "s": {"SS": ["m"]}})";
  expect_all({
      // Captured against DynamoDB (eu-west-2, 2026-09): DELETE names the ADD typeSet too.
      {"ADD n :v", item, R"({":v": {"S": "x"}})",
       prefix + "operator: ADD, operand type: STRING, typeSet: ALLOWED_FOR_ADD_OPERAND"},
      {"SET t = :t ADD n :v", item, R"({":t": {"S": "t"}, ":v": {"BOOL": true}})",
       prefix + "operator: ADD, operand type: BOOL, typeSet: ALLOWED_FOR_ADD_OPERAND"},
      {"DELETE nope :v", item, R"({":v": {"L": [{"S": "m"}]}})",
       prefix + "operator: DELETE, operand type: LIST, typeSet: ALLOWED_FOR_ADD_OPERAND"},
      {"DELETE s :v", item, R"({":v": {"N": "1"}})",
       prefix + "operator: DELETE, operand type: NUMBER, typeSet: ALLOWED_FOR_ADD_OPERAND"},
      {"ADD n :v", item, R"({":v": {"M": {}}})",
       prefix + "operator: ADD, operand type: MAP, typeSet: ALLOWED_FOR_ADD_OPERAND"},
      {"ADD n :v", item, R"({":v": {"B": "AQ=="}})",
       prefix + "operator: ADD, operand type: BINARY, typeSet: ALLOWED_FOR_ADD_OPERAND"},
      {"ADD n :v", item, R"({":v": {"NULL": true}})",
       prefix + "operator: ADD, operand type: NULL, typeSet: ALLOWED_FOR_ADD_OPERAND"},
      {"DELETE s :v", item, R"({":v": {"S": "m"}})",
       prefix + "operator: DELETE, operand type: STRING, typeSet: ALLOWED_FOR_ADD_OPERAND"},
      {"SET a = :x + :y", item, R"({":x": {"S": "dog"}, ":y": {"N": "3"}})",
       prefix + "operator or function: +, operand type: S"},
      {"SET a = :x - :y", item, R"({":x": {"N": "3"}, ":y": {"L": []}})",
       prefix + "operator or function: -, operand type: L"},
      {"SET a = list_append(:x, :y)", item, R"({":x": {"L": []}, ":y": {"S": "hi"}})",
       prefix + "operator or function: list_append, operand type: S"},
      {"SET a = list_append(n, :y)", item, R"({":y": {"M": {}}})",
       prefix + "operator or function: list_append, operand type: M"},
      {"SET a = list_append(n, s) + :y", item, R"({":y": {"N": "1"}})",
       prefix + "operator or function: +, operand type: L"},
      // if_not_exists may yield anything, so only evaluation can tell.
      {"SET a = if_not_exists(a, :x) + :y", item, R"({":x": {"S": "s"}, ":y": {"N": "1"}})",
       kWrongType},
  });
}

TEST(Update, AnErrorLeavesTheItemUnchanged) {
  const Values bound = testing::values(R"({":v": {"N": "1"}})");
  for (const char* text : {"SET a = :v, b = c", "REMOVE a SET x.y = :v", "ADD a :v, s :v"}) {
    expressions::UpdateExpression parsed = expressions::parse_update(text);
    testing::resolver("{}", bound).resolve(parsed);
    model::Item subject = testing::item(R"({"a": {"N": "5"}, "s": {"S": "x"}})");
    EXPECT_THROW(apply_update(parsed, subject, bound), AwsError) << text;
    EXPECT_EQ(testing::render(subject), R"({"a":{"N":"5"},"s":{"S":"x"}})") << text;
  }
}

TEST(Update, ReportsThePathsItWrote) {
  std::string paths;
  EXPECT_EQ(update("SET a[7] = :v, b = :v REMOVE c ADD d :n",
                   R"({"a": {"L": [{"N": "1"}]}, "c": {"N": "1"}})",
                   R"({":v": {"N": "2"}, ":n": {"N": "1"}})", "{}", &paths),
            R"({"a":{"L":[{"N":"1"},{"N":"2"}]},"b":{"N":"2"},"d":{"N":"1"}})");
  // The append is reported where it landed.
  EXPECT_EQ(paths, "a[1], b, c, d");
  EXPECT_EQ(update("SET #x.#y = :v", R"({"m": {"M": {}}})", R"({":v": {"N": "2"}})",
                   R"({"#x": "m", "#y": "k.z"})", &paths),
            R"({"m":{"M":{"k.z":{"N":"2"}}}})");
  EXPECT_EQ(paths, "m.`k.z`");
}

}  // namespace
}  // namespace localcloud::dynamodb::eval
