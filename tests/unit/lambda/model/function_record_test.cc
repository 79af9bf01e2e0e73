#include "model/function_record.h"

#include <gtest/gtest.h>

namespace localcloud::lambda::model {
namespace {

Function sample() {
  Function f;
  auto& c = f.config;
  c.name = "get-users";
  c.runtime = "nodejs20.x";
  c.role = "arn:aws:iam::000000000000:role/lambda";
  c.handler = "index.handler";
  c.description = "reads users";
  c.timeout = 30;
  c.memory_size = 256;
  c.environment = Variables{{"TABLE", "users"}, {"A_FIRST", "kept in order"}};
  c.architecture = "arm64";
  c.logging.log_group = "/aws/lambda/get-users";
  c.code = CodeInfo{"47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=", "e3b0c442", 22};
  c.last_modified_ms = 1700000000123;
  c.revision_id = "rev";
  c.kms_key_arn = "arn:aws:kms:us-east-1:000000000000:key/k";
  f.tags = {{"team", "web"}};
  f.policy.push_back(PolicyStatement{"s1", {{"Sid", "s1"}}});
  f.reserved_concurrency = 5;
  return f;
}

TEST(FunctionRecord, RoundTripsEveryField) {
  Function f = sample();
  std::string record = to_record(f);
  Function back = from_record(record);
  EXPECT_EQ(to_record(back), record);
  EXPECT_EQ(back.config.environment->front().first, "TABLE");
  EXPECT_EQ(back.config.code.size, 22);
  EXPECT_EQ(back.reserved_concurrency, 5);
  EXPECT_EQ(back.policy.at(0).document.dump(), R"({"Sid":"s1"})");
}

TEST(FunctionRecord, AbsentOptionalsStayAbsent) {
  Function f = sample();
  f.config.environment.reset();
  f.config.kms_key_arn.reset();
  f.reserved_concurrency.reset();
  Function back = from_record(to_record(f));
  EXPECT_FALSE(back.config.environment);
  EXPECT_FALSE(back.config.kms_key_arn);
  EXPECT_FALSE(back.reserved_concurrency);
}

}  // namespace
}  // namespace localcloud::lambda::model
