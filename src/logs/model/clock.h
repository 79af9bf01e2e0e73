// Wall-clock time in CloudWatch Logs' unit: milliseconds since the epoch.
#pragma once

#include <chrono>
#include <cstdint>

namespace localcloud::logs::model {

inline int64_t now_ms() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

}  // namespace localcloud::logs::model
