// ServerProcess: runs the real localcloud binary for a test, on a free port.
//
// The binary's path comes from the LOCALCLOUD_BIN environment variable (set
// by CTest). start() waits for the machine-readable startup line and returns
// the port; the destructor kills the process if it still runs.
#pragma once

#include <sys/types.h>

#include <chrono>
#include <optional>
#include <string>
#include <vector>

namespace localcloud::testing {

class ServerProcess {
 public:
  // `args` are passed after the binary; "--port 0" is added unless present.
  explicit ServerProcess(std::vector<std::string> args = {"--in-memory"});
  ~ServerProcess();
  ServerProcess(const ServerProcess&) = delete;
  ServerProcess& operator=(const ServerProcess&) = delete;

  // Starts and waits up to `timeout` for the listening line. Returns the port,
  // or nullopt if the process exited or never said it listens.
  std::optional<int> start(std::chrono::milliseconds timeout = std::chrono::seconds(20));

  // Sends `signal` to the process.
  void signal(int signal);
  // Waits for exit; returns the exit status (or 128+signal), nullopt on timeout.
  std::optional<int> wait(std::chrono::milliseconds timeout);

  int port() const { return port_; }
  pid_t pid() const { return pid_; }
  // Everything the process wrote to stderr so far (read after wait()).
  std::string stderr_text();

  // The binary under test.
  static std::string binary();

 private:
  std::vector<std::string> args_;
  pid_t pid_ = -1;
  int port_ = 0;
  int stdout_fd_ = -1;
  int stderr_fd_ = -1;
  std::string stderr_;
  std::optional<int> exit_status_;
};

// Runs the binary with `args` to completion; returns exit status and stderr.
struct RunResult {
  int exit_status;
  std::string out;
  std::string err;
};
RunResult run_binary(const std::vector<std::string>& args);

}  // namespace localcloud::testing
