// lc-loadgen's command line, and the requests it sends, serialized once at startup so
// the hot loop only hands prepared bytes to the socket.
#pragma once

#include <optional>
#include <string>
#include <vector>

namespace lcbench {

struct LoadgenOptions {
  std::string host;
  std::string port;
  std::string target;  // path and query, as sent on the request line
  std::string method = "GET";
  std::vector<std::string> headers;  // "Name: value"
  std::string body;
  std::string bodies_file;  // one body per line; empty: every request sends `body`
  std::string error_header;  // a 2xx answer carrying this field counts as an error
  int connections = 1;
  double duration_s = 5;
  double warmup_s = 1;
  int threads = 1;
  std::string name = "loadgen";
};

// Parses argv. On a usage error, returns nullopt after printing why to stderr.
std::optional<LoadgenOptions> parse_loadgen_options(int argc, char** argv);

// The complete wire form of every request to send (one per body), in round-robin order.
// Throws std::runtime_error if a file cannot be read or a header is malformed.
std::vector<std::string> build_requests(const LoadgenOptions& options);

}  // namespace lcbench
