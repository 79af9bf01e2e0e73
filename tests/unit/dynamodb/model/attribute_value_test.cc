#include "model/attribute_value.h"

#include <gtest/gtest.h>

#include <functional>
#include <nlohmann/json.hpp>
#include <random>

namespace localcloud::dynamodb::model {
namespace {

constexpr MessageStyle kCurrent = MessageStyle::kCurrent;
constexpr MessageStyle kLegacy = MessageStyle::kLegacy;

const std::string kInvalid = "ValidationException: One or more parameter values were invalid: ";
const std::string kEmpty =
    "ValidationException: Supplied AttributeValue is empty, must contain exactly one of the "
    "supported datatypes";
const std::string kMany =
    "ValidationException: Supplied AttributeValue has more than one datatypes set, must contain "
    "exactly one of the supported datatypes";
const std::string kNotNumeric =
    "ValidationException: The parameter cannot be converted to a numeric value";
const std::string kNesting =
    "ValidationException: Nesting Levels have exceeded supported limits: Attributes in the item "
    "have nested levels beyond supported limit";
const std::string kSerialization = "SerializationException: ";
const std::string kMapClass =
    "Unrecognized collection type java.util.Map<java.lang.String, "
    "com.amazonaws.dynamodb.v20120810.AttributeValue>";

// `depth` single-key maps around a string leaf; the leaf sits at depth + 1.
std::string deep(int depth) {
  std::string out = R"({"S":"leaf"})";
  for (int i = 0; i < depth; ++i) out = std::string(R"({"M":{"n":)").append(out).append("}}");
  return out;
}

std::string render(const std::string& wire, ParseOptions options = {}) {
  try {
    return AttributeValue::from_json(nlohmann::json::parse(wire), options).to_json().dump();
  } catch (const AwsError& e) {
    return e.code() + ": " + e.message();
  }
}

struct Case {
  std::string wire;
  std::string want;
  MessageStyle style = kCurrent;
};

TEST(AttributeValue, RoundTripsWireJson) {
  const Case cases[] = {
      {R"({"S":"hello"})", R"({"S":"hello"})"},
      {R"({"S":""})", R"({"S":""})"},
      {R"({"S":"h\u00e9 \ud83d\ude00"})", "{\"S\":\"h\xc3\xa9 \xf0\x9f\x98\x80\"}"},
      {R"({"N":"1.50"})", R"({"N":"1.5"})"},
      {R"({"N":"-0"})", R"({"N":"0"})"},
      {R"({"N":"1e2"})", R"({"N":"100"})"},
      {R"({"B":"AAEC"})", R"({"B":"AAEC"})"},
      {R"({"B":""})", R"({"B":""})"},
      {R"({"B":"/w=="})", R"({"B":"/w=="})"},
      {R"({"BOOL":false})", R"({"BOOL":false})"},
      {R"({"BOOL":true})", R"({"BOOL":true})"},
      {R"({"NULL":true})", R"({"NULL":true})"},
      {R"({"SS":["b","a",""]})", R"({"SS":["b","a",""]})"},
      {R"({"NS":["10","1.50","-0"]})", R"({"NS":["10","1.5","0"]})"},
      {R"({"BS":["AA==","/w==",""]})", R"({"BS":["AA==","/w==",""]})"},
      {R"({"L":[{"S":"a"},{"N":"01"},{"L":[]}]})", R"({"L":[{"S":"a"},{"N":"1"},{"L":[]}]})"},
      {R"({"M":{"b":{"N":"2"},"a":{"M":{}}}})", R"({"M":{"a":{"M":{}},"b":{"N":"2"}}})"},
      // AWS's reader ignores members it does not know and treats null as absent.
      {R"({"S":"a","Foo":1})", R"({"S":"a"})"},
      {R"({"S":"a","N":null})", R"({"S":"a"})"},
      {deep(31), deep(31)},
  };
  for (const auto& c : cases) EXPECT_EQ(render(c.wire), c.want) << c.wire;
}

TEST(AttributeValue, ShapeErrorsAreSerializationExceptions) {
  const Case cases[] = {
      {R"("x")", "Unexpected value type in payload"},
      {R"(1)", "Unexpected value type in payload"},
      {R"([])",
       "Unrecognized collection type class com.amazonaws.dynamodb.v20120810.AttributeValue"},
      {R"({"S":1})", "NUMBER_VALUE cannot be converted to String"},
      {R"({"S":-2147483648})", "NUMBER_VALUE cannot be converted to String"},
      {R"({"S":34.56})", "DECIMAL_VALUE cannot be converted to String"},
      {R"({"S":1e3})", "DECIMAL_VALUE cannot be converted to String"},
      {R"({"S":true})", "TRUE_VALUE cannot be converted to String"},
      {R"({"N":false})", "FALSE_VALUE cannot be converted to String"},
      {R"({"N":123})", "NUMBER_VALUE cannot be converted to String"},
      {R"({"S":[]})", "Unrecognized collection type class java.lang.String"},
      {R"({"S":{"S":"asdf"}})", "Start of structure or map found where not expected"},
      {R"({"B":1})", "only base-64-encoded strings are convertible to bytes"},
      {R"({"B":true})", "only base-64-encoded strings are convertible to bytes"},
      {R"({"B":[]})", "Unrecognized collection type class java.nio.ByteBuffer"},
      {R"({"B":{}})", "Start of structure or map found where not expected"},
      {R"({"B":"23456"})", "Base64 encoded length is expected a multiple of 4 bytes but found: 5"},
      {R"({"B":"=+/="})", "Invalid last non-pad Base64 character dectected"},
      {R"({"B":"+/+="})", "Invalid last non-pad Base64 character dectected"},
      {R"({"B":"AB=="})", "Invalid last non-pad Base64 character dectected"},
      {R"({"B":"A==="})", "Invalid last non-pad Base64 character dectected"},
      {R"({"B":"ab!d"})", "Invalid Base64 character: '!'"},
      {R"({"BOOL":"23"})", "Unexpected token received from parser"},
      {R"({"BOOL":23})", "NUMBER_VALUE cannot be converted to Boolean"},
      {R"({"NULL":34.56})", "DECIMAL_VALUE cannot be converted to Boolean"},
      {R"({"BOOL":[]})", "Unrecognized collection type class java.lang.Boolean"},
      {R"({"NULL":{}})", "Start of structure or map found where not expected"},
      {R"({"SS":"a"})", "Unexpected field type"},
      {R"({"NS":1})", "Unexpected field type"},
      {R"({"BS":{}})", "Start of structure or map found where not expected"},
      {R"({"L":true})", "Unexpected field type"},
      {R"({"SS":[1]})", "NUMBER_VALUE cannot be converted to String"},
      {R"({"NS":["1",2]})", "NUMBER_VALUE cannot be converted to String"},
      {R"({"BS":[true]})", "only base-64-encoded strings are convertible to bytes"},
      {R"({"BS":["AAA"]})", "Base64 encoded length is expected a multiple of 4 bytes but found: 3"},
      {R"({"L":["x"]})", "Unexpected value type in payload"},
      {R"({"L":[[]]})",
       "Unrecognized collection type class com.amazonaws.dynamodb.v20120810.AttributeValue"},
      {R"({"M":"x"})", "Unexpected field type"},
      {R"({"M":[]})", kMapClass},
      {R"({"M":{"a":1}})", "Unexpected value type in payload"},
      {R"({"M":{"a":{"L":[{"M":{"b":{"S":false}}}]}}})",
       "FALSE_VALUE cannot be converted to String"},
      // The whole value is read before any content is judged.
      {R"({"L":[{"N":"x"},{"S":1}]})", "NUMBER_VALUE cannot be converted to String"},
  };
  for (const auto& c : cases) EXPECT_EQ(render(c.wire), kSerialization + c.want) << c.wire;
}

TEST(AttributeValue, ContentErrorsAreValidationExceptions) {
  const Case cases[] = {
      {R"({})", kEmpty},
      {R"({"X":"1"})", kEmpty},
      {R"({"S":null})", kEmpty},
      {R"({"L":[null]})", kEmpty},
      {R"({"M":{"a":{}}})", kEmpty},
      {R"({"S":"a","N":"1"})", kMany},
      {R"({"BOOL":true,"NULL":true})", kMany},
      // Each member's content is judged before the member count.
      {R"({"S":"a","N":"b"})", kNotNumeric + ": b"},
      {R"({"N":""})", kNotNumeric + ": "},
      {R"({"N":""})", kNotNumeric, kLegacy},
      {R"({"N":"abc"})", kNotNumeric + ": abc", kLegacy},
      {R"({"N":"1e126"})",
       "ValidationException: Number overflow. Attempting to store a number with magnitude larger "
       "than supported range"},
      {R"({"N":"1e-131"})",
       "ValidationException: Number underflow. Attempting to store a number with magnitude smaller "
       "than supported range"},
      {R"({"N":"123456789012345678901234567890123456789"})",
       "ValidationException: Attempting to store more than 38 significant digits in a Number"},
      {R"({"NS":["1",""]})", kNotNumeric + ": "},
      {R"({"NS":["1",""]})", kNotNumeric, kLegacy},
      {R"({"NS":["1","b"]})", kNotNumeric + ": b"},
      {R"({"NULL":false})", kInvalid + "Null attribute value types must have the value of true"},
      {R"({"SS":[]})", kInvalid + "An string set  may not be empty"},
      {R"({"NS":[]})", kInvalid + "An number set  may not be empty"},
      {R"({"BS":[]})", kInvalid + "Binary sets should not be empty"},
      {R"({"SS":["a","a"]})", kInvalid + R"(Input collection ["a", "a"] contains duplicates.)"},
      {R"({"SS":["a","a"]})", kInvalid + "Input collection [a, a] contains duplicates.", kLegacy},
      {R"({"SS":["b","a","b"]})",
       kInvalid + R"(Input collection ["a", "b", "b"] contains duplicates.)"},
      {R"({"SS":["c","a","b","a","0"]})",
       kInvalid + R"(Input collection ["a", "b", "c", "a", "0"] contains duplicates.)"},
      {R"({"SS":["b","a","b"]})", kInvalid + "Input collection [b, a, b] contains duplicates.",
       kLegacy},
      {R"({"SS":["",""]})", kInvalid + R"(Input collection ["", ""] contains duplicates.)"},
      {R"({"SS":["q\"","q\""]})",
       kInvalid + R"(Input collection ["q\"", "q\""] contains duplicates.)"},
      {R"({"BS":["/w==","AA==","AA=="]})",
       kInvalid + R"(Input collection ["AA==","/w==","AA=="]of type BS contains duplicates.)"},
      {R"({"BS":["/w==","AA==","AA=="]})",
       kInvalid + "Input collection [/w==, AA==, AA==]of type BS contains duplicates.", kLegacy},
      {R"({"BS":["",""]})",
       kInvalid + R"(Input collection ["",""]of type BS contains duplicates.)"},
      {R"({"NS":["2","1","2"]})", kInvalid + "Input collection contains duplicates."},
      {R"({"NS":["2","1","2"]})", "ValidationException: Input collection contains duplicates",
       kLegacy},
      // Numbers are duplicates when numerically equal.
      {R"({"NS":["10","1e1"]})", kInvalid + "Input collection contains duplicates."},
      // The first problem in document order wins.
      {R"({"L":[{"NULL":false},{"N":"x"}]})",
       kInvalid + "Null attribute value types must have the value of true"},
      {R"({"M":{"a":{"N":"x"},"b":{"SS":[]}}})", kNotNumeric + ": x"},
      // 32 levels are allowed, the leaf at level 33 is not.
      {deep(32), kNesting},
      {deep(40), kNesting},
      {R"({"L":[)" + deep(31) + "]}", kNesting},
  };
  for (const auto& c : cases) EXPECT_EQ(render(c.wire, {.style = c.style}), c.want) << c.wire;
}

