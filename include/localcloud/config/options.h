// The command line: flags → validated Options. No I/O beyond reading the
// config file named by --config.
#pragma once

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json_fwd.hpp>

namespace localcloud::config {

struct Options {
  std::string host = "127.0.0.1";
  uint16_t port = 4566;
  std::filesystem::path data_dir = ".localcloud";
  bool in_memory = false;
  std::optional<std::filesystem::path> config_file;
  std::string log_level = "info";
  int threads = 0;  // 0: one per core
  size_t body_limit = 16 * 1024 * 1024;
  int shutdown_grace_ms = 10'000;
  // Lambda: concurrency of a function without reserved concurrency, and
  // how long an idle execution environment is kept warm.
  int lambda_concurrency = 10;
  int lambda_idle_seconds = 300;
  // DynamoDB: seconds between Time to Live sweeps (fractions allowed).
  double ttl_interval_seconds = 10;
  // Connections: the cap beyond which new ones get 503, and how long a
  // connection may take to send a request's headers (a new one counts from
  // accept) or sit idle between requests.
  size_t max_connections = 4096;
  int header_timeout_ms = 10'000;
  int idle_timeout_ms = 60'000;
  // Every request to the AWS APIs must carry a Signature Version 4
  // signature by a key of the config file's $.auth.keys.
  bool require_auth = false;
};

// What parse_command_line decided: run with `options`, or exit with
// `exit_code` after printing `output` (help and version go to stdout with
// code 0; errors are one line for stderr with code 2).
struct ParseResult {
  std::optional<Options> options;
  int exit_code = 0;
  std::string output;
};

// Parses argv (argv[0] is the program name). `localcloud serve ...` is the
// same as `localcloud ...`. Never throws and never exits.
ParseResult parse_command_line(const std::vector<std::string>& args);

// Reads and parses the JSON config file. Throws std::runtime_error with a
// one-line message naming the file (and line/column for syntax errors).
nlohmann::json load_config_file(const std::filesystem::path& path);

}  // namespace localcloud::config
