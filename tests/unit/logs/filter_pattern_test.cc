#include "model/filter_pattern.h"

#include <gtest/gtest.h>

#include "localcloud/core/aws_error.h"

namespace localcloud::logs::model {
namespace {

struct Case {
  const char* pattern;
  const char* message;
  bool matches;
};

// The examples of AWS's "Matching terms in unstructured log events", and
// the edges around them.
constexpr Case kTextCases[] = {
    {"", "anything at all", true},
    {"   ", "blank patterns match everything", true},
    {"ERROR", "[ERROR 400] BAD REQUEST", true},
    {"ERROR", "[error 400] bad request", false},  // case-sensitive
    {"ERROR", "[INFO] fine", false},
    {"ERROR ARGUMENTS", "[ERROR 419] MISSING ARGUMENTS", true},
    {"ERROR ARGUMENTS", "[ERROR 400] BAD REQUEST", false},
    {"ARGUMENTS ERROR", "[ERROR 419] MISSING ARGUMENTS", true},  // order does not matter
    {"?ERROR ?ARGUMENTS", "[ERROR 400] BAD REQUEST", true},
    {"?ERROR ?ARGUMENTS", "[WARN] MISSING ARGUMENTS", true},
    {"?ERROR ?ARGUMENTS", "[INFO] fine", false},
    {"ERROR -ARGUMENTS", "[ERROR 400] BAD REQUEST", true},
    {"ERROR -ARGUMENTS", "[ERROR 419] MISSING ARGUMENTS", false},
    {"-DEBUG", "[INFO] fine", true},
    {"-DEBUG", "[DEBUG] noise", false},
    {"\"INTERNAL SERVER ERROR\"", "[ERROR 500] INTERNAL SERVER ERROR", true},
    {"\"INTERNAL SERVER ERROR\"", "[ERROR 500] INTERNAL ERROR OF SERVER", false},
    {"\"[ERROR]\"", "2024 [ERROR] disk", true},
    {"-\"Task timed out\"", "Task timed out after 3.00 seconds", false},
    {"?\"timed out\" ?OOM", "Task timed out after 3.00 seconds", true},
    {"\"say \\\"hi\\\"\"", "they say \"hi\" twice", true},
    {"REPORT RequestId", "REPORT RequestId: 1\tDuration: 2.00 ms", true},
    {"ERROR ?timeout ?refused -retry", "ERROR connection refused", true},
    {"ERROR ?timeout ?refused -retry", "ERROR connection refused, retry", false},
    {"ERROR ?timeout ?refused -retry", "ERROR disk full", false},
    {"%[Ee]rror%", "an error happened", true},
    {"%[Ee]rror%", "an ERROR happened", false},
    {"%^START RequestId%", "START RequestId: abc Version: $LATEST", true},
    {"%^START RequestId%", "x START RequestId", false},
};

TEST(LogsFilterPatternTest, TextTermsAndPhrases) {
  for (const auto& c : kTextCases) {
    auto p = FilterPattern::parse(c.pattern);
    EXPECT_EQ(p.matches(c.message), c.matches) << "pattern " << c.pattern << " on " << c.message;
  }
}

TEST(LogsFilterPatternTest, EmptyPatternMatchesEverything) {
  EXPECT_TRUE(FilterPattern::parse("").matches_everything());
  EXPECT_FALSE(FilterPattern::parse("x").matches_everything());
}

constexpr Case kJsonCases[] = {
    {R"({ $.level = "ERROR" })", R"({"level":"ERROR","latency":700})", true},
    {R"({ $.level = "ERROR" })", R"({"level":"INFO"})", false},
    {R"({ $.level = ERR* })", R"({"level":"ERROR"})", true},
    {R"({ $.level != "INFO" })", R"({"level":"ERROR"})", true},
    {R"({ $.latency > 500 })", R"({"latency":700})", true},
    {R"({ $.latency > 500 })", R"({"latency":300})", false},
    {R"({ $.latency >= 700 && $.level = "ERROR" })", R"({"level":"ERROR","latency":700})", true},
    {R"({ ($.latency < 10) || ($.level = "ERROR") })", R"({"level":"ERROR","latency":700})", true},
    {R"({ $.user.id = 7 })", R"({"user":{"id":7}})", true},
    {R"({ $.items[1] = "b" })", R"({"items":["a","b"]})", true},
    {R"({ $.ok IS TRUE })", R"({"ok":true})", true},
    {R"({ $.ok IS FALSE })", R"({"ok":true})", false},
    {R"({ $.gone IS NULL })", R"({"gone":null})", true},
    {R"({ $.missing NOT EXISTS })", R"({"other":1})", true},
    {R"({ $.other NOT EXISTS })", R"({"other":1})", false},
    {R"({ $.level = "ERROR" })", "ERROR not json", false},
    {R"({ $.latency > 500 })", R"({"latency":"slow"})", false},
};

TEST(LogsFilterPatternTest, JsonPatterns) {
  for (const auto& c : kJsonCases) {
    auto p = FilterPattern::parse(c.pattern);
    EXPECT_EQ(p.matches(c.message), c.matches) << "pattern " << c.pattern << " on " << c.message;
  }
}

TEST(LogsFilterPatternTest, RefusesWhatAwsRefuses) {
  for (const char* bad :
       {"\"unterminated", "a,b", "foo(bar)", "-", "?", "\"a\"b", "[a, b]", "{ $.x = }",
        "{ level = 1 }", "{ $.x > abc }", "{ $.x = 1 ", "%(unclosed%"}) {
    try {
      FilterPattern::parse(bad);
      ADD_FAILURE() << "accepted " << bad;
    } catch (const AwsError& e) {
      EXPECT_EQ(e.code(), "InvalidParameterException") << bad;
      EXPECT_EQ(e.message(), "Invalid filter pattern") << bad;
    }
  }
}

}  // namespace
}  // namespace localcloud::logs::model