TEST(AttributeValue, EnvelopeWrapsValueErrorsOnly) {
  const ParseOptions put_item{.style = kCurrent, .envelope = true};
  const Case cases[] = {
      {R"({"N":"1e126"})",
       "ValidationException: 1 validation error detected: Number overflow. Attempting to store a "
       "number with magnitude larger than supported range"},
      {R"({"N":"abc"})",
       "ValidationException: 1 validation error detected: The parameter cannot be converted to a "
       "numeric value: abc"},
      {R"({"SS":["a","a"]})",
       "ValidationException: 1 validation error detected: One or more parameter values were "
       "invalid: Input collection [\"a\", \"a\"] contains duplicates."},
      {deep(32), kNesting},
      {R"({"S":1})", kSerialization + "NUMBER_VALUE cannot be converted to String"},
  };
  for (const auto& c : cases) EXPECT_EQ(render(c.wire, put_item), c.want) << c.wire;
}

AttributeValue value(const std::string& wire) {
  return AttributeValue::from_json(nlohmann::json::parse(wire));
}

TEST(AttributeValue, EqualityComparesSetsAsSetsAndNumbersNumerically) {
  EXPECT_EQ(value(R"({"SS":["a","b"]})"), value(R"({"SS":["b","a"]})"));
  EXPECT_EQ(value(R"({"NS":["1","2"]})"), value(R"({"NS":["2.0","1"]})"));
  EXPECT_EQ(value(R"({"BS":["AA==","AQ=="]})"), value(R"({"BS":["AQ==","AA=="]})"));
  EXPECT_EQ(value(R"({"N":"100"})"), value(R"({"N":"1e2"})"));
  EXPECT_EQ(value(R"({"M":{"a":{"N":"1"},"b":{"L":[]}}})"),
            value(R"({"M":{"b":{"L":[]},"a":{"N":"1.0"}}})"));
  EXPECT_NE(value(R"({"SS":["a","b"]})"), value(R"({"SS":["a"]})"));
  EXPECT_NE(value(R"({"L":[{"S":"a"},{"S":"b"}]})"), value(R"({"L":[{"S":"b"},{"S":"a"}]})"));
  EXPECT_NE(value(R"({"S":"1"})"), value(R"({"N":"1"})"));
  EXPECT_NE(value(R"({"S":"AA=="})"), value(R"({"B":"AA=="})"));
  EXPECT_NE(value(R"({"SS":["AA=="]})"), value(R"({"BS":["AA=="]})"));
  EXPECT_NE(value(R"({"BOOL":true})"), value(R"({"NULL":true})"));
  EXPECT_EQ(AttributeValue(), value(R"({"NULL":true})"));
}

