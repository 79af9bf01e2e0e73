#include "api/render.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include "localcloud/core/scratch_dir.h"
#include "localcloud/sqlite/store.h"
#include "storage/code_store.h"
#include "storage/functions.h"
#include "storage/mappings.h"
#include "storage/name_locks.h"
#include "storage/schema.h"

namespace localcloud::lambda::api {
namespace {

class RenderTest : public ::testing::Test {
 protected:
  RenderTest()
      : store_(sqlite::Store::open({"", true, 2})),
        functions_((store_->migrate(storage::kComponent, storage::migrations()), *store_)),
        code_(scratch_->path()),
        mappings_(*store_),
        ctx_{ServiceOptions{}, functions_, code_, locks_, mappings_, nullptr} {}

  model::FunctionConfig config() {
    model::FunctionConfig c;
    c.name = "hello";
    c.runtime = "nodejs20.x";
    c.role = "arn:aws:iam::000000000000:role/r";
    c.handler = "index.handler";
    c.logging.log_group = "/aws/lambda/hello";
    c.code = model::CodeInfo{"c2hh", "abcd", 321};
    c.last_modified_ms = 1704067200000 + 42;  // 2024-01-01T00:00:00.042Z
    c.revision_id = "r-1";
    return c;
  }

  std::unique_ptr<ScratchDir> scratch_ =
      ScratchDir::make(std::filesystem::temp_directory_path(), "lc-render-");
  std::unique_ptr<sqlite::Store> store_;
  storage::FunctionStore functions_;
  storage::CodeStore code_;
  storage::NameLocks locks_;
  storage::MappingStore mappings_;
  Context ctx_;
};

TEST_F(RenderTest, FullConfiguration) {
  std::string runtime_arn = runtime_version_arn("us-east-1", "nodejs20.x");
  EXPECT_EQ(render_configuration(ctx_, config(), ConfigView::kFull).dump(),
            R"({"FunctionName":"hello",)"
            R"("FunctionArn":"arn:aws:lambda:us-east-1:000000000000:function:hello",)"
            R"("Runtime":"nodejs20.x","Role":"arn:aws:iam::000000000000:role/r",)"
            R"("Handler":"index.handler","CodeSize":321,"Description":"","Timeout":3,)"
            R"("MemorySize":128,"LastModified":"2024-01-01T00:00:00.042+0000",)"
            R"("CodeSha256":"c2hh","Version":"$LATEST","TracingConfig":{"Mode":"PassThrough"},)"
            R"("RevisionId":"r-1","State":"Active","LastUpdateStatus":"Successful",)"
            R"("PackageType":"Zip","Architectures":["x86_64"],"EphemeralStorage":{"Size":512},)"
            R"("SnapStart":{"ApplyOn":"None","OptimizationStatus":"Off"},)"
            R"("RuntimeVersionConfig":{"RuntimeVersionArn":")" +
                runtime_arn +
                R"("},)"
                R"("LoggingConfig":{"LogFormat":"Text","LogGroup":"/aws/lambda/hello"}})");
}

TEST_F(RenderTest, ListedFormLeavesOutStateAndRuntimeVersion) {
  auto c = config();
  c.environment = model::Variables{{"B", "2"}, {"A", "1"}};
  auto listed = render_configuration(ctx_, c, ConfigView::kListed, true);
  EXPECT_FALSE(listed.contains("State"));
  EXPECT_FALSE(listed.contains("LastUpdateStatus"));
  EXPECT_FALSE(listed.contains("RuntimeVersionConfig"));
  EXPECT_EQ(listed["FunctionArn"], "arn:aws:lambda:us-east-1:000000000000:function:hello:$LATEST");
  EXPECT_EQ(listed["Environment"].dump(), R"({"Variables":{"B":"2","A":"1"}})");
}

TEST_F(RenderTest, GetFunctionEnvelope) {
  model::Function f;
  f.config = config();
  Call call;
  call.host = "127.0.0.1:4566";
  auto out = render_function(ctx_, call, f);
  EXPECT_EQ(
      out["Code"].dump(),
      R"({"RepositoryType":"S3","Location":"http://127.0.0.1:4566/_localcloud/lambda/code/hello/abcd.zip"})");
  EXPECT_FALSE(out.contains("Tags"));
  EXPECT_FALSE(out.contains("Concurrency"));
  f.tags = {{"k", "v"}};
  f.reserved_concurrency = 2;
  out = render_function(ctx_, call, f);
  EXPECT_EQ(out["Tags"].dump(), R"({"k":"v"})");
  EXPECT_EQ(out["Concurrency"].dump(), R"({"ReservedConcurrentExecutions":2})");
}

TEST(Render, Timestamps) {
  EXPECT_EQ(format_last_modified(0), "1970-01-01T00:00:00.000+0000");
  EXPECT_EQ(format_last_modified(1735689599999), "2024-12-31T23:59:59.999+0000");
}

TEST(Render, RuntimeVersionArnIsStable) {
  std::string arn = runtime_version_arn("us-east-1", "python3.12");
  EXPECT_EQ(arn, runtime_version_arn("us-east-1", "python3.12"));
  EXPECT_NE(arn, runtime_version_arn("us-east-1", "python3.13"));
  EXPECT_TRUE(arn.starts_with("arn:aws:lambda:us-east-1::runtime:"));
  EXPECT_EQ(arn.size(), std::string("arn:aws:lambda:us-east-1::runtime:").size() + 64);
}

}  // namespace
}  // namespace localcloud::lambda::api
