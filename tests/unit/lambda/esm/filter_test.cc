#include "esm/filter.h"

#include <gtest/gtest.h>

namespace localcloud::lambda::esm {
namespace {

// A DynamoDB stream record as Lambda filters it.
const char* kRecord = R"({
  "eventName": "INSERT", "eventSource": "aws:dynamodb",
  "dynamodb": {"Keys": {"id": {"S": "k1"}},
               "NewImage": {"id": {"S": "k1"}, "status": {"S": "Active"},
                            "tags": {"SS": ["a", "b"]}, "n": {"N": "15"}},
               "SizeBytes": 42}})";

// "match", "no match" or "invalid" for `pattern` against kRecord.
std::string verdict(const std::string& pattern) {
  auto p = FilterPattern::parse(pattern);
  if (!p) return "invalid";
  return p->matches(nlohmann::json::parse(kRecord)) ? "match" : "no match";
}

TEST(FilterPattern, DocumentedMatchers) {
  struct Case {
    const char* pattern;
    const char* expected;
  };
  const Case cases[] = {
      {R"({"eventName": ["INSERT"]})", "match"},
      {R"({"eventName": ["MODIFY", "INSERT"]})", "match"},
      {R"({"eventName": ["REMOVE"]})", "no match"},
      {R"({"dynamodb": {"NewImage": {"status": {"S": ["Active"]}}}})", "match"},
      {R"({"dynamodb": {"NewImage": {"status": {"S": [{"prefix": "Act"}]}}}})", "match"},
      {R"({"dynamodb": {"NewImage": {"status": {"S": [{"prefix": "act"}]}}}})", "no match"},
      {R"({"dynamodb": {"NewImage": {"status": {"S": [{"suffix": "ive"}]}}}})", "match"},
      {R"({"dynamodb": {"NewImage": {"status": {"S": [{"equals-ignore-case": "ACTIVE"}]}}}})", "match"},
      {R"({"dynamodb": {"NewImage": {"status": {"S": [{"anything-but": ["Active"]}]}}}})", "no match"},
      {R"({"dynamodb": {"NewImage": {"status": {"S": [{"anything-but": "Gone"}]}}}})", "match"},
      {R"({"dynamodb": {"NewImage": {"status": {"S": [{"anything-but": {"prefix": "A"}}]}}}})", "no match"},
      {R"({"dynamodb": {"SizeBytes": [{"numeric": [">", 40, "<=", 42]}]}})", "match"},
      {R"({"dynamodb": {"SizeBytes": [{"numeric": ["<", 42]}]}})", "no match"},
      {R"({"dynamodb": {"SizeBytes": [42.0]}})", "match"},
      // Numbers of items are strings in stream records: numeric never matches them.
      {R"({"dynamodb": {"NewImage": {"n": {"N": [{"numeric": [">", 10]}]}}}})", "no match"},
      {R"({"dynamodb": {"NewImage": {"gone": [{"exists": false}]}}})", "match"},
      {R"({"dynamodb": {"NewImage": {"status": [{"exists": true}]}}})", "match"},
      {R"({"dynamodb": {"NewImage": {"status": [{"exists": false}]}}})", "no match"},
      {R"({"dynamodb": {"OldImage": {"status": [{"exists": false}]}}})", "match"},
      {R"({"dynamodb": {"NewImage": {"tags": {"SS": ["b"]}}}})", "match"},
      {R"({"eventName": ["INSERT"], "eventSource": ["aws:sqs"]})", "no match"},
      {R"("single-string")", "invalid"},
      {R"([{"eventName": ["INSERT"]}])", "invalid"},
      {R"({"eventName": "INSERT"})", "invalid"},
      {R"({"eventName": []})", "invalid"},
      {R"({"eventName": [{"unknown": 1}]})", "invalid"},
      {R"({"eventName": [{"numeric": [">"]}]})", "invalid"},
      {R"({})", "invalid"},
      {R"({"eventName": ["INSERT"=123}])", "invalid"},
  };
  for (const auto& c : cases) EXPECT_EQ(verdict(c.pattern), c.expected) << c.pattern;
}

TEST(FilterPattern, FiltersAreAlternatives) {
  auto record = nlohmann::json::parse(kRecord);
  std::vector<FilterPattern> none;
  EXPECT_TRUE(passes(none, record));
  std::vector<FilterPattern> two = {*FilterPattern::parse(R"({"eventName": ["REMOVE"]})"),
                                    *FilterPattern::parse(R"({"eventName": ["INSERT"]})")};
  EXPECT_TRUE(passes(two, record));
  two.pop_back();
  EXPECT_FALSE(passes(two, record));
}

}  // namespace
}  // namespace localcloud::lambda::esm
