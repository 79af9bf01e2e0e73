// ProcFile and rss_mb: a /proc file held open reads the process as it is
// now each time, and fails, rather than read another process, once the one
// it was opened for is gone.
#include "invoke/process.h"

#include <gtest/gtest.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstring>
#include <memory>

namespace localcloud::lambda::invoke {
namespace {

TEST(ProcFile, EachReadSeesTheResidentSetNow) {
  ProcFile statm(getpid(), "statm");
  ASSERT_TRUE(statm.is_open());
  int before = rss_mb(statm);
  EXPECT_GT(before, 0);
  constexpr size_t kBytes = 64u << 20;
  auto block = std::make_unique<char[]>(kBytes);
  std::memset(block.get(), 1, kBytes);  // touched: resident
  EXPECT_GE(rss_mb(statm), before + 60);
  EXPECT_EQ(block[kBytes - 1], 1);
}

TEST(ProcFile, AReapedProcessReadsAsNothing) {
  pid_t pid = fork();
  ASSERT_GE(pid, 0);
  if (pid == 0) {
    pause();
    _exit(0);
  }
  ProcFile statm(pid, "statm");
  ASSERT_TRUE(statm.is_open());
  EXPECT_GT(rss_mb(statm), 0);
  kill(pid, SIGKILL);
  waitpid(pid, nullptr, 0);
  EXPECT_EQ(rss_mb(statm), 0);
  EXPECT_EQ(rss_mb(ProcFile()), 0);  // never opened
}

}  // namespace
}  // namespace localcloud::lambda::invoke
