// Wire shapes of AWS errors, one function per protocol. Each service calls
// exactly one of these, in the one place it catches AwsError.
#pragma once

#include <string_view>

#include "localcloud/core/aws_error.h"
#include "localcloud/http/message.h"

namespace localcloud::http {

// JSON 1.0 (DynamoDB, Logs): {"__type":"<ns>#<Code>","message":"..."} with
// Content-Type application/x-amz-json-1.0. `service_namespace` is used when
// the error names none (DynamoDB: "com.amazonaws.dynamodb.v20120810").
Response json10_error(const AwsError& error, std::string_view service_namespace);

// REST-JSON (Lambda, API Gateway): X-Amzn-ErrorType: <Code> and a JSON body
// whose message field is called `message_key` ("Message" for Lambda,
// "message" for API Gateway), plus the error's extra fields.
Response rest_json_error(const AwsError& error, std::string_view message_key);

}  // namespace localcloud::http
