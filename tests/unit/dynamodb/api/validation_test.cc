#include "api/validation.h"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "localcloud/core/aws_error.h"

namespace localcloud::dynamodb::api {
namespace {

// Runs the ListTables checks over `input`; returns "ok" or "Code: message".
std::string check(const char* input) {
  try {
    Validator v;
    auto json = nlohmann::json::parse(input);
    v.optional_int(json, "Limit", "limit", 1, 100);
    v.optional_string(json, "ExclusiveStartTableName", "exclusiveStartTableName", 3, 255,
                      kTableNamePattern);
    v.throw_if_failed();
    return "ok";
  } catch (const AwsError& e) {
    return e.code() + ": " + e.message();
  }
}

TEST(Validator, ListTablesInputs) {
  struct Case {
    const char* input;
    const char* expected;
  };
  const Case cases[] = {
      {R"({})", "ok"},
      {R"({"Limit": 100, "ExclusiveStartTableName": "a.b-c_D9"})", "ok"},
      {R"({"Limit": 0})",
       "ValidationException: 1 validation error detected: Value '0' at 'limit' failed to satisfy "
       "constraint: Member must have value greater than or equal to 1"},
      {R"({"Limit": 101, "ExclusiveStartTableName": "a!"})",
       "ValidationException: 3 validation errors detected: Value '101' at 'limit' failed to "
       "satisfy constraint: Member must have value less than or equal to 100; Value 'a!' at "
       "'exclusiveStartTableName' failed to satisfy constraint: Member must satisfy regular "
       "expression pattern: [a-zA-Z0-9_.-]+; Value 'a!' at 'exclusiveStartTableName' failed to "
       "satisfy constraint: Member must have length greater than or equal to 3"},
      {R"({"Limit": "5"})", "SerializationException: class java.lang.String can not be converted to an Integer"},
      {R"({"ExclusiveStartTableName": 5})", "SerializationException: class java.lang.Short can not be converted to an String"},
      {R"({"ExclusiveStartTableName": {}})", "SerializationException: Start of structure or map found where not expected."},
      {R"({"ExclusiveStartTableName": []})", "SerializationException: Start of list found where not expected"},
  };
  for (const auto& c : cases) EXPECT_EQ(check(c.input), c.expected) << c.input;
}

}  // namespace
}  // namespace localcloud::dynamodb::api
