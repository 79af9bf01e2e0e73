#include "model/runtimes.h"

#include <gtest/gtest.h>

namespace localcloud::lambda::model {
namespace {

TEST(Runtimes, WhatLocalcloudRuns) {
  EXPECT_EQ(find_runtime("nodejs20.x")->family, RuntimeFamily::kNodejs);
  EXPECT_EQ(find_runtime("nodejs18.x")->family, RuntimeFamily::kNodejs);
  EXPECT_EQ(find_runtime("python3.12")->family, RuntimeFamily::kPython);
  EXPECT_EQ(find_runtime("python3.9")->family, RuntimeFamily::kPython);
  EXPECT_EQ(find_runtime("provided.al2023")->family, RuntimeFamily::kProvided);
  EXPECT_EQ(find_runtime("provided.al2")->family, RuntimeFamily::kProvided);
  EXPECT_EQ(find_runtime("java21")->family, RuntimeFamily::kNone);
  EXPECT_FALSE(find_runtime("PYTHON3.9"));
  EXPECT_FALSE(find_runtime("provided"));  // retired by AWS
}

TEST(Runtimes, Deprecated) {
  for (auto r : {"nodejs14.x", "python3.7", "go1.x", "java8", "provided", "dotnetcore3.1"})
    EXPECT_TRUE(is_deprecated_runtime(r)) << r;
  EXPECT_FALSE(is_deprecated_runtime("nodejs20.x"));
  EXPECT_FALSE(is_deprecated_runtime("non-existent-runtime"));
}

TEST(Runtimes, AcceptedListAsAwsPrintsIt) {
  EXPECT_EQ(accepted_runtimes_text(),
            "[nodejs20.x, python3.14, provided.al2023, python3.12, python3.13, nodejs24.x, "
            "nodejs22.x, java25, python3.10, python3.11, java21, ruby3.3, ruby3.4, ruby3.2, "
            "python3.8, python3.9, java17, nodejs16.x, dotnet10, dotnet8, java11, dotnet6, "
            "nodejs18.x, provided.al2, java8.al2]");
}

TEST(Runtimes, Handlers) {
  EXPECT_TRUE(runtime_needs_handler("nodejs20.x"));
  EXPECT_FALSE(runtime_needs_handler("provided.al2023"));
}

}  // namespace
}  // namespace localcloud::lambda::model
