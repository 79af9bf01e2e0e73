// Environment: one execution environment of a function — a runtime process,
// its Runtime API listener and its log stream — running one invocation at a
// time, reused while warm.
//
// Life: Starting (process spawned, no /next yet) → Idle (a /next is waiting)
// ⇄ Busy (an invocation delivered) → Dead (process gone, killed or retired).
// An invocation may be assigned while Starting; it is delivered on the first
// /next. A runtime that answered but does not ask for more work by the
// invocation's deadline is killed, as Lambda resets such a sandbox; an
// invocation assigned to it meanwhile goes back to the pool. While an
// invocation is assigned, the runtime process's resident set is watched and
// the environment killed once it passes the function's MemorySize
// (Runtime.OutOfMemory). Everything runs on the invoker's io thread.
#pragma once

#include <boost/asio/io_context.hpp>
#include <boost/asio/posix/stream_descriptor.hpp>
#include <boost/asio/steady_timer.hpp>
#include <chrono>
#include <filesystem>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "invoke/invocation.h"
#include "invoke/process.h"
#include "invoke/runtime_api.h"

namespace localcloud::lambda::invoke {

using Clock = std::chrono::steady_clock;

// What an environment needs to know about the world around it.
struct EnvironmentSettings {
  std::filesystem::path task_root;    // the unpacked code
  std::filesystem::path runtime_dir;  // <repo>/runtime
  std::string node;                   // absolute paths of the interpreters, or ""
  std::string python;
  std::string endpoint_url;           // AWS_ENDPOINT_URL for the handler's SDKs
  std::string access_key_id = "ASIALOCALCLOUD000000";  // their credentials
  std::string secret_access_key = "localcloud-secret-access-key";
  std::string region;
  std::string account_id;
  LogPublisher publish;
  std::chrono::milliseconds init_timeout{10'000};
  size_t max_log_bytes_per_invocation = 1 << 20;  // the rest is dropped with a note
};

struct Pending {
  InvokeRequest request;
  InvokeDone done;
  int attempt = 0;  // asynchronous retries so far
};

class Environment : public std::enable_shared_from_this<Environment> {
 public:
  // Called when the environment can take an invocation, and once when it is
  // gone; `requeue` gets back an invocation assigned to a warm environment
  // that died before it was delivered (it never started: another may run it).
  struct Hooks {
    std::function<void(Environment&)> ready;
    std::function<void(Environment&)> gone;
    std::function<void(Environment&, Pending)> requeue;
  };

  Environment(boost::asio::io_context& ioc, model::FunctionPtr function,
              const EnvironmentSettings& settings, Hooks hooks);
  ~Environment();

  // Spawns the runtime. On failure the environment reports `gone` (and
  // completes an assigned invocation with the reason) at once.
  void start();

  // Runs `pending` when the runtime asks for work. Only when !busy().
  void assign(Pending pending);

  // Ends the environment once it has no invocation (at once when idle).
  void retire();

  // Ends the environment now, failing its invocation (server shutdown).
  void terminate() { die("localcloud is stopping", "Runtime.ExitError", "localcloud is stopping"); }

  bool busy() const { return current_.has_value(); }
  bool retired() const { return retired_; }
  bool dead() const { return dead_; }
  // Idle: waiting in /next with nothing to run.
  bool idle() const { return !dead_ && !retired_ && !current_ && next_ != nullptr; }
  Clock::time_point idle_since() const { return idle_since_; }
  const model::FunctionPtr& function() const { return function_; }
  const std::string& stream_name() const { return stream_; }

 private:
  struct Running {
    Pending pending;
    Clock::time_point delivered{};
    bool delivered_yet = false;
    std::string tail{};  // the invocation's log, for LogType Tail
  };

  void on_runtime_request(RuntimeRequest request, ExchangePtr exchange);
  void deliver();
  void finish(std::string payload, bool function_error, std::optional<std::string> extra_log);
  void die(const std::string& why, std::optional<std::string> error_type = {},
           std::optional<std::string> error_message = {});
  void watch_output();
  // Reads what the runtime wrote, up to a bound per call so that a runtime
  // that writes without pause cannot hold the invoker's thread.
  void read_output();
  // Samples the runtime's resident set while an invocation is assigned.
  void watch_memory();
  // A line of the runtime's output, counted against max_log_bytes_per_invocation.
  void log_line(std::string line, int64_t timestamp_ms);
  void flush_logs();
  void emit(std::string line);  // a line of localcloud's own (START, END, REPORT)
  void record(std::string line, int64_t timestamp_ms);  // into the log and the tail
  void arm_timer(std::chrono::milliseconds after, std::function<void()> then);

  boost::asio::io_context& ioc_;
  model::FunctionPtr function_;
  const EnvironmentSettings& settings_;
  Hooks hooks_;
  std::string stream_;
  std::string arn_;

  std::shared_ptr<RuntimeApiListener> api_;
  Child child_;
  std::optional<boost::asio::posix::stream_descriptor> output_;
  std::optional<boost::asio::posix::stream_descriptor> pid_watch_;
  boost::asio::steady_timer timer_;
  uint64_t timer_serial_ = 0;
  boost::asio::steady_timer memory_timer_;
  bool watching_memory_ = false;
  // The runtime's peak resident set (VmHWM) as last read, and when: read at
  // most once a second, since /proc/<pid>/status costs as much as the rest
  // of an invocation's bookkeeping.
  int peak_mb_ = 0;
  ProcFile status_;  // the runtime's /proc/PID/status and statm, opened when first read
  ProcFile statm_;
  SandboxProc sandbox_;  // the /proc of the child's PID namespace, opened when first read
  int others_mb_ = 0;    // what the sandbox's other processes held at the last reading
  Clock::time_point others_due_{};  // and when to read it again
  Clock::time_point peak_read_{};
  int max_memory_used_mb();
  // The sandbox's memory now: the runtime's resident set and what its other
  // processes hold of their own.
  int memory_mb();
  const SandboxProc& sandbox();
  ProcFile runtime_file(const char* name);
  const ProcFile& statm();

  Clock::time_point spawned_{};
  std::optional<double> init_ms_;  // set at the first /next; reported once
  bool init_reported_ = false;
  std::optional<std::string> init_error_;  // the /init/error document
  ExchangePtr next_;                       // the waiting /next
  std::optional<Running> current_;
  Clock::time_point idle_since_ = Clock::now();
  bool retired_ = false;
  bool dead_ = false;

  std::string partial_;  // output after the last newline
  // Output counted against max_log_bytes_per_invocation: since the last
  // delivery (or the start), so output between invocations is capped too.
  size_t log_bytes_ = 0;
  bool log_capped_ = false;
  std::vector<LogLine> unpublished_;
};

}  // namespace localcloud::lambda::invoke
