// What lc-loadgen and lc-dynamodb-direct share: the bodies file, the measured window after
// a warmup, the process's CPU over it, latency percentiles and the JSON of their result line.
#pragma once

#include <sys/resource.h>

#include <algorithm>
#include <chrono>
#include <cstdint>
#include <fstream>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

namespace lcbench {

using Clock = std::chrono::steady_clock;

// The part of a run whose answers count: [start, end).
struct Window {
  Clock::time_point start;
  Clock::time_point end;

  // The window of a run starting now: `warmup_s` uncounted, then `duration_s`.
  static Window after_warmup(double warmup_s, double duration_s) {
    using Seconds = std::chrono::duration<double>;
    Window w;
    w.start = Clock::now() + std::chrono::duration_cast<Clock::duration>(Seconds(warmup_s));
    w.end = w.start + std::chrono::duration_cast<Clock::duration>(Seconds(duration_s));
    return w;
  }
  bool contains(Clock::time_point t) const { return t >= start && t < end; }
};

// The non-empty lines of a --bodies-file, one request body each. Throws
// std::runtime_error if the file cannot be read or holds none.
inline std::vector<std::string> read_bodies(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw std::runtime_error("cannot read " + path);
  std::vector<std::string> bodies;
  for (std::string line; std::getline(in, line);)
    if (!line.empty()) bodies.push_back(std::move(line));
  if (bodies.empty()) throw std::runtime_error(path + " has no bodies");
  return bodies;
}

// User + system CPU of the whole process so far, in seconds.
inline double cpu_seconds() {
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  auto seconds = [](const timeval& t) { return t.tv_sec + t.tv_usec / 1e6; };
  return seconds(usage.ru_utime) + seconds(usage.ru_stime);
}

// Sleeps through `window` and returns the CPU seconds the process used within it (the
// work runs on other threads).
inline double cpu_over(const Window& window) {
  std::this_thread::sleep_until(window.start);
  double before = cpu_seconds();
  std::this_thread::sleep_until(window.end);
  return cpu_seconds() - before;
}

// Nearest-rank percentile of sorted nanoseconds, in microseconds.
inline double percentile_us(const std::vector<uint64_t>& sorted, double p) {
  if (sorted.empty()) return 0;
  auto rank = static_cast<size_t>(p / 100.0 * static_cast<double>(sorted.size()));
  return static_cast<double>(sorted[std::min(rank, sorted.size() - 1)]) / 1000.0;
}

// `text` as the inside of a JSON string (control characters dropped).
inline std::string json_escape(const std::string& text) {
  std::string out;
  for (char c : text) {
    if (c == '"' || c == '\\') out += '\\';
    if (static_cast<unsigned char>(c) < 0x20) continue;
    out += c;
  }
  return out;
}

}  // namespace lcbench
