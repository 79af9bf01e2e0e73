#include "model/item_size.h"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

namespace localcloud::dynamodb::model {
namespace {

TEST(ItemSize, NumbersCostWhatAwsMeasures) {
  // Each literal's cost as captured against eu-west-2 by an accept/reject
  // pair either side of the 400 KB gate (paritysuite/dynamodb-conformance).
  struct Case {
    const char* literal;
    size_t bytes;
  };
  const Case cases[] = {
      {"0", 1},         {"1", 2},     {"12", 2},
      {"123", 3},       {"1234", 3},  {"12345678901234567890123456789012345678", 20},
      {"0042", 2},      {"100", 2},   {"1010", 3},
      {"0.0000001", 2}, {"1E125", 2}, {"1E-100", 2},
      {"1.5", 3},       {"15", 2},    {"1.2", 3},
      {"1.200", 3},     {"1.234", 4}, {"3.14159", 5},
      {"123456", 4},    {"100.5", 4}, {"0.15", 2},
      {"-42", 3},       {"-0", 1},
  };
  for (const auto& c : cases)
    EXPECT_EQ(number_size(Number::parse(c.literal)), c.bytes) << c.literal;
}

size_t size_of(const std::string& wire) {
  return item_size(item_from_json(nlohmann::json::parse(wire)));
}

TEST(ItemSize, FollowsTheDocumentedRules) {
  struct Case {
    const char* item;
    size_t bytes;
  };
  const Case cases[] = {
      {R"({})", 0},
      // Name bytes plus UTF-8 bytes of the string.
      {R"({"id":{"S":"abc"}})", 2 + 3},
      {R"({"caf\u00e9":{"S":"\u00e9"}})", 5 + 2},
      {R"({"s":{"S":""}})", 1 + 0},
      // Raw bytes, not base64 characters.
      {R"({"b":{"B":"AAECAw=="}})", 1 + 4},
      {R"({"n":{"N":"12345"}})", 1 + 4},
      {R"({"flag":{"BOOL":true}})", 4 + 1},
      {R"({"nothing":{"NULL":true}})", 7 + 1},
      // A List or Map costs 3 bytes plus 1 byte per element plus the elements.
      {R"({"l":{"L":[]}})", 1 + 3},
      {R"({"m":{"M":{}}})", 1 + 3},
      {R"({"l":{"L":[{"S":"xy"},{"N":"1"}]}})", 1 + 3 + (1 + 2) + (1 + 2)},
      {R"({"m":{"M":{"k":{"NULL":true},"key":{"S":"v"}}}})", 1 + 3 + (1 + 1 + 1) + (1 + 3 + 1)},
      {R"({"m":{"M":{"l":{"L":[{"M":{}}]}}}})", 1 + 3 + (1 + 1 + 3 + (1 + 3))},
      // Sets are the sum of their members.
      {R"({"ss":{"SS":["a","bc",""]}})", 2 + 3},
      {R"({"ns":{"NS":["1","-42","1.5"]}})", 2 + 2 + 3 + 3},
      {R"({"bs":{"BS":["AA==","AAE="]}})", 2 + 3},
      {R"({"id":{"S":"abc"},"n":{"N":"12345"},"flag":{"BOOL":true}})", 5 + 5 + 5},
  };
  for (const auto& c : cases) EXPECT_EQ(size_of(c.item), c.bytes) << c.item;
}

TEST(ItemSize, LimitIsFourHundredKibibytes) {
  EXPECT_EQ(kMaxItemBytes, 400u * 1024u);
  Item at_limit{{"p", AttributeValue::string(std::string(kMaxItemBytes - 1, 'x'))}};
  EXPECT_EQ(item_size(at_limit), kMaxItemBytes);
  EXPECT_EQ(errors::item_too_large().message(), "Item size has exceeded the maximum allowed size");
  EXPECT_EQ(errors::item_too_large().code(), "ValidationException");
}

}  // namespace
}  // namespace localcloud::dynamodb::model
