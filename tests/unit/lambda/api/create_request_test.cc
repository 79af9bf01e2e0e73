// CreateFunction's request checks, input JSON → AWS's error text.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "api/function_request.h"
#include "localcloud/core/aws_error.h"

namespace localcloud::lambda::api {
namespace {

using json = nlohmann::ordered_json;

// "UEsFBgAAAAAAAAAAAAAAAAAAAAAAAA==" is an empty zip archive.
json base() {
  return json::parse(R"({"FunctionName": "f", "Runtime": "python3.12",
      "Role": "arn:aws:iam::000000000000:role/r", "Handler": "index.handler",
      "Code": {"ZipFile": "UEsFBgAAAAAAAAAAAAAAAAAAAAAAAA=="}})");
}

// Reads and checks `body` as CreateFunction does: "ok" or "Code: message".
std::string check(const json& body) {
  try {
    CreateRequest r = read_create_request(body);
    model::FunctionConfig config;
    config.name = "f";
    apply(r.members, config);
    check_config(r.members, config);
    return "ok";
  } catch (const AwsError& e) {
    return e.code() + ": " + e.message();
  }
}

std::string with(const char* patch) {
  json body = base();
  body.merge_patch(json::parse(patch));
  return check(body);
}

TEST(CreateRequest, Accepted) {
  EXPECT_EQ(check(base()), "ok");
  EXPECT_EQ(with(R"({"Runtime": "provided.al2023", "Handler": null})"), "ok");
  EXPECT_EQ(with(R"({"Timeout": 900, "MemorySize": 10240, "Architectures": ["arm64"]})"), "ok");
}

TEST(CreateRequest, ConstraintsCollectedInOneValidationException) {
  struct Case {
    const char* patch;
    const char* expected;
  };
  const Case cases[] = {
      {R"({"Timeout": 0})",
       "ValidationException: 1 validation error detected: Value '0' at 'timeout' failed to satisfy "
       "constraint: Member must have value greater than or equal to 1"},
      {R"({"Timeout": 901})",
       "ValidationException: 1 validation error detected: Value '901' at 'timeout' failed to "
       "satisfy constraint: Member must have value less than or equal to 900"},
      {R"({"MemorySize": 64, "Timeout": 0})",
       "ValidationException: 2 validation errors detected: Value '0' at 'timeout' failed to "
       "satisfy constraint: Member must have value greater than or equal to 1; Value '64' at "
       "'memorySize' failed to satisfy constraint: Member must have value greater than or equal "
       "to 128"},
      {R"({"MemorySize": 10241})",
       "ValidationException: 1 validation error detected: Value '10241' at 'memorySize' failed to "
       "satisfy constraint: Member must have value less than or equal to 10240"},
      {R"({"Role": "r1"})",
       "ValidationException: 1 validation error detected: Value 'r1' at 'role' failed to satisfy "
       "constraint: Member must satisfy regular expression pattern: "
       "arn:(aws[a-zA-Z-]*)?:iam::\\d{12}:role/?[a-zA-Z_0-9+=,.@\\-_/]+"},
      {R"({"Architectures": ["x86_64", "arm64"]})",
       "ValidationException: 1 validation error detected: Value '[x86_64, arm64]' at "
       "'architectures' failed to satisfy constraint: Member must have length less than or "
       "equal to 1"},
      {R"({"Architectures": ["X86_64"]})",
       "ValidationException: 1 validation error detected: Value '[X86_64]' at 'architectures' "
       "failed to satisfy constraint: Member must satisfy constraint: [Member must satisfy enum "
       "value set: [x86_64, arm64], Member must not be null]"},
      {R"({"FunctionName": "invalid:function:name"})",
       "ValidationException: 1 validation error detected: Value 'invalid:function:name' at "
       "'functionName' failed to satisfy constraint: Member must satisfy regular expression "
       "pattern: (arn:(aws[a-zA-Z-]*)?:lambda:)?((eusc-)?[a-z]{2}((-gov)|(-iso([a-z]?)))?-[a-z]+-"
       "\\d{1}:)?(\\d{12}:)?(function:)?([a-zA-Z0-9-_]+)(:(\\$LATEST|[a-zA-Z0-9-_]+))?"},
      {R"({"SnapStart": {"ApplyOn": "invalidOption"}})",
       "ValidationException: 1 validation error detected: Value 'invalidOption' at "
       "'snapStart.applyOn' failed to satisfy constraint: Member must satisfy enum value set: "
       "[PublishedVersions, None]"},
      {R"({"Role": null})",
       "ValidationException: 1 validation error detected: Value null at 'role' failed to satisfy "
       "constraint: Member must not be null"},
  };
  for (const auto& c : cases) EXPECT_EQ(with(c.patch), c.expected) << c.patch;
}

TEST(CreateRequest, RuntimeChecks) {
  EXPECT_EQ(with(R"({"Runtime": "python3.7"})"),
            "InvalidParameterValueException: The runtime parameter of python3.7 is no longer "
            "supported for creating or updating AWS Lambda functions. We recommend you use a "
            "supported runtime while creating or updating functions.");
  EXPECT_EQ(with(R"({"Runtime": "PYTHON3.9"})"),
            "InvalidParameterValueException: Value PYTHON3.9 at 'runtime' failed to satisfy "
            "constraint: Member must satisfy enum value set: [nodejs20.x, python3.14, "
            "provided.al2023, python3.12, python3.13, nodejs24.x, nodejs22.x, java25, python3.10, "
            "python3.11, java21, ruby3.3, ruby3.4, ruby3.2, python3.8, python3.9, java17, "
            "nodejs16.x, dotnet10, dotnet8, java11, dotnet6, nodejs18.x, provided.al2, java8.al2] "
            "or be a valid ARN");
}

TEST(CreateRequest, EnvironmentLimits) {
  std::string big(4080, 'x');
  EXPECT_EQ(with((R"({"Environment": {"Variables": {"LARGE_VAR": ")" + big + R"("}}})").c_str()),
            "ok");  // exactly 4096 bytes measured
  std::string message = with(
      (R"({"Environment": {"Variables": {"SMALL_VAR": "ok", "LARGE_VAR": ")" + big + R"("}}})")
          .c_str());
  EXPECT_TRUE(message.starts_with(
      "InvalidParameterValueException: Lambda was unable to configure your environment variables "
      "because the environment variables you have provided exceeded the 4KB limit. String "
      "measured: {\"SMALL_VAR\":\"ok\",\"LARGE_VAR\":\"xxx"))
      << message;
  EXPECT_EQ(with(R"({"Environment": {"Variables": {"AWS_REGION": "x"}}})"),
            "InvalidParameterValueException: Lambda was unable to configure your environment "
            "variables because the environment variables you have provided contains reserved keys "
            "that are currently not supported for modification. Reserved keys used in this "
            "request: AWS_REGION");
}

TEST(CreateRequest, CodeSources) {
  EXPECT_EQ(with(R"({"Code": {"ZipFile": null, "S3Bucket": "b", "S3Key": "k"}})"),
            "InvalidParameterValueException: Error occurred while GetObject. S3 Error Code: "
            "NoSuchBucket. S3 Error Message: The specified bucket does not exist");
  EXPECT_EQ(with(R"({"Code": {"ZipFile": null}})"),
            "InvalidParameterValueException: Please provide a source for function code.");
  EXPECT_TRUE(with(R"({"Code": {"ZipFile": "not base64!"}})")
                  .starts_with("InvalidRequestContentException: Could not parse request body "
                               "into json: Could not parse payload into json: Cannot access "
                               "contents of TextNode as binary due to broken Base64 encoding"));
  EXPECT_EQ(with(R"({"Timeout": "3"})"),
            "InvalidRequestContentException: Could not parse request body into json: Could not "
            "parse payload into json: Cannot deserialize value of type `java.lang.Integer` from "
            "String value");
  EXPECT_EQ(with(R"({"Layers": ["arn:aws:lambda:us-east-1:000000000000:layer:l:1"]})"),
            "InvalidParameterValueException: Layer version "
            "arn:aws:lambda:us-east-1:000000000000:layer:l:1 does not exist.");
}

TEST(CreateRequest, HandlerRequiredForManagedRuntimes) {
  EXPECT_EQ(with(R"({"Handler": null})"),
            "InvalidParameterValueException: Handler is required for Zip package type functions.");
}

}  // namespace
}  // namespace localcloud::lambda::api
