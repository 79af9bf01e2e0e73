// ProcFile, rss_mb and peak_rss_mb: a /proc file held open reads the process as it is
// now each time, and fails, rather than read another process, once the one
// it was opened for is gone.
#include "invoke/process.h"

#include <gtest/gtest.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdlib>
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

TEST(ProcFile, PeakResidentSetFollowsGrowth) {
  // In a child of its own: this process's peak already holds the tests before.
  int ready[2];
  ASSERT_EQ(pipe(ready), 0);
  pid_t pid = fork();
  ASSERT_GE(pid, 0);
  if (pid == 0) {
    constexpr size_t kBytes = 64u << 20;
    char* block = static_cast<char*>(std::malloc(kBytes));
    std::memset(block, 1, kBytes);                 // touched: resident
    asm volatile("" : : "r"(block) : "memory");    // and not optimised away
    std::free(block);                              // gone again, but the peak stays
    char c = 1;
    (void)!write(ready[1], &c, 1);
    pause();
    _exit(0);
  }
  char c = 0;
  ASSERT_EQ(read(ready[0], &c, 1), 1);
  ProcFile status(pid, "status");
  ASSERT_TRUE(status.is_open());
  EXPECT_GE(peak_rss_mb(status), 64);
  kill(pid, SIGKILL);
  waitpid(pid, nullptr, 0);
  close(ready[0]);
  close(ready[1]);
  EXPECT_EQ(peak_rss_mb(ProcFile()), 0);
}

TEST(ProcFile, AReapedProcessReadsAsNothing) {
  pid_t pid = fork();
  ASSERT_GE(pid, 0);
  if (pid == 0) {
    pause();
    _exit(0);
  }
  ProcFile statm(pid, "statm");
  ProcFile status(pid, "status");
  ASSERT_TRUE(statm.is_open());
  EXPECT_GT(rss_mb(statm), 0);
  EXPECT_GT(peak_rss_mb(status), 0);
  kill(pid, SIGKILL);
  waitpid(pid, nullptr, 0);
  EXPECT_EQ(rss_mb(statm), 0);
  EXPECT_EQ(peak_rss_mb(status), 0);
  EXPECT_EQ(rss_mb(ProcFile()), 0);  // never opened
}

}  // namespace
}  // namespace localcloud::lambda::invoke
