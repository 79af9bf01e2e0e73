// ProcFile, rss_mb and peak_rss_mb: a /proc file held open reads the process as it is
// now each time, and fails, rather than read another process, once the one
// it was opened for is gone. spawn's private /tmp: the child's own, with what
// its command names under the host's /tmp still there.
#include "invoke/process.h"

#include <gtest/gtest.h>
#include <poll.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <memory>
#include <string>

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

// Everything the child writes to stdout and stderr, until it exits.
std::string output_of(const Child& child) {
  std::string out;
  char buffer[4096];
  for (;;) {
    pollfd p{child.output_fd, POLLIN, 0};
    if (poll(&p, 1, 10'000) <= 0) break;
    ssize_t n = read(child.output_fd, buffer, sizeof buffer);
    if (n <= 0) break;
    out.append(buffer, static_cast<size_t>(n));
  }
  reap(child.pid);
  close(child.output_fd);
  close(child.pid_fd);
  return out;
}

TEST(Spawn, APrivateTmpHidesTheHostsButKeepsWhatTheCommandNames) {
  // ... and makes the directories asked for read-only.
  if (!private_tmp_available()) GTEST_SKIP() << "this system refuses mount namespaces";
  namespace fs = std::filesystem;
  std::string id = std::to_string(getpid());
  fs::path work = "/tmp/localcloud-spawn-work-" + id;      // the working directory
  fs::path named = "/tmp/localcloud-spawn-named-" + id;    // in host_paths
  fs::path hidden = "/tmp/localcloud-spawn-hidden-" + id;  // only in a variable
  fs::create_directories(work / "deeper");
  std::ofstream(work / "deeper" / "script") << "echo script ran\n";
  std::ofstream(named) << "named file\n";
  std::ofstream(hidden) << "host file\n";
  fs::path written = "/tmp/localcloud-spawn-written-" + id;

  SpawnSpec spec;
  spec.argv = {"/bin/sh", "-c",
               "sh deeper/script; cat \"$NAMED\"; "
               "(echo x > deeper/new) 2>/dev/null || echo work is read-only; "
               "test -e \"$HIDDEN\" && echo hidden visible; "
               "echo inside > " + written.string() + " && cat " + written.string() + "; "
               "echo size $(($(stat -f -c '%b*%S' /tmp) >> 20))"};
  spec.environment = {"PATH=/usr/bin:/bin", "NAMED=" + named.string(),
                      "HIDDEN=" + hidden.string()};
  spec.working_dir = work;
  spec.private_tmp_mb = 8;
  spec.host_paths = {"/usr/bin:" + named.string()};
  spec.read_only = {work.string()};
  std::string out = output_of(spawn(spec));

  EXPECT_NE(out.find("script ran\n"), std::string::npos) << out;
  EXPECT_NE(out.find("named file\n"), std::string::npos) << out;
  EXPECT_NE(out.find("work is read-only\n"), std::string::npos) << out;
  EXPECT_FALSE(fs::exists(work / "deeper" / "new"));
  EXPECT_EQ(out.find("hidden visible"), std::string::npos) << out;
  EXPECT_NE(out.find("inside\n"), std::string::npos) << out;
  EXPECT_NE(out.find("size 8\n"), std::string::npos) << out;
  EXPECT_FALSE(fs::exists(written));  // it went to the child's /tmp
  EXPECT_TRUE(fs::exists(hidden));
  fs::remove_all(work);
  fs::remove(named);
  fs::remove(hidden);
}

TEST(Spawn, WithoutAPrivateTmpTheChildSharesTheHosts) {
  namespace fs = std::filesystem;
  fs::path written = "/tmp/localcloud-spawn-shared-" + std::to_string(getpid());
  SpawnSpec spec;
  spec.argv = {"/bin/sh", "-c", "echo shared > " + written.string()};
  spec.working_dir = "/";
  output_of(spawn(spec));
  EXPECT_TRUE(fs::exists(written));
  fs::remove(written);
}

}  // namespace
}  // namespace localcloud::lambda::invoke
