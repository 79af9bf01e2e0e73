// The rules PutLogEvents applies to a batch: which batches AWS refuses whole,
// and which events of an accepted batch it rejects while keeping the rest.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <vector>

#include "localcloud/logs/log_store.h"

namespace localcloud::logs::model {

inline constexpr size_t kMaxBatchBytes = 1048576;  // messages' UTF-8 bytes + 26 per event
inline constexpr size_t kEventOverheadBytes = 26;
inline constexpr int64_t kMaxFutureMs = 2LL * 60 * 60 * 1000;     // 2 hours
inline constexpr int64_t kMaxAgeMs = 14LL * 24 * 60 * 60 * 1000;  // 14 days
inline constexpr int64_t kMaxSpanMs = 24LL * 60 * 60 * 1000;      // 24 hours

// The kept events are [begin, end); the indexes say what was rejected, in
// the shape of PutLogEvents' rejectedLogEventsInfo.
struct BatchVerdict {
  size_t begin = 0;
  size_t end = 0;
  std::optional<size_t> too_new_start;  // first event more than 2 hours ahead
  std::optional<size_t> too_old_end;    // last event older than 14 days
  std::optional<size_t> expired_end;    // last event older than the retention
  bool rejected_any() const { return too_new_start || too_old_end || expired_end; }
};

// Judges `events` (already shape-checked) at time `now_ms` for a group with
// `retention_days`. Throws AwsError InvalidParameterException when AWS
// refuses the whole batch: too large, out of order, or spanning over 24 hours.
BatchVerdict judge_batch(const std::vector<Event>& events, int64_t now_ms,
                         std::optional<int> retention_days);

}  // namespace localcloud::logs::model
