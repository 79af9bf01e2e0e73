// ProcFile, rss_mb and peak_rss_mb: a /proc file held open reads the process as it is
// now each time, and fails, rather than read another process, once the one
// it was opened for is gone. spawn's private /tmp: the child's own, with what
// its command names under the host's /tmp still there. spawn's own PIDs: what
// the program starts, even in a session of its own, ends with it.
#include "invoke/process.h"

#include <gtest/gtest.h>
#include <poll.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <functional>
#include <iterator>
#include <memory>
#include <string>
#include <vector>

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

// Everything the child writes to stdout and stderr, until it exits; `how` gets
// how it ended.
std::string output_of(Child child, std::string* how = nullptr) {
  std::string out;
  char buffer[4096];
  for (;;) {
    pollfd p{child.output_fd, POLLIN, 0};
    if (poll(&p, 1, 10'000) <= 0) break;
    ssize_t n = read(child.output_fd, buffer, sizeof buffer);
    if (n <= 0) break;
    out.append(buffer, static_cast<size_t>(n));
  }
  std::string ended = reap(child);
  if (how) *how = ended;
  close(child.output_fd);
  close(child.pid_fd);
  return out;
}

// Live processes (not zombies) whose command line contains `needle`.
std::vector<pid_t> processes_with(const std::string& needle) {
  std::vector<pid_t> found;
  for (const auto& entry : std::filesystem::directory_iterator("/proc")) {
    std::string name = entry.path().filename();
    if (name.find_first_not_of("0123456789") != std::string::npos) continue;
    std::ifstream cmdline(entry.path() / "cmdline");
    std::string text((std::istreambuf_iterator<char>(cmdline)), std::istreambuf_iterator<char>());
    if (text.find(needle) != std::string::npos) found.push_back(std::stoi(name));
  }
  return found;
}

// Waits up to 5 s for `count` processes to carry `needle`, as seen twice
// 20 ms apart: a process in the middle of an exec shows an empty command
// line for a moment. The last look.
std::vector<pid_t> settled(const std::string& needle, size_t count) {
  std::vector<pid_t> found;
  for (int i = 0; i < 100; ++i) {
    if (i > 0) usleep(50'000);
    found = processes_with(needle);
    if (found.size() != count) continue;
    usleep(20'000);
    found = processes_with(needle);
    if (found.size() == count) break;
  }
  return found;
}

// Waits up to 5 s for no process to carry `needle`; the last look.
std::vector<pid_t> gone(const std::string& needle) { return settled(needle, 0); }

// A command that starts `sleep <seconds>` in a session of its own (out of its
// process group) and goes on with `then`. The odd number of seconds marks
// the sleeper for processes_with().
SpawnSpec detaching(const std::string& seconds, const std::string& then) {
  SpawnSpec spec;
  spec.argv = {"/bin/sh", "-c",
               "setsid sleep " + seconds + " >/dev/null 2>&1 & echo started; " + then};
  spec.environment = {"PATH=/usr/bin:/bin"};
  spec.working_dir = "/";
  spec.private_tmp_mb = 8;
  spec.own_pids = true;
  return spec;
}

// `sleep <seconds>`'s command line, NULs and all.
std::string sleep_command_line(const std::string& seconds) {
  return std::string("sleep\0", 6) + seconds + std::string(1, '\0');
}

// The command line in the /proc file `open` gives, once it is `want` (a
// shell may still be on its way into `exec`), or as it was after a second.
std::string command_line_once(const std::string& want, const std::function<ProcFile()>& open) {
  std::string text;
  for (int i = 0; i < 100 && text != want; ++i) {
    if (i > 0) usleep(10'000);
    char buffer[256] = {};
    ProcFile cmdline = open();
    text = cmdline.read(buffer, sizeof buffer) ? std::string(buffer, want.size()) : "";
  }
  return text;
}

// Reads the child's output until `text` has come (or 10 s passed).
std::string read_until(const Child& child, const std::string& text) {
  std::string out;
  char buffer[4096];
  while (out.find(text) == std::string::npos) {
    pollfd p{child.output_fd, POLLIN, 0};
    if (poll(&p, 1, 10'000) <= 0) break;
    ssize_t n = read(child.output_fd, buffer, sizeof buffer);
    if (n <= 0) break;
    out.append(buffer, static_cast<size_t>(n));
  }
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

TEST(Spawn, WithPidsOfItsOwnNothingTheProgramStartedOutlivesIt) {
  if (!private_tmp_available()) GTEST_SKIP() << "this system refuses mount namespaces";
  std::string seconds = "86400." + std::to_string(getpid());
  std::string out;
  std::string how;
  {
    Child child = spawn(detaching(seconds, "tr '\\0' ' ' < /proc/$$/cmdline; echo; exit 3"));
    if (!child.own_pids) GTEST_SKIP() << "this system refuses PID namespaces";
    out = output_of(child, &how);
  }
  EXPECT_NE(out.find("started\n"), std::string::npos) << out;
  // /proc is the namespace's: the shell finds itself under the PID it has there.
  EXPECT_NE(out.find("/bin/sh -c setsid sleep"), std::string::npos) << out;
  // How the program ended, not its init.
  EXPECT_EQ(how, "exit status 3");
  EXPECT_EQ(gone(seconds), std::vector<pid_t>{}) << "the sleeper outlived its program";

  // Without PIDs of its own the sleeper stays: what the namespace is for.
  SpawnSpec spec = detaching(seconds, "exit 0");
  spec.own_pids = false;
  output_of(spawn(spec));
  EXPECT_EQ(settled(seconds, 1).size(), 1u);
  // Until none is left: one seen on its way from setsid to sleep may have
  // been another PID by the time it was killed (a leftover was seen once).
  for (int i = 0; i < 100; ++i) {
    auto left = processes_with(seconds);
    if (left.empty() && gone(seconds).empty()) break;
    for (pid_t pid : left) kill(pid, SIGKILL);
    usleep(20'000);
  }
  EXPECT_EQ(processes_with(seconds), std::vector<pid_t>{});
}

TEST(Spawn, KillingTheInitOfItsPidsEndsEverything) {
  if (!private_tmp_available()) GTEST_SKIP() << "this system refuses mount namespaces";
  std::string seconds = "86401." + std::to_string(getpid());
  Child child = spawn(detaching(seconds, "exec sleep 1000"));
  if (!child.own_pids) {
    kill_tree(child.pid);
    output_of(child);
    GTEST_SKIP() << "this system refuses PID namespaces";
  }
  EXPECT_NE(read_until(child, "started\n").find("started\n"), std::string::npos);
  // The program, as localcloud sees it: the init's child, now `sleep 1000`.
  pid_t program = -1;
  for (int i = 0; i < 100 && program <= 0; ++i) {
    program = program_pid(child);
    if (program <= 0) usleep(10'000);
  }
  ASSERT_GT(program, 0);
  EXPECT_NE(program, child.pid);
  const std::string sleeping = sleep_command_line("1000");
  EXPECT_EQ(command_line_once(sleeping, [&] { return ProcFile(program, "cmdline"); }), sleeping);
  EXPECT_EQ(settled(seconds, 1).size(), 1u);

  kill_tree(child.pid);
  std::string how;
  output_of(child, &how);
  EXPECT_EQ(how, "signal: killed");
  EXPECT_EQ(gone(seconds), std::vector<pid_t>{});
  EXPECT_EQ(gone(sleeping.substr(0, 10)), std::vector<pid_t>{});
}

// The namespace's /proc, seen from outside: the program as PID 2 there, and
// what the sandbox's other processes hold (a child holding 48 MB of its own).
TEST(SandboxProc, SeesTheProgramAndWhatItsOtherProcessesHold) {
  if (!private_tmp_available()) GTEST_SKIP() << "this system refuses mount namespaces";
  SpawnSpec spec;
  spec.argv = {"/bin/sh", "-c",
               "python3 -c 'import sys, time; kept = bytearray(b\"a\" * (48 << 20)); "
               "print(\"held\", flush=True); time.sleep(60)' & exec sleep 1001"};
  spec.environment = {"PATH=/usr/bin:/bin"};
  spec.working_dir = "/";
  spec.private_tmp_mb = 8;
  spec.own_pids = true;
  Child child = spawn(spec);
  if (!child.own_pids) {
    kill_tree(child.pid);
    output_of(child);
    GTEST_SKIP() << "this system refuses PID namespaces";
  }
  EXPECT_FALSE(SandboxProc(Child{}).is_open());
  EXPECT_NE(read_until(child, "held\n").find("held\n"), std::string::npos);
  SandboxProc sandbox(child);
  ASSERT_TRUE(sandbox.is_open());
  // PID 2, after the shell's exec: `sleep 1001`.
  const std::string sleeping = sleep_command_line("1001");
  EXPECT_EQ(command_line_once(sleeping, [&] { return sandbox.program_file("cmdline"); }),
            sleeping);
  EXPECT_GT(rss_mb(sandbox.program_file("statm")), 0);
  int others = sandbox.others_mb();
  EXPECT_GE(others, 48);
  EXPECT_LT(others, 200);  // python's own and its copy, not the host's processes

  kill_tree(child.pid);
  output_of(child);
  EXPECT_EQ(sandbox.others_mb(), 0);  // the namespace is gone with its init
}

}  // namespace
}  // namespace localcloud::lambda::invoke
