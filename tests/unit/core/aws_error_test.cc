#include "localcloud/core/aws_error.h"

#include <gtest/gtest.h>

namespace localcloud {
namespace {

TEST(AwsError, FactoriesCarryAwsCodesStatusesAndNamespaces) {
  struct Case {
    AwsError error;
    int status;
    const char* code;
    const char* ns;
    const char* message;
  };
  const Case cases[] = {
      {errors::unknown_operation(), 400, "UnknownOperationException", "com.amazon.coral.service",
       "Unknown operation exception"},
      {errors::serialization(""), 400, "SerializationException", "com.amazon.coral.service", ""},
      {errors::validation("bad"), 400, "ValidationException", "com.amazon.coral.validate", "bad"},
      {errors::internal_server_error(), 500, "InternalServerError", "", "Internal server error"},
  };
  for (const auto& c : cases) {
    EXPECT_EQ(c.error.status(), c.status);
    EXPECT_EQ(c.error.code(), c.code);
    EXPECT_EQ(c.error.type_namespace(), c.ns);
    EXPECT_EQ(c.error.message(), c.message);
  }
}

TEST(AwsError, ExtraFieldsKeepInsertionOrder) {
  AwsError e(400, "ConditionalCheckFailedException", "The conditional request failed");
  e.with_field("Item", R"({"a":{"S":"b"}})").with_field("Type", R"("User")");
  ASSERT_EQ(e.extra_fields().size(), 2u);
  EXPECT_EQ(e.extra_fields()[0].first, "Item");
  EXPECT_EQ(e.extra_fields()[1].second, R"("User")");
}

}  // namespace
}  // namespace localcloud
