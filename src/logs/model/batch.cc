#include "model/batch.h"

#include <algorithm>
#include <string>

#include "errors.h"

namespace localcloud::logs::model {

BatchVerdict judge_batch(const std::vector<Event>& events, int64_t now_ms,
                         std::optional<int> retention_days) {
  size_t bytes = 0;
  for (const auto& e : events) bytes += e.message.size() + kEventOverheadBytes;
  if (bytes > kMaxBatchBytes)
    throw errors::invalid_parameter("Upload too large: " + std::to_string(bytes) +
                                    " bytes exceeds limit of " + std::to_string(kMaxBatchBytes));
  for (size_t i = 1; i < events.size(); ++i) {
    if (events[i].timestamp_ms < events[i - 1].timestamp_ms)
      throw errors::invalid_parameter(
          "Log events in a single PutLogEvents request must be in chronological order.");
  }

  // In a chronological batch the too-old events are a prefix and the
  // too-new ones a suffix.
  BatchVerdict v;
  v.end = events.size();
  for (size_t i = 0; i < events.size(); ++i) {
    int64_t t = events[i].timestamp_ms;
    if (t < now_ms - kMaxAgeMs) v.too_old_end = i;
    if (retention_days && t < now_ms - int64_t{*retention_days} * 24 * 60 * 60 * 1000)
      v.expired_end = i;
    if (t > now_ms + kMaxFutureMs && !v.too_new_start) v.too_new_start = i;
  }
  if (v.too_old_end) v.begin = *v.too_old_end + 1;
  if (v.expired_end) v.begin = std::max(v.begin, *v.expired_end + 1);
  if (v.too_new_start) v.end = *v.too_new_start;
  if (v.end < v.begin) v.end = v.begin;

  if (v.begin < v.end && events[v.end - 1].timestamp_ms - events[v.begin].timestamp_ms > kMaxSpanMs)
    throw errors::invalid_parameter(
        "The batch of log events in a single PutLogEvents request cannot span more than 24 "
        "hours.");
  return v;
}

}  // namespace localcloud::logs::model
