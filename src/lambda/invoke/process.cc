#include "invoke/process.h"

#include <fcntl.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string_view>
#include <system_error>
#include <utility>

namespace localcloud::lambda::invoke {
namespace {

[[noreturn]] void throw_errno(const std::string& what) {
  throw std::system_error(errno, std::generic_category(), what);
}

std::vector<char*> pointers(std::vector<std::string>& strings) {
  std::vector<char*> out;
  out.reserve(strings.size() + 1);
  for (auto& s : strings) out.push_back(s.data());
  out.push_back(nullptr);
  return out;
}

}  // namespace

Child spawn(const SpawnSpec& spec) {
  auto argv_strings = spec.argv;
  auto env_strings = spec.environment;
  std::string dir = spec.working_dir.string();
  auto argv = pointers(argv_strings);
  auto envp = pointers(env_strings);

  int pipe_fds[2];
  if (pipe2(pipe_fds, O_CLOEXEC) != 0) throw_errno("pipe");
  int null_fd = open("/dev/null", O_RDONLY | O_CLOEXEC);
  if (null_fd < 0) {
    close(pipe_fds[0]);
    close(pipe_fds[1]);
    throw_errno("open /dev/null");
  }
  pid_t parent = getpid();
  pid_t pid = fork();
  if (pid == 0) {
    // Only async-signal-safe calls from here to exec.
    setsid();
    prctl(PR_SET_PDEATHSIG, SIGKILL);
    if (getppid() != parent) _exit(127);
    dup2(null_fd, 0);
    dup2(pipe_fds[1], 1);
    dup2(pipe_fds[1], 2);
    syscall(SYS_close_range, 3, ~0U, 0);
    sigset_t none;
    sigemptyset(&none);
    sigprocmask(SIG_SETMASK, &none, nullptr);
    signal(SIGPIPE, SIG_DFL);
    if (chdir(dir.c_str()) != 0) _exit(126);
    execve(argv[0], argv.data(), envp.data());
    _exit(127);
  }
  int fork_errno = errno;
  close(pipe_fds[1]);
  close(null_fd);
  if (pid < 0) {
    close(pipe_fds[0]);
    errno = fork_errno;
    throw_errno("fork");
  }
  fcntl(pipe_fds[0], F_SETFL, fcntl(pipe_fds[0], F_GETFL) | O_NONBLOCK);
  int pid_fd = static_cast<int>(syscall(SYS_pidfd_open, pid, 0));
  if (pid_fd < 0) {
    int e = errno;
    kill_tree(pid);
    waitpid(pid, nullptr, 0);
    close(pipe_fds[0]);
    errno = e;
    throw_errno("pidfd_open");
  }
  fcntl(pid_fd, F_SETFD, FD_CLOEXEC);
  return Child{pid, pipe_fds[0], pid_fd};
}

void kill_tree(pid_t pid) {
  if (pid <= 0) return;
  ::kill(-pid, SIGKILL);  // the session's process group (setsid made pid its leader)
  ::kill(pid, SIGKILL);
}

std::string reap(pid_t pid, int* exit_code) {
  int status = 0;
  pid_t r;
  do {
    r = waitpid(pid, &status, 0);
  } while (r < 0 && errno == EINTR);
  if (exit_code) *exit_code = -1;
  if (r < 0) return "exit status unknown";
  if (WIFEXITED(status)) {
    if (exit_code) *exit_code = WEXITSTATUS(status);
    return "exit status " + std::to_string(WEXITSTATUS(status));
  }
  if (WIFSIGNALED(status)) {
    int sig = WTERMSIG(status);
    if (sig == SIGKILL) return "signal: killed";
    if (sig == SIGSEGV) return "signal: segmentation fault";
    if (sig == SIGABRT) return "signal: aborted";
    const char* text = strsignal(sig);
    std::string name = text ? text : ("signal " + std::to_string(sig));
    for (auto& c : name) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return "signal: " + name;
  }
  return "exit status unknown";
}

namespace {

int kb_to_mb(long kb) { return static_cast<int>((kb + 1023) / 1024); }

}  // namespace

int peak_rss_mb(const ProcFile& status) {
  char buffer[4096];
  if (!status.read(buffer, sizeof buffer)) return 0;
  constexpr std::string_view kField = "VmHWM:";
  const char* field = std::strstr(buffer, kField.data());
  return field ? kb_to_mb(std::strtol(field + kField.size(), nullptr, 10)) : 0;
}

ProcFile::ProcFile(pid_t pid, const char* name) {
  char path[64];
  std::snprintf(path, sizeof path, "/proc/%d/%s", static_cast<int>(pid), name);
  fd_ = ::open(path, O_RDONLY | O_CLOEXEC);
}

ProcFile::~ProcFile() {
  if (fd_ >= 0) ::close(fd_);
}

ProcFile::ProcFile(ProcFile&& other) noexcept : fd_(std::exchange(other.fd_, -1)) {}

ProcFile& ProcFile::operator=(ProcFile&& other) noexcept {
  if (this != &other) {
    if (fd_ >= 0) ::close(fd_);
    fd_ = std::exchange(other.fd_, -1);
  }
  return *this;
}

bool ProcFile::read(char* buffer, size_t size) const {
  if (fd_ < 0 || size == 0) return false;
  ssize_t n = ::pread(fd_, buffer, size - 1, 0);
  if (n <= 0) return false;
  buffer[n] = '\0';
  return true;
}

int rss_mb(const ProcFile& statm) {
  // statm ("size resident shared ...", in pages) is a fraction of the cost
  // of status, which formats some fifty fields.
  char buffer[128];
  if (!statm.read(buffer, sizeof buffer)) return 0;
  char* rest = nullptr;
  std::strtol(buffer, &rest, 10);  // size
  static const long kPageKb = sysconf(_SC_PAGESIZE) / 1024;
  return kb_to_mb(std::strtol(rest, nullptr, 10) * kPageKb);
}

int own_peak_rss_mb() {
  // Asked at most every 100 ms: a system call per in-process invocation was
  // ~2% of its CPU, and localcloud's peak moves slowly. RUSAGE_THREAD: Linux
  // reports the process's peak RSS for it too, without adding up the CPU
  // time of every thread as RUSAGE_SELF does.
  static std::atomic<int64_t> read_at_ns{0};
  static std::atomic<int> peak_mb{0};
  int64_t now = std::chrono::duration_cast<std::chrono::nanoseconds>(
                    std::chrono::steady_clock::now().time_since_epoch())
                    .count();
  int64_t last = read_at_ns.load(std::memory_order_relaxed);
  if (last != 0 && now - last < 100'000'000) return peak_mb.load(std::memory_order_relaxed);
  struct rusage usage {};
  if (getrusage(RUSAGE_THREAD, &usage) != 0) return peak_mb.load(std::memory_order_relaxed);
  int mb = kb_to_mb(usage.ru_maxrss);  // ru_maxrss is in KB on Linux
  int seen = peak_mb.load(std::memory_order_relaxed);
  while (mb > seen && !peak_mb.compare_exchange_weak(seen, mb, std::memory_order_relaxed)) {
  }
  read_at_ns.store(now, std::memory_order_relaxed);
  return std::max(mb, seen);
}

std::string find_on_path(const std::string& program) {
  if (program.find('/') != std::string::npos)
    return access(program.c_str(), X_OK) == 0 ? program : "";
  const char* path = std::getenv("PATH");
  std::string dirs = path ? path : "/usr/local/bin:/usr/bin:/bin";
  size_t start = 0;
  while (start <= dirs.size()) {
    size_t end = dirs.find(':', start);
    if (end == std::string::npos) end = dirs.size();
    std::string dir = dirs.substr(start, end - start);
    if (!dir.empty()) {
      std::string candidate = dir + "/" + program;
      if (access(candidate.c_str(), X_OK) == 0) return candidate;
    }
    start = end + 1;
  }
  return "";
}

}  // namespace localcloud::lambda::invoke
