#include "localcloud/config/options.h"

#include <CLI/CLI.hpp>
#include <cstring>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>
#include <thread>

#include "localcloud/core/logging.h"
#include "localcloud/core/version.h"

namespace localcloud::config {
namespace {

constexpr const char* kDescription =
    "localcloud: API Gateway, Lambda and DynamoDB on your machine, offline.";

// A size with an optional K/M/G suffix (powers of 1024).
std::optional<size_t> parse_size(std::string text) {
  if (text.empty()) return std::nullopt;
  size_t multiplier = 1;
  switch (text.back()) {
    case 'k': case 'K': multiplier = 1024; break;
    case 'm': case 'M': multiplier = 1024 * 1024; break;
    case 'g': case 'G': multiplier = 1024 * 1024 * 1024; break;
    default: break;
  }
  if (multiplier != 1) text.pop_back();
  if (text.empty() || text.find_first_not_of("0123456789") != std::string::npos)
    return std::nullopt;
  return std::stoull(text) * multiplier;
}

}  // namespace

ParseResult parse_command_line(const std::vector<std::string>& args) {
  Options o;
  std::string body_limit = "16M";
  std::string config_file;
  bool version = false;

  CLI::App app(kDescription, "localcloud");
  app.add_option("--host", o.host, "Address to listen on (default 127.0.0.1)");
  app.add_option("--port", o.port, "Port to listen on; 0 picks a free one (default 4566)");
  app.add_option("--data-dir", o.data_dir, "Where data is kept (default ./.localcloud)");
  app.add_flag("--in-memory", o.in_memory, "Keep everything in memory; nothing is written");
  app.add_option("--config", config_file, "JSON file declaring tables, functions and APIs");
  app.add_option("--log-level", o.log_level, "trace|debug|info|warn|error|off (default info)");
  app.add_option("--threads", o.threads, "Request threads (default: one per core)")
      ->check(CLI::Range(0, 256));
  app.add_option("--body-limit", body_limit, "Largest request body, e.g. 16M (default 16M)");
  app.add_option("--shutdown-grace-ms", o.shutdown_grace_ms,
                 "How long in-flight requests may finish after SIGTERM (default 10000)")
      ->check(CLI::Range(0, 600'000));
  app.add_option("--lambda-concurrency", o.lambda_concurrency,
                 "Concurrent executions of a function without reserved concurrency (default 10)")
      ->check(CLI::Range(1, 1000));
  app.add_option("--lambda-idle-seconds", o.lambda_idle_seconds,
                 "How long an idle Lambda execution environment stays warm (default 300)")
      ->check(CLI::Range(1, 86'400));
  app.add_option("--ttl-interval", o.ttl_interval_seconds,
                 "Seconds between DynamoDB Time to Live sweeps that delete expired items "
                 "(default 10)")
      ->check(CLI::Range(0.05, 86'400.0));
  app.add_option("--max-connections", o.max_connections,
                 "Open connections beyond which new ones get 503 (default 4096)")
      ->check(CLI::Range(1, 1'000'000));
  app.add_option("--header-timeout-ms", o.header_timeout_ms,
                 "How long a connection may take to send a request's headers (default 10000)")
      ->check(CLI::Range(100, 3'600'000));
  app.add_option("--idle-timeout-ms", o.idle_timeout_ms,
                 "How long a kept-alive connection may wait for its next request (default 60000)")
      ->check(CLI::Range(100, 3'600'000));
  app.add_flag("--require-auth", o.require_auth,
               "Refuse AWS API requests without a valid Signature Version 4 signature by a key "
               "of the config file's auth.keys");
  app.add_flag("--version", version, "Print the version and exit");
  auto* serve = app.add_subcommand("serve", "Run the server (the default)");
  serve->fallthrough();
  app.require_subcommand(0, 1);

  std::vector<std::string> reversed(args.rbegin(), args.rend());
  if (!reversed.empty()) reversed.pop_back();  // argv[0]
  try {
    app.parse(reversed);
  } catch (const CLI::CallForHelp&) {
    return ParseResult{std::nullopt, 0, app.help()};
  } catch (const CLI::ParseError& e) {
    return ParseResult{std::nullopt, 2,
                       std::string("localcloud: ") + e.what() + " (see localcloud --help)"};
  }
  if (version) return ParseResult{std::nullopt, 0, std::string("localcloud ") + kVersion + "\n"};
  if (!logging::parse_level(o.log_level))
    return ParseResult{std::nullopt, 2,
                       "localcloud: --log-level: unknown level '" + o.log_level +
                           "' (use trace, debug, info, warn, error or off)"};
  auto limit = parse_size(body_limit);
  if (!limit || *limit == 0)
    return ParseResult{std::nullopt, 2,
                       "localcloud: --body-limit: '" + body_limit + "' is not a size like 16M"};
  o.body_limit = *limit;
  if (!config_file.empty()) o.config_file = config_file;
  if (o.require_auth && !o.config_file)
    return ParseResult{std::nullopt, 2,
                       "localcloud: --require-auth: the access keys come from the config file's "
                       "auth.keys; give one with --config"};
  if (o.threads == 0) o.threads = static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
  return ParseResult{o, 0, ""};
}

nlohmann::json load_config_file(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw std::runtime_error("cannot read config file " + path.string() + ": " +
                                    std::strerror(errno));
  std::stringstream text;
  text << in.rdbuf();
  try {
    auto doc = nlohmann::json::parse(text.str());
    if (!doc.is_object())
      throw std::runtime_error("config file " + path.string() + ": $ must be a JSON object");
    return doc;
  } catch (const nlohmann::json::parse_error& e) {
    throw std::runtime_error("config file " + path.string() + " is not valid JSON: " + e.what());
  }
}

}  // namespace localcloud::config
