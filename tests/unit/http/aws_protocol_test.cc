#include "localcloud/http/aws_protocol.h"

#include <gtest/gtest.h>

namespace localcloud::http {
namespace {

std::string render(const Response& r) {
  std::string out = std::to_string(r.status);
  for (const auto& f : r.headers) out += " | " + f.name + ": " + f.value;
  return out + " | " + r.body;
}

TEST(AwsProtocol, Json10Errors) {
  struct Case {
    AwsError error;
    const char* expected;
  };
  const Case cases[] = {
      {AwsError(400, "ResourceNotFoundException", "Requested resource not found"),
       R"(400 | Content-Type: application/x-amz-json-1.0 | {"__type":"com.amazonaws.dynamodb.v20120810#ResourceNotFoundException","message":"Requested resource not found"})"},
      {errors::validation("Value 'x' at \"y\""),
       R"(400 | Content-Type: application/x-amz-json-1.0 | {"__type":"com.amazon.coral.validate#ValidationException","message":"Value 'x' at \"y\""})"},
      {errors::serialization(""),
       R"(400 | Content-Type: application/x-amz-json-1.0 | {"__type":"com.amazon.coral.service#SerializationException"})"},
      {AwsError(400, "ConditionalCheckFailedException", "The conditional request failed")
           .with_field("Item", R"({"id":{"S":"1"}})"),
       R"(400 | Content-Type: application/x-amz-json-1.0 | {"__type":"com.amazonaws.dynamodb.v20120810#ConditionalCheckFailedException","message":"The conditional request failed","Item":{"id":{"S":"1"}}})"},
      {AwsError(400, "TransactionCanceledException", "Transaction cancelled")
           .capitalize_message()
           .with_field("CancellationReasons", R"([{"Code":"None"}])"),
       R"(400 | Content-Type: application/x-amz-json-1.0 | {"__type":"com.amazonaws.dynamodb.v20120810#TransactionCanceledException","Message":"Transaction cancelled","CancellationReasons":[{"Code":"None"}]})"},
      {errors::internal_server_error(),
       R"(500 | Content-Type: application/x-amz-json-1.0 | {"__type":"com.amazonaws.dynamodb.v20120810#InternalServerError","message":"Internal server error"})"},
  };
  for (const auto& c : cases)
    EXPECT_EQ(render(json10_error(c.error, "com.amazonaws.dynamodb.v20120810")), c.expected);
}

TEST(AwsProtocol, RestJsonErrors) {
  AwsError lambda(404, "ResourceNotFoundException",
                  "Function not found: arn:aws:lambda:us-east-1:000000000000:function:f");
  lambda.with_field("Type", R"("User")");
  EXPECT_EQ(render(rest_json_error(lambda, "Message")),
            R"(404 | Content-Type: application/json | X-Amzn-ErrorType: ResourceNotFoundException | {"Type":"User","Message":"Function not found: arn:aws:lambda:us-east-1:000000000000:function:f"})");
  AwsError apigw(404, "NotFoundException", "Invalid API identifier specified 000000000000:abc");
  EXPECT_EQ(render(rest_json_error(apigw, "message")),
            R"(404 | Content-Type: application/json | X-Amzn-ErrorType: NotFoundException | {"message":"Invalid API identifier specified 000000000000:abc"})");
}

TEST(AwsProtocol, InvalidUtf8InMessagesIsReplacedNotThrown) {
  AwsError e(400, "ValidationException", std::string("bad \xff byte"));
  auto r = json10_error(e, "ns");
  EXPECT_NE(r.body.find("bad \xEF\xBF\xBD byte"), std::string::npos) << r.body;
}

}  // namespace
}  // namespace localcloud::http
