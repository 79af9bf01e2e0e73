#include "api/routes.h"

#include <gtest/gtest.h>

namespace localcloud::lambda::api {
namespace {

// "Name(param,param)" or "none".
std::string route(std::string_view method, std::string_view path) {
  auto m = match_route(method, path);
  if (!m) return "none";
  std::string out(m->name);
  out += "(";
  for (size_t i = 0; i < m->params.size(); ++i) out += (i ? "," : "") + m->params[i];
  return out + ")";
}

TEST(Routes, BotocoreRequestUris) {
  struct Case {
    const char* method;
    const char* path;
    const char* expected;
  };
  const Case cases[] = {
      {"POST", "/2015-03-31/functions", "CreateFunction()"},
      {"POST", "/2015-03-31/event-source-mappings/", "CreateEventSourceMapping()"},
      {"GET", "/2015-03-31/event-source-mappings/", "ListEventSourceMappings()"},
      {"GET", "/2015-03-31/event-source-mappings/u-1", "GetEventSourceMapping(u-1)"},
      {"PUT", "/2015-03-31/event-source-mappings/u-1", "UpdateEventSourceMapping(u-1)"},
      {"DELETE", "/2015-03-31/event-source-mappings/u-1", "DeleteEventSourceMapping(u-1)"},
      {"GET", "/2015-03-31/functions/", "ListFunctions()"},
      {"GET", "/2015-03-31/functions/f", "GetFunction(f)"},
      {"DELETE", "/2015-03-31/functions/f", "DeleteFunction(f)"},
      {"GET", "/2015-03-31/functions/f/configuration", "GetFunctionConfiguration(f)"},
      {"PUT", "/2015-03-31/functions/f/configuration", "UpdateFunctionConfiguration(f)"},
      {"PUT", "/2015-03-31/functions/f/code", "UpdateFunctionCode(f)"},
      {"POST", "/2015-03-31/functions/f/policy", "AddPermission(f)"},
      {"GET", "/2015-03-31/functions/f/policy", "GetPolicy(f)"},
      {"DELETE", "/2015-03-31/functions/f/policy/s%201", "RemovePermission(f,s 1)"},
      {"PUT", "/2017-10-31/functions/f/concurrency", "PutFunctionConcurrency(f)"},
      {"GET", "/2019-09-30/functions/f/concurrency", "GetFunctionConcurrency(f)"},
      {"DELETE", "/2017-10-31/functions/f/concurrency", "DeleteFunctionConcurrency(f)"},
      {"GET", "/2017-03-31/tags/arn%3Aaws%3Alambda%3Aus-east-1%3A000000000000%3Afunction%3Af",
       "ListTags(arn:aws:lambda:us-east-1:000000000000:function:f)"},
      {"GET", "/2015-03-31/functions/arn%3Aaws%3Alambda%3Aus-east-1%3A000000000000%3Afunction%3Af%3A%24LATEST",
       "GetFunction(arn:aws:lambda:us-east-1:000000000000:function:f:$LATEST)"},
      {"PATCH", "/2015-03-31/functions/f", "none"},
      {"GET", "/2015-03-31/functions/f/unknown", "none"},
      {"GET", "/2015-03-31/functionsx", "none"},
      {"GET", "/2015-03-31/functions//configuration", "none"},
  };
  for (const auto& c : cases) EXPECT_EQ(route(c.method, c.path), c.expected) << c.path;
}

TEST(Routes, Decoding) {
  EXPECT_EQ(percent_decode("a%3Ab%zz%4"), "a:b%zz%4");
  EXPECT_EQ(percent_decode("a+b"), "a+b");
  EXPECT_EQ(percent_decode("a+b", true), "a b");
  auto q = parse_query("MaxItems=2&Marker=f%3A1&tagKeys=a&tagKeys=b&flag");
  ASSERT_EQ(q.size(), 5u);
  EXPECT_EQ(q[1], (std::pair<std::string, std::string>{"Marker", "f:1"}));
  EXPECT_EQ(q[4], (std::pair<std::string, std::string>{"flag", ""}));
}

}  // namespace
}  // namespace localcloud::lambda::api
