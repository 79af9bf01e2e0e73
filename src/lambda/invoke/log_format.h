// The texts Lambda writes around invocations: timestamps, START/END/REPORT,
// error documents and log stream names.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace localcloud::lambda::invoke {

int64_t epoch_ms();
// 2026-11-30T03:53:41.731Z
std::string iso_time(int64_t epoch_ms);
// "1.00": Lambda's two-decimal durations and timeouts.
std::string two_decimals(double value);
// {"errorType":…,"errorMessage":…}
std::string error_document(std::string_view type, std::string_view message);
// "2026/11/30/[$LATEST]<32 hex>", AWS's stream name for an environment.
std::string new_stream_name();
// REPORT RequestId: …\tDuration: … ms\tBilled Duration: … ms\tMemory Size: … MB\t
// Max Memory Used: … MB\t[Init Duration: … ms\t]
std::string report_line(std::string_view request_id, double duration_ms, int memory_size_mb,
                        int max_memory_used_mb, double init_ms /* < 0: none */);
// "Task timed out after 3.00 seconds"
std::string timed_out_text(double seconds);

}  // namespace localcloud::lambda::invoke
