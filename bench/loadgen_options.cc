// Argument parsing and request serialization for lc-loadgen.
#include "loadgen_options.h"

#include "common.h"

#include <boost/beast/http.hpp>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <string_view>

namespace lcbench {
namespace {

namespace http = boost::beast::http;

constexpr const char* kUsage =
    "usage: lc-loadgen --url http://HOST:PORT/PATH [--method GET] [--header 'Name: value']...\n"
    "                  [--body TEXT | --body-file F | --bodies-file F] [--connections 1]\n"
    "                  [--duration 5] [--warmup 1] [--threads 1] [--name LABEL]\n"
    "                  [--error-header NAME]\n";

bool usage_error(const std::string& why) {
  std::fprintf(stderr, "lc-loadgen: %s\n%s", why.c_str(), kUsage);
  return false;
}

std::string read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw std::runtime_error("cannot read " + path);
  std::ostringstream out;
  out << in.rdbuf();
  return out.str();
}

// Only plain http: the benchmarks run over loopback, and TLS would measure OpenSSL.
bool parse_url(std::string_view url, LoadgenOptions& options) {
  constexpr std::string_view kScheme = "http://";
  if (!url.starts_with(kScheme)) return usage_error("--url must start with http://");
  url.remove_prefix(kScheme.size());
  auto slash = url.find('/');
  std::string_view authority = url.substr(0, slash);
  options.target = slash == std::string_view::npos ? "/" : std::string(url.substr(slash));
  auto colon = authority.rfind(':');
  options.host = std::string(authority.substr(0, colon));
  options.port = colon == std::string_view::npos ? "80" : std::string(authority.substr(colon + 1));
  if (options.host.empty() || options.port.empty()) return usage_error("bad --url");
  return true;
}

bool parse_number(const char* flag, const std::string& text, double min, double& out) {
  try {
    size_t used = 0;
    out = std::stod(text, &used);
    if (used == text.size() && out >= min) return true;
  } catch (const std::exception&) {
  }
  return usage_error(std::string(flag) + ": '" + text + "' is not a number >= " +
                     std::to_string(static_cast<int>(min)));
}

bool parse_count(const char* flag, const std::string& text, int& out) {
  double value = 0;
  if (!parse_number(flag, text, 1, value)) return false;
  out = static_cast<int>(value);
  return true;
}

}  // namespace

std::optional<LoadgenOptions> parse_loadgen_options(int argc, char** argv) {
  LoadgenOptions o;
  std::string url;
  std::string body_file;
  for (int i = 1; i < argc; ++i) {
    std::string flag = argv[i];
    std::string value;
    if (auto eq = flag.find('='); flag.starts_with("--") && eq != std::string::npos) {
      value = flag.substr(eq + 1);
      flag.resize(eq);
    } else if (flag == "--help" || flag == "-h") {
      std::fputs(kUsage, stdout);
      std::exit(0);
    } else if (i + 1 < argc) {
      value = argv[++i];
    } else {
      usage_error(flag + " needs a value");
      return std::nullopt;
    }
    bool ok = true;
    if (flag == "--url") url = value;
    else if (flag == "--method") o.method = value;
    else if (flag == "--header") o.headers.push_back(value);
    else if (flag == "--body") o.body = value;
    else if (flag == "--body-file") body_file = value;
    else if (flag == "--bodies-file") o.bodies_file = value;
    else if (flag == "--error-header") o.error_header = value;
    else if (flag == "--connections") ok = parse_count("--connections", value, o.connections);
    else if (flag == "--threads") ok = parse_count("--threads", value, o.threads);
    else if (flag == "--duration") ok = parse_number("--duration", value, 0.1, o.duration_s);
    else if (flag == "--warmup") ok = parse_number("--warmup", value, 0, o.warmup_s);
    else if (flag == "--name") o.name = value;
    else ok = usage_error("unknown option " + flag);
    if (!ok) return std::nullopt;
  }
  if (url.empty() || !parse_url(url, o)) {
    if (url.empty()) usage_error("--url is required");
    return std::nullopt;
  }
  if (!body_file.empty()) {
    try {
      o.body = read_file(body_file);
    } catch (const std::exception& e) {
      usage_error(e.what());
      return std::nullopt;
    }
  }
  return o;
}

std::vector<std::string> build_requests(const LoadgenOptions& options) {
  std::vector<std::string> bodies;
  if (options.bodies_file.empty()) {
    bodies.push_back(options.body);
  } else {
    bodies = read_bodies(options.bodies_file);
  }

  http::request<http::string_body> request;
  request.method_string(options.method);
  request.target(options.target);
  request.version(11);
  request.set(http::field::host, options.host + ":" + options.port);
  request.set(http::field::user_agent, "lc-loadgen");
  for (const auto& header : options.headers) {
    auto colon = header.find(':');
    if (colon == std::string::npos || colon == 0)
      throw std::runtime_error("--header '" + header + "' is not 'Name: value'");
    auto value_start = header.find_first_not_of(' ', colon + 1);
    request.set(header.substr(0, colon),
                value_start == std::string::npos ? "" : header.substr(value_start));
  }

  std::vector<std::string> wire;
  wire.reserve(bodies.size());
  for (auto& body : bodies) {
    request.body() = std::move(body);
    request.prepare_payload();
    std::ostringstream out;
    out << request;
    wire.push_back(out.str());
  }
  return wire;
}

}  // namespace lcbench
