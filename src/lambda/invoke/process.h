// A child process for an execution environment: started in a session of
// its own (so the whole tree can be killed at once), with stdout and stderr
// on one pipe the invoker reads, stdin on /dev/null, no other descriptor of
// the server, SIGKILL on the server's death (PR_SET_PDEATHSIG), and, where
// the system lets it, a /tmp and PIDs of its own.
#pragma once

#include <sys/types.h>

#include <filesystem>
#include <string>
#include <vector>

namespace localcloud::lambda::invoke {

struct SpawnSpec {
  std::vector<std::string> argv;         // argv[0] is the path of the program
  std::vector<std::string> environment;  // "NAME=value"
  std::filesystem::path working_dir;
  // When positive, the child gets a /tmp of its own of this many MB, as each
  // Lambda execution environment does (its ephemeral storage): an empty
  // tmpfs in a mount namespace of the child's, gone with its last process.
  // Whatever under the host's /tmp argv, the working directory or
  // `host_paths` (paths or colon-separated lists of them) name stays where
  // it is. Where the namespace or the mounts are refused, the child keeps
  // the host's /tmp.
  int private_tmp_mb = 0;
  std::vector<std::string> host_paths{};
  // Directories the child sees read-only, as Lambda's code in /var/task is
  // (only with a private /tmp: it is the same mount namespace).
  std::vector<std::string> read_only{};
  // With a private /tmp: the child's processes in a PID namespace of their
  // own, as in a Lambda sandbox, under a small init that reaps what they
  // leave behind. When the program ends (or its init is killed), every
  // process it started ends too, even one that left its session. Where the
  // namespace is refused, the child starts as without it.
  bool own_pids = false;
};

struct Child {
  pid_t pid = -1;
  int output_fd = -1;  // read end of the stdout+stderr pipe, non-blocking, close-on-exec
  int pid_fd = -1;     // pidfd: readable once the process has exited
  // In a PID namespace of its own, `pid` is the namespace's init and the
  // program runs as its child; the init writes the program's wait status
  // here (read end, non-blocking, close-on-exec) before it exits. -1 without.
  int status_fd = -1;
  bool own_pids = false;
  pid_t program_pid = -1;  // the program's PID once known (program_pid())
};

// Starts the process. Throws std::system_error when it cannot (no such
// program, fork refused). The exec of a missing program shows up as the
// child exiting with status 127.
Child spawn(const SpawnSpec& spec);

// Whether this process may give its children a /tmp of their own: a mount
// namespace (as root, or through a user namespace of the child's own) and a
// tmpfs in it. Tried once, in a child, on the first call.
bool private_tmp_available();

// SIGKILL to the child's whole session.
void kill_tree(pid_t pid);

// Waits for an exited child (its pidfd was readable) and describes how it
// ended as Lambda does: "exit status 1", "signal: killed", ...; `exit_code`
// gets the status, or -1 for a signal.
std::string reap(pid_t pid, int* exit_code = nullptr);
// The same for a spawned child: in a PID namespace, how its program ended
// (as its init reported it; "signal: killed" when the init was killed).
// Closes the status descriptor.
std::string reap(Child& child, int* exit_code = nullptr);
// The PID (in localcloud's namespace) of the program a child runs: the
// child itself, or its init's first child; -1 while the init has not
// started it yet.
pid_t program_pid(Child& child);

// A /proc/PID file held open: each read is the file as it is now, without
// the path lookup an open costs (opening statm per invocation took a sixth
// of the invoker thread's time). Once the process is reaped, reads fail
// rather than read a process that took over its pid.
class ProcFile {
 public:
  ProcFile() = default;
  ProcFile(pid_t pid, const char* name);
  ~ProcFile();
  ProcFile(ProcFile&& other) noexcept;
  ProcFile& operator=(ProcFile&& other) noexcept;

  bool is_open() const { return fd_ >= 0; }
  // Up to size - 1 bytes from the file's start, NUL-terminated; false if none.
  bool read(char* buffer, size_t size) const;

 private:
  friend class SandboxProc;
  explicit ProcFile(int fd) : fd_(fd) {}
  int fd_ = -1;
};

// The /proc of a child's PID namespace, held open from outside it
// (/proc/<init>/root/proc): it lists the sandbox's processes alone, the
// init as PID 1 and the program as PID 2. Through it the memory limit and
// Max Memory Used count every process of the sandbox, as Lambda's do.
class SandboxProc {
 public:
  SandboxProc() = default;
  // Not open without a PID namespace, or while the path still reaches the
  // host's /proc (the init mounts the namespace's before it starts the
  // program, and keeps the host's if the mount is refused).
  explicit SandboxProc(const Child& child);

  bool is_open() const { return dir_.is_open(); }
  // The program's /proc file `name` ("statm", "status"), held open.
  ProcFile program_file(const char* name) const;
  // The memory of the sandbox's other processes (not the init's), in MB
  // rounded up: the pages each one alone maps (private clean and dirty, from
  // smaps_rollup). What it shares with the program, as a forked child does
  // until it writes, is in the program's resident set already: 40 forked
  // Pythons hold 21 MB of their own, but 272 MB of resident sets less their
  // file-backed pages (measured here).
  int others_mb() const;

 private:
  ProcFile dir_;  // the directory, held as a file is
};

// The process's peak resident set in MB, rounded up (VmHWM), from its
// status, or 0.
int peak_rss_mb(const ProcFile& status);
// The process's resident set now in MB, rounded up, from its statm, or 0.
int rss_mb(const ProcFile& statm);
// The same for localcloud itself (in-process handlers), from getrusage.
int own_peak_rss_mb();

// The absolute path of `program` found on PATH, or "" (for node, python3).
std::string find_on_path(const std::string& program);

}  // namespace localcloud::lambda::invoke