TEST(AttributeValue, TypedAccessors) {
  AttributeValue v = value(R"({"M":{"n":{"N":"-2.50"},"b":{"B":"AAE="},"s":{"SS":["x"]}}})");
  EXPECT_EQ(v.type(), AttributeType::kM);
  EXPECT_EQ(type_name(v.type()), "M");
  EXPECT_EQ(v.as_map().at("n").as_number().to_string(), "-2.5");
  EXPECT_EQ(v.as_map().at("b").as_binary(), std::string("\x00\x01", 2));
  EXPECT_EQ(v.as_map().at("s").as_bytes_set(), std::vector<std::string>{"x"});
  EXPECT_THROW(v.as_list(), std::bad_variant_access);
}

std::string render_item(const std::string& wire) {
  try {
    return item_to_json(item_from_json(nlohmann::json::parse(wire))).dump();
  } catch (const AwsError& e) {
    return e.code() + ": " + e.message();
  }
}

TEST(Item, ConvertsWholeItems) {
  const Case cases[] = {
      {R"({"id":{"S":"1"},"n":{"N":"2.0"}})", R"({"id":{"S":"1"},"n":{"N":"2"}})"},
      {R"({})", R"({})"},
      {R"("x")", kSerialization + "Unexpected field type"},
      {R"([])", kSerialization + kMapClass},
      {R"({"a":1})", kSerialization + "Unexpected value type in payload"},
      {R"({"a":null})", kEmpty},
      // Shape errors in any attribute beat content errors in any other.
      {R"({"a":{"N":"x"},"b":{"S":1}})",
       kSerialization + "NUMBER_VALUE cannot be converted to String"},
      {R"({"a":{"N":"x"},"b":{"SS":[]}})", kNotNumeric + ": x"},
  };
  for (const auto& c : cases) EXPECT_EQ(render_item(c.wire), c.want) << c.wire;
}

