#include "model/names.h"

#include <gtest/gtest.h>

namespace localcloud::lambda::model {
namespace {

// Renders a parse as "name|qualifier|region|account" ("-" for absent), or "invalid".
std::string parse(std::string_view text, NameForm form = NameForm::kNamespaced) {
  auto ref = parse_function_name(text, form);
  if (!ref) return "invalid";
  return ref->name + "|" + ref->qualifier.value_or("-") + "|" + ref->region.value_or("-") + "|" +
         ref->account.value_or("-");
}

TEST(FunctionNames, FormsLambdaAccepts) {
  struct Case {
    const char* text;
    const char* expected;
  };
  const Case cases[] = {
      {"my-function", "my-function|-|-|-"},
      {"my-function:$LATEST", "my-function|$LATEST|-|-"},
      {"my-function:1", "my-function|1|-|-"},
      {"function:my-function", "my-function|-|-|-"},
      {"123456789012:function:my-function", "my-function|-|-|123456789012"},
      {"arn:aws:lambda:us-east-1:123456789012:function:my-function",
       "my-function|-|us-east-1|123456789012"},
      {"arn:aws:lambda:us-east-1:123456789012:function:my-function:prod",
       "my-function|prod|us-east-1|123456789012"},
      {"arn:aws-us-gov:lambda:us-gov-west-1:123456789012:function:f", "f|-|us-gov-west-1|123456789012"},
      // A greedy regular expression reads a trailing "function" as the name.
      {"arn:aws:lambda:us-east-1:111111111111:function", "function|-|us-east-1|111111111111"},
      // The namespaced form matches $LATEST case-insensitively (AWS then finds no such version).
      {"arn:aws:lambda:us-east-1:111111111111:function:f:$latest", "f|$latest|us-east-1|111111111111"},
      {"*", "invalid"},
      {"my-function!", "invalid"},
      {"", "invalid"},
      {"arn:aws:lambda::111111111111:function:my-function", "invalid"},
      {"arn:aws:lambda:us-east-1::function:my-function", "invalid"},
      {"arn:aws:lambda:us-east-1:111111111111:function:my-function:$LATES", "invalid"},
      {"function:my-function:$LATEST:extra", "invalid"},
      {"arn:aws:lambda:us-east-1:111111111111:function:my-function:1:2", "invalid"},
      {"arn:aws:ec2:us-east-1:111111111111:instance:i-1234567890abcdef0", "invalid"},
  };
  for (const auto& c : cases) EXPECT_EQ(parse(c.text), c.expected) << c.text;
}

TEST(FunctionNames, PlainFormIsStricter) {
  EXPECT_EQ(parse("with.dot", NameForm::kPlain), "invalid");
  EXPECT_EQ(parse("with.dot", NameForm::kNamespaced), "with.dot|-|-|-");
  EXPECT_EQ(parse("f:$latest", NameForm::kPlain), "invalid");
  EXPECT_EQ(parse("f:$LATEST.PUBLISHED", NameForm::kNamespaced), "f|$LATEST.PUBLISHED|-|-");
  EXPECT_EQ(function_name_max_length(NameForm::kPlain), 140u);
  EXPECT_EQ(function_name_max_length(NameForm::kNamespaced), 256u);
}

TEST(FunctionNames, Regions) {
  for (auto r : {"us-east-1", "eu-west-3", "us-gov-west-1", "us-isob-east-1", "us-iso-east-1",
                 "eusc-de-east-1", "ap-southeast-1"})
    EXPECT_TRUE(is_region(r)) << r;
  for (auto r : {"", "invalid-region", "us-east", "us-east-12", "US-east-1", "u-east-1"})
    EXPECT_FALSE(is_region(r)) << r;
}

TEST(FunctionNames, RoleArns) {
  EXPECT_TRUE(is_role_arn("arn:aws:iam::123456789012:role/lambda-role"));
  EXPECT_TRUE(is_role_arn("arn:aws:iam::123456789012:role/service-role/a+b=c,d.e@f"));
  EXPECT_TRUE(is_role_arn("arn::iam::123456789012:role/x"));
  EXPECT_FALSE(is_role_arn("r1"));
  EXPECT_FALSE(is_role_arn("arn:aws:iam::12345678901:role/x"));
  EXPECT_FALSE(is_role_arn("arn:aws:iam::123456789012:role"));
  EXPECT_FALSE(is_role_arn("arn:aws:iam::123456789012:user/x"));
  EXPECT_FALSE(is_role_arn("arn:aws:iam::123456789012:role/with space"));
}

TEST(FunctionNames, Arns) {
  EXPECT_EQ(function_arn("us-east-1", "000000000000", "f"),
            "arn:aws:lambda:us-east-1:000000000000:function:f");
  EXPECT_EQ(function_arn("us-east-1", "000000000000", "f", "$LATEST"),
            "arn:aws:lambda:us-east-1:000000000000:function:f:$LATEST");
}

}  // namespace
}  // namespace localcloud::lambda::model
