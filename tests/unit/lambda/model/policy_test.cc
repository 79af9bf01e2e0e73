#include "model/policy.h"

#include <gtest/gtest.h>

#include "localcloud/core/aws_error.h"

namespace localcloud::lambda::model {
namespace {

constexpr const char* kArn = "arn:aws:lambda:us-east-1:000000000000:function:f";

Permission permission(std::string sid, std::string principal) {
  Permission p;
  p.statement_id = std::move(sid);
  p.action = "lambda:InvokeFunction";
  p.principal = std::move(principal);
  p.resource = kArn;
  return p;
}

// The statement's JSON, or "Code: message" when refused.
std::string statement(const Permission& p) {
  try {
    return make_statement(p).document.dump();
  } catch (const AwsError& e) {
    return e.code() + ": " + e.message();
  }
}

TEST(Policy, PrincipalsAsIamShapesThem) {
  EXPECT_EQ(statement(permission("s3", "s3.amazonaws.com")),
            R"({"Sid":"s3","Effect":"Allow","Principal":{"Service":"s3.amazonaws.com"},)"
            R"("Action":"lambda:InvokeFunction","Resource":")" + std::string(kArn) + R"("})");
  EXPECT_NE(statement(permission("a", "123456789012")).find(
                R"("Principal":{"AWS":"arn:aws:iam::123456789012:root"})"),
            std::string::npos);
  EXPECT_NE(statement(permission("a", "*")).find(R"("Principal":"*")"), std::string::npos);
  EXPECT_NE(statement(permission("a", "arn:aws:iam::123456789012:role/r"))
                .find(R"("Principal":{"AWS":"arn:aws:iam::123456789012:role/r"})"),
            std::string::npos);
  EXPECT_EQ(statement(permission("a", "invalid principal")),
            "InvalidParameterValueException: The provided principal was invalid. Please check "
            "the principal and try again.");
}

TEST(Policy, ConditionsForSourceArnAndAccount) {
  auto p = permission("apigw", "apigateway.amazonaws.com");
  p.source_arn = "arn:aws:execute-api:us-east-1:000000000000:abc/*/GET/users";
  p.source_account = "000000000000";
  EXPECT_NE(statement(p).find(R"("Condition":{"StringEquals":{"AWS:SourceAccount":"000000000000"},)"
                              R"("ArnLike":{"AWS:SourceArn":"arn:aws:execute-api:us-east-1:)"
                              R"(000000000000:abc/*/GET/users"}})"),
            std::string::npos);
}

TEST(Policy, DocumentAndLookup) {
  std::vector<PolicyStatement> statements = {make_statement(permission("one", "s3.amazonaws.com")),
                                             make_statement(permission("two", "*"))};
  std::string doc = policy_document(statements);
  EXPECT_TRUE(doc.starts_with(R"({"Version":"2012-10-17","Id":"default","Statement":[{"Sid":"one")"))
      << doc;
  EXPECT_EQ(find_statement(statements, "two"), 1u);
  EXPECT_FALSE(find_statement(statements, "three"));
}

}  // namespace
}  // namespace localcloud::lambda::model