// item_to_wire writes what item_to_json(item).dump() would, byte for byte:
// stored items are compared as text.
TEST(Item, WireTextIsTheJsonDump) {
  const char* items[] = {
      R"({})",
      R"({"s":{"S":""},"n":{"N":"-0.50"},"b":{"B":""},"t":{"BOOL":true},"f":{"BOOL":false}})",
      R"({"z":{"NULL":true},"m":{"M":{}},"l":{"L":[]},"ss":{"SS":["b","a"]}})",
      R"({"ns":{"NS":["1","1e3","-2.5"]},"bs":{"BS":["AAE=","/w=="]}})",
      R"({"q":{"S":"quote \" slash \\ solidus / tab \t nl \n cr \r bs \b ff \f"}})",
      R"({"c":{"S":"\u0000\u0001\u001f\u007f \u00e9 \u20ac \ud83d\ude00"}})",
      R"({"key \"\n\u0002":{"M":{"b":{"L":[{"S":"x"},{"M":{"a":{"NULL":true}}},{"L":[]}]},"a":{"N":"7"}}}})",
  };
  for (const char* text : items) {
    Item item = item_from_json(nlohmann::json::parse(text));
    EXPECT_EQ(item_to_wire(item), item_to_json(item).dump()) << text;
  }

  // And on random items: every type, nested, with every byte below 0x80 and
  // some multi-byte characters in names and strings.
  std::mt19937 rng(7);
  auto pick = [&](int n) { return static_cast<int>(rng() % static_cast<unsigned>(n)); };
  auto text = [&] {
    static const std::string kExtra[] = {"\xc3\xa9", "\xe2\x82\xac", "\xf0\x9f\x98\x80"};
    std::string out;
    for (int i = pick(6); i > 0; --i) {
      if (pick(8) == 0) {
        out += kExtra[pick(3)];
      } else {
        out += static_cast<char>(pick(0x80));
      }
    }
    return out;
  };
  std::function<AttributeValue(int)> value = [&](int depth) -> AttributeValue {
    switch (pick(depth > 3 ? 8 : 10)) {
      case 0:
        return AttributeValue::string(text());
      case 1:
        return AttributeValue::number(Number::parse(std::to_string(pick(2000) - 1000)));
      case 2:
        return AttributeValue::binary(text());
      case 3:
        return AttributeValue::boolean(pick(2) == 1);
      case 4:
        return AttributeValue::null();
      case 5:
        return AttributeValue::string_set({text() + "a", text() + "b"});
      case 6:
        return AttributeValue::number_set({Number::parse("1.50"), Number::parse("-3")});
      case 7:
        return AttributeValue::binary_set({text() + "x"});
      case 8: {
        AttributeValue::Map m;
        for (int i = pick(4); i > 0; --i) m.emplace(text(), value(depth + 1));
        return AttributeValue::map(std::move(m));
      }
      default: {
        AttributeValue::List l;
        for (int i = pick(4); i > 0; --i) l.push_back(value(depth + 1));
        return AttributeValue::list(std::move(l));
      }
    }
  };
  for (int n = 0; n < 2000; ++n) {
    Item item;
    for (int i = pick(6); i > 0; --i) item.emplace(text(), value(0));
    ASSERT_EQ(item_to_wire(item), item_to_json(item).dump());
  }
}

}  // namespace
}  // namespace localcloud::dynamodb::model
