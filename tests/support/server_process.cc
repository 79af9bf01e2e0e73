#include "server_process.h"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdlib>
#include <stdexcept>
#include <thread>

namespace localcloud::testing {
namespace {

// stdout comes through a pipe (the startup line); stderr goes to an unlinked
// temporary file, so a chatty server never blocks on a full pipe.
pid_t spawn(const std::vector<std::string>& args, int* out_fd, int* err_fd) {
  int out[2];
  if (pipe(out) != 0) throw std::runtime_error("pipe failed");
  char err_path[] = "/tmp/localcloud-test-stderr-XXXXXX";
  int err_write = mkstemp(err_path);
  if (err_write < 0) throw std::runtime_error("mkstemp failed");
  int err_read = open(err_path, O_RDONLY);
  unlink(err_path);
  pid_t pid = fork();
  if (pid < 0) throw std::runtime_error("fork failed");
  if (pid == 0) {
    dup2(out[1], 1);
    dup2(err_write, 2);
    close(out[0]); close(out[1]); close(err_write); close(err_read);
    std::vector<char*> argv;
    for (auto& a : args) argv.push_back(const_cast<char*>(a.c_str()));
    argv.push_back(nullptr);
    execv(argv[0], argv.data());
    _exit(127);
  }
  close(out[1]);
  close(err_write);
  fcntl(out[0], F_SETFL, O_NONBLOCK);
  *out_fd = out[0];
  *err_fd = err_read;
  return pid;
}

void drain(int fd, std::string& into) {
  char buf[4096];
  for (;;) {
    ssize_t n = read(fd, buf, sizeof buf);
    if (n <= 0) return;
    into.append(buf, static_cast<size_t>(n));
  }
}

int decode_status(int status) {
  if (WIFEXITED(status)) return WEXITSTATUS(status);
  if (WIFSIGNALED(status)) return 128 + WTERMSIG(status);
  return -1;
}

}  // namespace

std::string ServerProcess::binary() {
  const char* bin = std::getenv("LOCALCLOUD_BIN");
  if (!bin) throw std::runtime_error("LOCALCLOUD_BIN is not set");
  return bin;
}

ServerProcess::ServerProcess(std::vector<std::string> args) : args_(std::move(args)) {
  bool has_port = false;
  for (auto& a : args_) has_port |= a == "--port";
  if (!has_port) {
    args_.push_back("--port");
    args_.push_back("0");
  }
}

ServerProcess::~ServerProcess() {
  if (pid_ > 0 && !exit_status_) {
    kill(pid_, SIGKILL);
    int status;
    waitpid(pid_, &status, 0);
  }
  if (stdout_fd_ >= 0) close(stdout_fd_);
  if (stderr_fd_ >= 0) close(stderr_fd_);
}

std::optional<int> ServerProcess::start(std::chrono::milliseconds timeout) {
  std::vector<std::string> argv{binary()};
  argv.insert(argv.end(), args_.begin(), args_.end());
  pid_ = spawn(argv, &stdout_fd_, &stderr_fd_);
  std::string out;
  auto deadline = std::chrono::steady_clock::now() + timeout;
  while (std::chrono::steady_clock::now() < deadline) {
    pollfd p{stdout_fd_, POLLIN, 0};
    poll(&p, 1, 50);
    drain(stdout_fd_, out);
    drain(stderr_fd_, stderr_);
    auto line_end = out.find('\n');
    if (line_end != std::string::npos) {
      auto line = out.substr(0, line_end);
      auto key = line.find("\"port\":");
      if (line.find("\"event\":\"listening\"") != std::string::npos && key != std::string::npos) {
        port_ = std::atoi(line.c_str() + key + 7);
        return port_;
      }
    }
    int status;
    if (waitpid(pid_, &status, WNOHANG) == pid_) {
      exit_status_ = decode_status(status);
      return std::nullopt;
    }
  }
  return std::nullopt;
}

void ServerProcess::signal(int sig) {
  if (pid_ > 0) kill(pid_, sig);
}

std::optional<int> ServerProcess::wait(std::chrono::milliseconds timeout) {
  if (exit_status_) return exit_status_;
  auto deadline = std::chrono::steady_clock::now() + timeout;
  while (std::chrono::steady_clock::now() < deadline) {
    drain(stderr_fd_, stderr_);
    int status;
    if (waitpid(pid_, &status, WNOHANG) == pid_) {
      exit_status_ = decode_status(status);
      drain(stderr_fd_, stderr_);
      return exit_status_;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  return std::nullopt;
}

std::string ServerProcess::stderr_text() {
  if (stderr_fd_ >= 0) drain(stderr_fd_, stderr_);
  return stderr_;
}

RunResult run_binary(const std::vector<std::string>& args) {
  std::vector<std::string> argv{ServerProcess::binary()};
  argv.insert(argv.end(), args.begin(), args.end());
  int out_fd, err_fd;
  pid_t pid = spawn(argv, &out_fd, &err_fd);
  RunResult result{-1, "", ""};
  int status;
  for (;;) {
    drain(out_fd, result.out);
    drain(err_fd, result.err);
    if (waitpid(pid, &status, WNOHANG) == pid) break;
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  drain(out_fd, result.out);
  drain(err_fd, result.err);
  close(out_fd);
  close(err_fd);
  result.exit_status = decode_status(status);
  return result;
}

}  // namespace localcloud::testing
