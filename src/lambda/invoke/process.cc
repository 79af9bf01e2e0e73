#include "invoke/process.h"

#include <fcntl.h>
#include <poll.h>
#include <sched.h>
#include <signal.h>
#include <sys/mman.h>  // memfd_create's flags
#include <sys/mount.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/statvfs.h>  // the ST_* flags
#include <sys/syscall.h>
#include <sys/vfs.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <charconv>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <memory>
#include <string_view>
#include <system_error>
#include <utility>

namespace localcloud::lambda::invoke {

// environment_init.c's program (environment_init_image.cc, made by the build).
extern const unsigned char kEnvironmentInit[];
extern const std::size_t kEnvironmentInitSize;

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

// Everything a child needs to give itself a private /tmp, made before the
// fork: after it, the child makes only async-signal-safe calls.
struct PrivateTmp {
  std::string tmpfs_options;  // "size=512m,mode=1777"
  std::string uid_map;        // "<uid> <uid> 1": the same user inside a user namespace
  std::string gid_map;
  // Entries right under the host's /tmp that must stay reachable. The child
  // opens each before covering /tmp and binds it back from its descriptor
  // ("/proc/self/fd/N", written into `source`, sized here).
  struct Kept {
    std::string path;    // "/tmp/name"
    std::string source;  // room for "/proc/self/fd/" and a descriptor number
    int fd = -1;         // opened by the child
    bool is_dir = false;
  };
  std::vector<Kept> kept;
  std::vector<std::string> read_only;
};

constexpr std::string_view kHostTmp = "/tmp/";

// The names right under /tmp that `text` refers to: absolute paths, alone
// or in a colon-separated list (PATH, NODE_PATH).
void add_tmp_entries(std::string_view text, std::vector<std::string>& names) {
  while (!text.empty()) {
    size_t end = text.find(':');
    std::string_view piece = text.substr(0, end);
    if (piece.starts_with(kHostTmp)) {
      std::string_view name = piece.substr(kHostTmp.size());
      name = name.substr(0, name.find('/'));
      if (!name.empty() && name != "." && name != ".." &&
          std::ranges::find(names, name) == names.end())
        names.emplace_back(name);
    }
    if (end == std::string_view::npos) break;
    text.remove_prefix(end + 1);
  }
}

PrivateTmp prepare_private_tmp(const SpawnSpec& spec) {
  PrivateTmp p;
  p.tmpfs_options = "size=" + std::to_string(spec.private_tmp_mb) + "m,mode=1777";
  p.uid_map = std::to_string(getuid()) + " " + std::to_string(getuid()) + " 1";
  p.gid_map = std::to_string(getgid()) + " " + std::to_string(getgid()) + " 1";
  std::vector<std::string> names;
  for (const auto& arg : spec.argv) add_tmp_entries(arg, names);
  for (const auto& paths : spec.host_paths) add_tmp_entries(paths, names);
  add_tmp_entries(spec.working_dir.string(), names);
  for (const auto& dir : spec.read_only) add_tmp_entries(dir, names);
  p.read_only = spec.read_only;
  for (auto& name : names) {
    PrivateTmp::Kept kept{std::string(kHostTmp) + name, "/proc/self/fd/"};
    kept.source.reserve(kept.source.size() + 16);
    p.kept.push_back(std::move(kept));
  }
  return p;
}

bool write_file(const char* path, const std::string& text) {
  int fd = open(path, O_WRONLY | O_CLOEXEC);
  if (fd < 0) return false;
  bool ok = write(fd, text.data(), text.size()) == static_cast<ssize_t>(text.size());
  close(fd);
  return ok;
}

// "/proc/self/fd/" + fd, into room reserved before the fork.
void append_number(std::string& out, int n) {
  char digits[12];
  auto end = std::to_chars(digits, digits + sizeof digits, n).ptr;
  out.append(digits, end);
}

// In the forked child's own mount namespace: `dir` bound onto itself, then
// remounted read-only. Inside a user namespace a remount must keep the flags
// the host mounted with (nosuid, nodev, ...), so they are carried over. Left
// writable if refused.
void make_read_only(const char* dir) {
  if (mount(dir, dir, nullptr, MS_BIND | MS_REC, nullptr) != 0) return;
  // statfs(2), not statvfs(3): the library call may read /proc/mounts,
  // allocating, which a forked child of a threaded process must not.
  struct statfs st {};
  unsigned long kept_flags = 0;
  if (statfs(dir, &st) == 0) {
    if (st.f_flags & ST_NOSUID) kept_flags |= MS_NOSUID;
    if (st.f_flags & ST_NODEV) kept_flags |= MS_NODEV;
    if (st.f_flags & ST_NOEXEC) kept_flags |= MS_NOEXEC;
    if (st.f_flags & ST_NOATIME) kept_flags |= MS_NOATIME;
    if (st.f_flags & ST_NODIRATIME) kept_flags |= MS_NODIRATIME;
    if (st.f_flags & ST_RELATIME) kept_flags |= MS_RELATIME;
  }
  if (mount(nullptr, dir, nullptr, MS_BIND | MS_REMOUNT | MS_RDONLY | kept_flags, nullptr) != 0)
    umount2(dir, MNT_DETACH);
}

// In the forked child, just in a user namespace of its own: the same user
// inside as outside.
bool map_own_user(const PrivateTmp& p) {
  return write_file("/proc/self/setgroups", "deny") &&
         write_file("/proc/self/uid_map", p.uid_map) && write_file("/proc/self/gid_map", p.gid_map);
}

// In the forked child, in a mount namespace of its own: an empty tmpfs on
// /tmp with the kept entries bound back into it; false, with the host's
// /tmp in place, when anything is refused.
bool mount_private_tmp(PrivateTmp& p) {
  // Nothing mounted here may reach the host's mount table.
  if (mount(nullptr, "/", nullptr, MS_REC | MS_PRIVATE, nullptr) != 0) return false;
  // Opened here, not before the fork: a bind mount's source must be in the
  // namespace that mounts it.
  for (auto& kept : p.kept) {
    kept.fd = open(kept.path.c_str(), O_PATH | O_CLOEXEC);
    struct stat st {};
    if (kept.fd < 0 || fstat(kept.fd, &st) != 0) {
      kept.fd = -1;  // gone: nothing to keep
      continue;
    }
    kept.is_dir = S_ISDIR(st.st_mode);
    append_number(kept.source, kept.fd);
  }
  if (mount("tmpfs", "/tmp", "tmpfs", MS_NOSUID | MS_NODEV, p.tmpfs_options.c_str()) != 0)
    return false;
  for (const auto& kept : p.kept) {
    if (kept.fd < 0) continue;
    const char* target = kept.path.c_str();
    bool made = false;
    if (kept.is_dir) {
      made = mkdir(target, 0700) == 0;
    } else {
      int fd = open(target, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
      made = fd >= 0;
      if (made) close(fd);
    }
    if (!made || mount(kept.source.c_str(), target, nullptr, MS_BIND | MS_REC, nullptr) != 0) {
      umount2("/tmp", MNT_DETACH);
      return false;
    }
  }
  for (const auto& dir : p.read_only) make_read_only(dir.c_str());
  return true;
}

// In the forked child: enters a mount namespace of its own (through a user
// namespace when not root) and mounts the private /tmp there.
bool enter_private_tmp(PrivateTmp& p) {
  if (unshare(CLONE_NEWNS) != 0) {
    // Not root: a user namespace of its own, mapping the same user, grants
    // the mounts inside it.
    if (unshare(CLONE_NEWUSER | CLONE_NEWNS) != 0) return false;
    if (!map_own_user(p)) return false;
  }
  return mount_private_tmp(p);
}

// What a forked child needs to become the program, made before the fork.
struct Program {
  char* const* argv;
  char* const* envp;
  const char* dir;
  int null_fd;
  int output_fd;  // the pipe's write end
};

// In the forked child: stdin on /dev/null, stdout and stderr on the pipe, no
// other descriptor, the default signal mask, then the program.
[[noreturn]] void exec_program(const Program& p) {
  dup2(p.null_fd, 0);
  dup2(p.output_fd, 1);
  dup2(p.output_fd, 2);
  syscall(SYS_close_range, 3, ~0U, 0);
  sigset_t none;
  sigemptyset(&none);
  sigprocmask(SIG_SETMASK, &none, nullptr);
  signal(SIGPIPE, SIG_DFL);
  if (chdir(p.dir) != 0) _exit(126);
  execve(p.argv[0], p.argv, p.envp);
  _exit(127);
}

// fork(2) with namespace flags and without the C library's fork handlers,
// which a copy of a threaded process may not run (a lock another thread
// held stays held in it). As with fork, the child returns 0 on a copy of
// the caller's stack.
pid_t clone_process(unsigned long flags) {
  return static_cast<pid_t>(
      syscall(SYS_clone, flags | SIGCHLD, nullptr, nullptr, nullptr, nullptr));
}

#ifndef MFD_EXEC
#define MFD_EXEC 0x0010U
#endif
#ifndef CLOSE_RANGE_CLOEXEC
#define CLOSE_RANGE_CLOEXEC (1U << 2)
#endif

constexpr int kInitStatusFd = 3;  // where environment_init.c writes the wait status
constexpr size_t kProgramStack = 64 * 1024;

// environment_init.c's program in a sealed memory file, made once; -1 if the
// system refuses one (an init then runs in the forked copy of localcloud).
int environment_init_fd() {
  static const int fd = [] {
    const char* name = "localcloud-environment-init";
    int fd = static_cast<int>(
        syscall(SYS_memfd_create, name, MFD_CLOEXEC | MFD_ALLOW_SEALING | MFD_EXEC));
    if (fd < 0 && errno == EINVAL)  // a kernel before MFD_EXEC (6.3)
      fd = static_cast<int>(syscall(SYS_memfd_create, name, MFD_CLOEXEC | MFD_ALLOW_SEALING));
    if (fd < 0) return -1;
    size_t written = 0;
    while (written < kEnvironmentInitSize) {
      ssize_t n = write(fd, kEnvironmentInit + written, kEnvironmentInitSize - written);
      if (n <= 0) {
        close(fd);
        return -1;
      }
      written += static_cast<size_t>(n);
    }
    fcntl(fd, F_ADD_SEALS, F_SEAL_SHRINK | F_SEAL_GROW | F_SEAL_WRITE | F_SEAL_SEAL);
    return fd;
  }();
  return fd;
}

// environment_init.c's loop, for when its program cannot be executed: reap
// every child; when the program ends, report its status and exit.
[[noreturn]] void run_init_here(pid_t program) {
  for (;;) {
    int status = 0;
    pid_t pid = waitpid(-1, &status, __WALL);
    if (pid == program) {
      (void)!write(kInitStatusFd, &status, sizeof status);
      break;
    }
    if (pid < 0 && errno != EINTR) break;
  }
  _exit(0);
}

int start_program(void* program) { exec_program(*static_cast<const Program*>(program)); }

// In the child, the init of new PID and mount namespaces, still a copy of
// localcloud: mounts the private /tmp and this namespace's /proc, starts the
// program as its first child, then replaces itself with the small init.
// `stack_top` tops the room for the program's process until it executes it:
// it shares the init's memory until then (CLONE_VFORK holds the init),
// rather than copying localcloud's address space a second time (~4 ms here).
[[noreturn]] void become_init(const Program& program, PrivateTmp& tmp, bool user_ns, int server_fd,
                              int status_fd, int image_fd, char* stack_top) {
  setsid();
  prctl(PR_SET_PDEATHSIG, SIGKILL);
  // localcloud may have ended before the line above (getppid() says 0 here,
  // the parent being outside the namespace).
  pollfd server_gone{server_fd, POLLIN, 0};
  if (poll(&server_gone, 1, 0) != 0) _exit(127);
  if (user_ns && !map_own_user(tmp)) _exit(127);
  if (mount_private_tmp(tmp)) {
    // /proc of this namespace, so that a process finds itself under its own
    // PID; the host's stays if refused.
    mount("proc", "/proc", "proc", MS_NOSUID | MS_NODEV | MS_NOEXEC, nullptr);
  }
  pid_t pid = clone(start_program, stack_top, CLONE_VM | CLONE_VFORK | SIGCHLD,
                    const_cast<Program*>(&program));
  if (pid < 0) _exit(127);

  char number[16] = {};
  std::to_chars(number, number + sizeof number - 1, pid);
  int image = image_fd >= 0 ? fcntl(image_fd, F_DUPFD_CLOEXEC, 10) : -1;
  int status = fcntl(status_fd, F_DUPFD, 10);
  // The init holds no descriptor but the status pipe (not the output pipe:
  // its end must come when the program's processes are gone).
  dup2(program.null_fd, 0);
  dup2(program.null_fd, 1);
  dup2(program.null_fd, 2);
  dup2(status, kInitStatusFd);
  syscall(SYS_close_range, kInitStatusFd + 1, ~0U, CLOSE_RANGE_CLOEXEC);
  if (chdir("/") != 0) _exit(127);
  char name[] = "environment-init";
  char* argv[] = {name, number, nullptr};
  char* envp[] = {nullptr};
  if (image >= 0) syscall(SYS_execveat, image, "", argv, envp, AT_EMPTY_PATH);
  run_init_here(pid);
}

}  // namespace

bool private_tmp_available() {
  static const bool available = [] {
    SpawnSpec spec;
    spec.private_tmp_mb = 1;
    PrivateTmp p = prepare_private_tmp(spec);
    pid_t pid = fork();
    if (pid < 0) return false;
    if (pid == 0) _exit(enter_private_tmp(p) ? 0 : 1);
    int exit_code = -1;
    reap(pid, &exit_code);
    return exit_code == 0;
  }();
  return available;
}

Child spawn(const SpawnSpec& spec) {
  auto argv_strings = spec.argv;
  auto env_strings = spec.environment;
  std::string dir = spec.working_dir.string();
  auto argv = pointers(argv_strings);
  auto envp = pointers(env_strings);
  PrivateTmp private_tmp;
  if (spec.private_tmp_mb > 0) private_tmp = prepare_private_tmp(spec);
  bool own_pids = spec.own_pids && spec.private_tmp_mb > 0;
  int image_fd = own_pids ? environment_init_fd() : -1;

  // Every descriptor made here is closed on every path below.
  int pipe_fds[2] = {-1, -1};
  int status_fds[2] = {-1, -1};
  int null_fd = -1;
  int server_fd = -1;
  auto close_all = [&] {
    for (int fd : {pipe_fds[0], pipe_fds[1], status_fds[0], status_fds[1], null_fd, server_fd})
      if (fd >= 0) close(fd);
  };
  if (pipe2(pipe_fds, O_CLOEXEC) != 0) throw_errno("pipe");
  null_fd = open("/dev/null", O_RDONLY | O_CLOEXEC);
  if (null_fd < 0) {
    int e = errno;
    close_all();
    errno = e;
    throw_errno("open /dev/null");
  }
  Program program{argv.data(), envp.data(), dir.c_str(), null_fd, pipe_fds[1]};
  pid_t parent = getpid();

  pid_t pid = -1;
  std::unique_ptr<char[]> stack;
  if (own_pids) stack = std::make_unique<char[]>(kProgramStack);
  if (own_pids && pipe2(status_fds, O_CLOEXEC) == 0 &&
      (server_fd = static_cast<int>(syscall(SYS_pidfd_open, parent, 0))) >= 0) {
    // As root the namespaces come by themselves; otherwise through a user
    // namespace of the child's own, as for the private /tmp alone.
    bool user_ns = false;
    pid = clone_process(CLONE_NEWPID | CLONE_NEWNS);
    if (pid < 0 && errno == EPERM) {
      user_ns = true;
      pid = clone_process(CLONE_NEWPID | CLONE_NEWNS | CLONE_NEWUSER);
    }
    if (pid == 0)
      become_init(program, private_tmp, user_ns, server_fd, status_fds[1], image_fd,
                  stack.get() + kProgramStack);
  }
  if (pid < 0) {
    // Without PIDs of its own (not asked for, or refused).
    own_pids = false;
    pid = fork();
    if (pid == 0) {
      // Only async-signal-safe calls from here to exec.
      setsid();
      prctl(PR_SET_PDEATHSIG, SIGKILL);
      if (getppid() != parent) _exit(127);
      if (spec.private_tmp_mb > 0) enter_private_tmp(private_tmp);
      exec_program(program);
    }
  }
  int fork_errno = errno;
  if (pid < 0) {
    close_all();
    errno = fork_errno;
    throw_errno("fork");
  }
  int status_read = own_pids ? std::exchange(status_fds[0], -1) : -1;
  int output_read = std::exchange(pipe_fds[0], -1);
  close_all();
  fcntl(output_read, F_SETFL, fcntl(output_read, F_GETFL) | O_NONBLOCK);
  if (status_read >= 0) fcntl(status_read, F_SETFL, fcntl(status_read, F_GETFL) | O_NONBLOCK);
  int pid_fd = static_cast<int>(syscall(SYS_pidfd_open, pid, 0));
  if (pid_fd < 0) {
    int e = errno;
    kill_tree(pid);
    waitpid(pid, nullptr, 0);
    close(output_read);
    if (status_read >= 0) close(status_read);
    errno = e;
    throw_errno("pidfd_open");
  }
  fcntl(pid_fd, F_SETFD, FD_CLOEXEC);
  Child child{pid, output_read, pid_fd, status_read, own_pids};
  return child;
}

void kill_tree(pid_t pid) {
  if (pid <= 0) return;
  ::kill(-pid, SIGKILL);  // the session's process group (setsid made pid its leader)
  ::kill(pid, SIGKILL);
}

namespace {

// A wait status as Lambda describes how a runtime ended.
std::string describe(int status, int* exit_code) {
  if (exit_code) *exit_code = -1;
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

}  // namespace

std::string reap(pid_t pid, int* exit_code) {
  int status = 0;
  pid_t r;
  do {
    r = waitpid(pid, &status, 0);
  } while (r < 0 && errno == EINTR);
  if (exit_code) *exit_code = -1;
  if (r < 0) return "exit status unknown";
  return describe(status, exit_code);
}

std::string reap(Child& child, int* exit_code) {
  std::string how = reap(child.pid, exit_code);
  if (child.status_fd < 0) return how;
  // The init has exited: what it wrote, if anything, is in the pipe.
  int status = 0;
  ssize_t n = read(child.status_fd, &status, sizeof status);
  close(child.status_fd);
  child.status_fd = -1;
  return n == static_cast<ssize_t>(sizeof status) ? describe(status, exit_code) : how;
}

pid_t program_pid(Child& child) {
  if (child.program_pid > 0 || child.pid <= 0) return child.program_pid;
  if (!child.own_pids) return child.program_pid = child.pid;
  // The init's children: the program is the first it started.
  char path[64];
  std::snprintf(path, sizeof path, "/proc/%d/task/%d/children", static_cast<int>(child.pid),
                static_cast<int>(child.pid));
  int fd = ::open(path, O_RDONLY | O_CLOEXEC);
  if (fd < 0) return -1;
  char buffer[64];
  ssize_t n = ::read(fd, buffer, sizeof buffer - 1);
  ::close(fd);
  if (n <= 0) return -1;
  pid_t pid = 0;
  std::from_chars(buffer, buffer + n, pid);
  if (pid > 0) child.program_pid = pid;
  return child.program_pid;
}

namespace {

int kb_to_mb(long kb) { return static_cast<int>((kb + 1023) / 1024); }

// The "<name>   <n> kB" line of a /proc status or smaps file, in KB; 0 without it.
long field_kb(const char* text, const char* name) {
  const char* line = std::strstr(text, name);
  return line ? std::strtol(line + std::strlen(name), nullptr, 10) : 0;
}

}  // namespace

int peak_rss_mb(const ProcFile& status) {
  char buffer[4096];
  if (!status.read(buffer, sizeof buffer)) return 0;
  return kb_to_mb(field_kb(buffer, "VmHWM:"));
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

SandboxProc::SandboxProc(const Child& child) {
  if (!child.own_pids || child.pid <= 0) return;
  char path[64];
  std::snprintf(path, sizeof path, "/proc/%d/root/proc", static_cast<int>(child.pid));
  int fd = ::open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd < 0) return;
  // The namespace's /proc is a mount of its own; until it is there (or if
  // it was refused) the path ends on the copy of the host's the namespace
  // started with, the same file system as localcloud's /proc.
  struct stat here = {};
  struct stat there = {};
  if (::stat("/proc", &here) != 0 || ::fstat(fd, &there) != 0 || here.st_dev == there.st_dev) {
    ::close(fd);
    return;
  }
  dir_ = ProcFile(fd);
}

ProcFile SandboxProc::program_file(const char* name) const {
  if (!is_open()) return ProcFile();
  char path[64];
  std::snprintf(path, sizeof path, "2/%s", name);
  return ProcFile(::openat(dir_.fd_, path, O_RDONLY | O_CLOEXEC));
}

int SandboxProc::others_mb() const {
  if (!is_open()) return 0;
  const int fd = dir_.fd_;
  long kb = 0;
  // getdents64 on the held directory: opendir(3) would open it anew.
  if (::lseek(fd, 0, SEEK_SET) != 0) return 0;
  alignas(8) char entries[4096];
  for (;;) {
    long n = syscall(SYS_getdents64, fd, entries, sizeof entries);
    if (n <= 0) break;
    for (long at = 0; at < n;) {
      // struct linux_dirent64: ino (8), off (8), reclen (2), type (1), name
      unsigned short length = 0;
      std::memcpy(&length, entries + at + 16, sizeof length);
      const char* name = entries + at + 19;
      at += length;
      pid_t pid = 0;
      auto [end, ec] = std::from_chars(name, name + std::strlen(name), pid);
      // Not a process, or the init (1) or the program (2).
      if (ec != std::errc() || *end != '\0' || pid <= 2) continue;
      char path[32];
      std::snprintf(path, sizeof path, "%d/smaps_rollup", static_cast<int>(pid));
      ProcFile rollup(::openat(fd, path, O_RDONLY | O_CLOEXEC));
      char buffer[2048];
      if (!rollup.read(buffer, sizeof buffer)) continue;  // gone meanwhile, or a zombie
      kb += field_kb(buffer, "Private_Clean:") + field_kb(buffer, "Private_Dirty:");
    }
  }
  return kb_to_mb(kb);
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
