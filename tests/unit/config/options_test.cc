#include "localcloud/config/options.h"

#include <gtest/gtest.h>

#include <fstream>
#include <nlohmann/json.hpp>

namespace localcloud::config {
namespace {

ParseResult parse(std::vector<std::string> args) {
  args.insert(args.begin(), "localcloud");
  return parse_command_line(args);
}

TEST(Options, DefaultsMatchTheDesign) {
  auto r = parse({});
  ASSERT_TRUE(r.options);
  EXPECT_EQ(r.options->host, "127.0.0.1");
  EXPECT_EQ(r.options->port, 4566);
  EXPECT_EQ(r.options->data_dir, ".localcloud");
  EXPECT_FALSE(r.options->in_memory);
  EXPECT_FALSE(r.options->config_file);
  EXPECT_EQ(r.options->log_level, "info");
  EXPECT_GE(r.options->threads, 1);
  EXPECT_EQ(r.options->body_limit, 16u * 1024 * 1024);
  EXPECT_EQ(r.options->lambda_concurrency, 10);
  EXPECT_EQ(r.options->lambda_idle_seconds, 300);
  EXPECT_EQ(r.options->max_connections, 4096u);
  EXPECT_EQ(r.options->header_timeout_ms, 10'000);
  EXPECT_EQ(r.options->idle_timeout_ms, 60'000);
  EXPECT_FALSE(r.options->require_auth);
}

TEST(Options, EveryFlagIsRead) {
  auto r = parse({"serve", "--host", "0.0.0.0", "--port", "0", "--data-dir", "/tmp/x",
                  "--in-memory", "--config", "c.json", "--log-level", "debug", "--threads", "3",
                  "--body-limit", "2M", "--shutdown-grace-ms", "500", "--lambda-concurrency",
                  "4", "--lambda-idle-seconds", "60"});
  ASSERT_TRUE(r.options) << r.output;
  EXPECT_EQ(r.options->host, "0.0.0.0");
  EXPECT_EQ(r.options->port, 0);
  EXPECT_EQ(r.options->data_dir, "/tmp/x");
  EXPECT_TRUE(r.options->in_memory);
  EXPECT_EQ(r.options->config_file, "c.json");
  EXPECT_EQ(r.options->log_level, "debug");
  EXPECT_EQ(r.options->threads, 3);
  EXPECT_EQ(r.options->body_limit, 2u * 1024 * 1024);
  EXPECT_EQ(r.options->shutdown_grace_ms, 500);
  EXPECT_EQ(r.options->lambda_concurrency, 4);
  EXPECT_EQ(r.options->lambda_idle_seconds, 60);
}

TEST(Options, ConnectionLimitsAndAuthFlags) {
  auto r = parse({"--max-connections", "8", "--header-timeout-ms", "1500", "--idle-timeout-ms",
                  "2500", "--require-auth", "--config", "c.json"});
  ASSERT_TRUE(r.options) << r.output;
  EXPECT_EQ(r.options->max_connections, 8u);
  EXPECT_EQ(r.options->header_timeout_ms, 1500);
  EXPECT_EQ(r.options->idle_timeout_ms, 2500);
  EXPECT_TRUE(r.options->require_auth);
}

TEST(Options, ServeMayComeAfterFlagsToo) {
  auto r = parse({"--port", "1234", "serve"});
  ASSERT_TRUE(r.options) << r.output;
  EXPECT_EQ(r.options->port, 1234);
}

TEST(Options, BadInputExitsWith2AndOneLine) {
  const std::vector<std::vector<std::string>> cases = {
      {"--nope"},
      {"--port", "http"},
      {"--port", "70000"},
      {"--threads", "-1"},
      {"--log-level", "loud"},
      {"--body-limit", "lots"},
      {"--body-limit", "0"},
      {"--lambda-concurrency", "0"},
      {"--lambda-idle-seconds", "soon"},
      {"--max-connections", "0"},
      {"--header-timeout-ms", "5"},
      {"--require-auth"},  // the keys come from a config file
      {"stop"},
  };
  for (const auto& args : cases) {
    auto r = parse(args);
    EXPECT_FALSE(r.options) << args[0];
    EXPECT_EQ(r.exit_code, 2) << args[0];
    EXPECT_TRUE(r.output.starts_with("localcloud: ")) << r.output;
    EXPECT_EQ(r.output.find('\n'), std::string::npos) << r.output;
  }
}

TEST(Options, HelpAndVersionExitZero) {
  auto help = parse({"--help"});
  EXPECT_EQ(help.exit_code, 0);
  EXPECT_NE(help.output.find("--in-memory"), std::string::npos);
  auto version = parse({"--version"});
  EXPECT_EQ(version.exit_code, 0);
  EXPECT_EQ(version.output, "localcloud 0.1.0\n");
}

TEST(ConfigFile, ReadsAnObjectAndNamesTheFileOnErrors) {
  auto dir = std::filesystem::temp_directory_path();
  auto good = dir / "localcloud-config-good.json";
  auto bad = dir / "localcloud-config-bad.json";
  auto array = dir / "localcloud-config-array.json";
  std::ofstream(good) << R"({"tables": []})";
  std::ofstream(bad) << R"({"tables": [})";
  std::ofstream(array) << "[]";
  EXPECT_TRUE(load_config_file(good).contains("tables"));
  try {
    load_config_file(bad);
    FAIL();
  } catch (const std::runtime_error& e) {
    EXPECT_NE(std::string(e.what()).find("localcloud-config-bad.json is not valid JSON"),
              std::string::npos) << e.what();
  }
  EXPECT_THROW(load_config_file(array), std::runtime_error);
  EXPECT_THROW(load_config_file(dir / "missing-localcloud.json"), std::runtime_error);
  std::filesystem::remove(good);
  std::filesystem::remove(bad);
  std::filesystem::remove(array);
}

}  // namespace
}  // namespace localcloud::config
