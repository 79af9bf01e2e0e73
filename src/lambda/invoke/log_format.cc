#include "invoke/log_format.h"

#include <charconv>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <ctime>
#include <nlohmann/json.hpp>
#include <random>

namespace localcloud::lambda::invoke {

int64_t epoch_ms() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

std::string iso_time(int64_t ms) {
  std::time_t seconds = static_cast<std::time_t>(ms / 1000);
  std::tm tm{};
  gmtime_r(&seconds, &tm);
  char text[64];
  std::snprintf(text, sizeof text, "%04d-%02d-%02dT%02d:%02d:%02d.%03dZ", tm.tm_year + 1900,
                tm.tm_mon + 1, tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec,
                static_cast<int>(ms % 1000));
  return text;
}

std::string two_decimals(double value) {
  // As printf's "%.2f" writes it, at a fraction of the cost (a REPORT line a
  // invocation).
  char text[64];
  auto [end, ec] = std::to_chars(text, text + sizeof text, value, std::chars_format::fixed, 2);
  if (ec != std::errc()) return "0.00";
  return std::string(text, end);
}

std::string error_document(std::string_view type, std::string_view message) {
  nlohmann::ordered_json doc;
  doc["errorType"] = type;
  doc["errorMessage"] = message;
  return doc.dump();
}

std::string new_stream_name() {
  thread_local std::mt19937_64 rng{std::random_device{}()};
  static constexpr char kHex[] = "0123456789abcdef";
  std::string id(32, '0');
  for (auto& c : id) c = kHex[rng() & 15];
  std::time_t now = std::time(nullptr);
  std::tm tm{};
  gmtime_r(&now, &tm);
  char date[48];
  std::snprintf(date, sizeof date, "%04d/%02d/%02d", tm.tm_year + 1900, tm.tm_mon + 1,
                tm.tm_mday);
  return std::string(date) + "/[$LATEST]" + id;
}

std::string report_line(std::string_view request_id, double duration_ms, int memory_size_mb,
                        int max_memory_used_mb, double init_ms) {
  std::string line = "REPORT RequestId: " + std::string(request_id) +
                     "\tDuration: " + two_decimals(duration_ms) + " ms\tBilled Duration: " +
                     std::to_string(static_cast<int64_t>(std::ceil(duration_ms))) +
                     " ms\tMemory Size: " + std::to_string(memory_size_mb) +
                     " MB\tMax Memory Used: " + std::to_string(max_memory_used_mb) + " MB\t";
  if (init_ms >= 0) line += "Init Duration: " + two_decimals(init_ms) + " ms\t";
  return line;
}

std::string timed_out_text(double seconds) {
  return "Task timed out after " + two_decimals(seconds) + " seconds";
}

}  // namespace localcloud::lambda::invoke
