// The REPORT line's numbers: two decimals exactly as printf's "%.2f" writes
// them (Lambda's format), the billed duration rounded up.
#include "invoke/log_format.h"

#include <gtest/gtest.h>

#include <cstdio>
#include <random>
#include <string>

namespace localcloud::lambda::invoke {
namespace {

std::string printf_two(double v) {
  char text[64];
  std::snprintf(text, sizeof text, "%.2f", v);
  return text;
}

TEST(LogFormat, TwoDecimalsAreWhatPrintfWrites) {
  for (double v : {0.0, 0.004, 0.005, 0.015, 1.005, 2.675, 3.0, 9.995, 12345.678, 1e9 + 0.125})
    EXPECT_EQ(two_decimals(v), printf_two(v)) << v;
  std::mt19937_64 rng(7);
  std::uniform_real_distribution<double> durations(0.0, 900'000.0);
  for (int i = 0; i < 20'000; ++i) {
    double v = durations(rng);
    ASSERT_EQ(two_decimals(v), printf_two(v)) << v;
  }
}

TEST(LogFormat, ReportLineAsLambdaWritesIt) {
  EXPECT_EQ(report_line("id-1", 12.341, 128, 42, -1),
            "REPORT RequestId: id-1\tDuration: 12.34 ms\tBilled Duration: 13 ms\t"
            "Memory Size: 128 MB\tMax Memory Used: 42 MB\t");
  EXPECT_EQ(report_line("id-2", 1.0, 256, 60, 153.456),
            "REPORT RequestId: id-2\tDuration: 1.00 ms\tBilled Duration: 1 ms\t"
            "Memory Size: 256 MB\tMax Memory Used: 60 MB\tInit Duration: 153.46 ms\t");
  EXPECT_EQ(timed_out_text(3), "Task timed out after 3.00 seconds");
}

}  // namespace
}  // namespace localcloud::lambda::invoke
