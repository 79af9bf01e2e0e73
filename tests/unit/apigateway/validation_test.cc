// lambda_function_of: the function a Lambda integration URI names. It reads
// the URI by hand; the table holds it to the pattern AWS's URIs follow,
// which the reference below states as a regex.
#include "model/validation.h"

#include <gtest/gtest.h>

#include <regex>

namespace localcloud::apigateway::model {
namespace {

std::optional<std::string> by_regex(const std::string& uri) {
  static const std::regex pattern(
      R"(arn:aws[a-z-]*:apigateway:[a-z0-9-]+:lambda:path/\d{4}-\d{2}-\d{2}/functions/(.+)/invocations)");
  std::smatch m;
  if (!std::regex_match(uri, m, pattern)) return std::nullopt;
  return m[1].str();
}

std::string render(const std::optional<std::string>& function) {
  return function ? "[" + *function + "]" : "none";
}

TEST(LambdaFunctionOfTest, ReadsTheFunctionAsThePatternDoes) {
  constexpr const char* kArn = "arn:aws:lambda:us-east-1:000000000000:function:get-users";
  const std::string base = "arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/";
  struct Case {
    std::string uri;
    std::string want;
  };
  const std::vector<Case> cases = {
      {base + kArn + "/invocations", std::string("[") + kArn + "]"},
      {base + "get-users/invocations", "[get-users]"},
      {base + kArn + ":$LATEST/invocations", std::string("[") + kArn + ":$LATEST]"},
      {base + "a/b/invocations", "[a/b]"},
      {base + "x/invocations/invocations", "[x/invocations]"},
      {base + "${stageVariables.fn}/invocations", "[${stageVariables.fn}]"},
      {"arn:aws-cn:apigateway:cn-north-1:lambda:path/2015-03-31/functions/f/invocations", "[f]"},
      {"arn:aws-us-gov:apigateway:us-gov-west-1:lambda:path/2015-03-31/functions/f/invocations",
       "[f]"},
      {"arn:awsx:apigateway:r:lambda:path/2015-03-31/functions/f/invocations", "[f]"},
      {base + "/invocations", "none"},
      {base + "invocations", "none"},
      {base + "f/invocations/", "none"},
      {base + "f/invocation", "none"},
      {base + "f\n/invocations", "none"},
      {base + "f\r/invocations", "none"},
      {base + "f\t/invocations", "[f\t]"},
      {"arn:aws:apigateway::lambda:path/2015-03-31/functions/f/invocations", "none"},
      {"arn:aws:apigateway:US-EAST-1:lambda:path/2015-03-31/functions/f/invocations", "none"},
      {"arn:aws:apigateway:us-east-1:s3:path/2015-03-31/functions/f/invocations", "none"},
      {"arn:aws:apigateway:us-east-1:lambda:action/2015-03-31/functions/f/invocations", "none"},
      {"arn:aws:apigateway:us-east-1:lambda:path/2015-3-31/functions/f/invocations", "none"},
      {"arn:aws:apigateway:us-east-1:lambda:path/2015-03-3a/functions/f/invocations", "none"},
      {"arn:aws:apigateway:us-east-1:lambda:path/20150-03-31/functions/f/invocations", "none"},
      {"arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/function/f/invocations", "none"},
      {"arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/f/invocations?x", "none"},
      {"xarn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/f/invocations", "none"},
      {"arn:AWS:apigateway:us-east-1:lambda:path/2015-03-31/functions/f/invocations", "none"},
      {"arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/", "none"},
      {"http://example.com/functions/f/invocations", "none"},
      {"", "none"},
  };
  for (const auto& c : cases) {
    EXPECT_EQ(render(lambda_function_of(c.uri)), c.want) << c.uri;
    EXPECT_EQ(render(by_regex(c.uri)), c.want) << "reference: " << c.uri;
  }
}

}  // namespace
}  // namespace localcloud::apigateway::model
