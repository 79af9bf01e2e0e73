#include "invoke/environment.h"

#include <spdlog/spdlog.h>
#include <unistd.h>

#include <algorithm>
#include <boost/asio/post.hpp>
#include <cerrno>
#include <cmath>
#include <cstdio>
#include <ctime>
#include <iterator>
#include <mutex>
#include <nlohmann/json.hpp>
#include <random>

#include "api/render.h"
#include "code/base64.h"
#include "invoke/log_format.h"
#include "model/runtimes.h"

namespace localcloud::lambda::invoke {
namespace {

namespace net = boost::asio;

constexpr size_t kMaxLogLine = 256 * 1024;  // CloudWatch's event size
// Read from a runtime's output per turn of the invoker's loop.
constexpr size_t kMaxReadPerTurn = 1 << 20;
// How often a busy runtime's resident set is compared with its MemorySize.
constexpr std::chrono::milliseconds kMemoryCheckEvery{100};
// The least time a runtime gets, after its answer, to ask for the next
// invocation before its environment is killed (Lambda's limit is the
// invocation's deadline; a loaded machine may need a little longer).
constexpr std::chrono::milliseconds kMinTimeToAskAgain{1000};
// The ceiling on a Node.js environment's young generation (each of its semi-spaces), MB.
// Lambda's bootstrap gives it MemorySize / 20 (6 MB at 128 MB); here many environments
// share one machine's caches, and a young generation that stays in cache is what makes
// them fast: 16 warm environments answering API Gateway served 8,000-8,600 requests/s
// with 1-2 MB against 6,700-7,300 with 6 MB or Node's default, on the 2-core dev machine.
// Handlers see no difference but a smaller heap_size_limit and more, cheaper scavenges.
constexpr int kMaxSemiSpaceMb = 2;

// What Lambda's Node.js bootstrap starts node with: global.gc, 80 KB HTTP headers, and
// an old generation of MemorySize less a tenth, so a handler runs out of heap where it
// would on Lambda.
std::vector<std::string> node_flags(int memory_mb) {
  int young_mb = memory_mb / 10;
  return {"--expose-gc", "--max-http-header-size=81920",
          "--max-semi-space-size=" + std::to_string(std::clamp(young_mb / 2, 1, kMaxSemiSpaceMb)),
          "--max-old-space-size=" + std::to_string(memory_mb - young_mb)};
}

std::string random_hex(size_t digits) {
  thread_local std::mt19937_64 rng{std::random_device{}()};
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out(digits, '0');
  for (auto& c : out) c = kHex[rng() & 15];
  return out;
}

std::string trace_id() {
  char epoch[16];
  std::snprintf(epoch, sizeof epoch, "%08lx", static_cast<unsigned long>(std::time(nullptr)));
  return "Root=1-" + std::string(epoch) + "-" + random_hex(24) + ";Parent=" + random_hex(16) +
         ";Sampled=0";
}

// "nodejs:20.v1", "python:3.11.v1": Lambda's runtime version names.
std::string runtime_version(std::string_view runtime) {
  size_t digit = runtime.find_first_of("0123456789");
  std::string family(runtime.substr(0, digit));
  std::string version(digit == std::string_view::npos ? "" : runtime.substr(digit));
  if (version.ends_with(".x")) version.resize(version.size() - 2);
  if (family == "provided") return "provided:" + (version.empty() ? std::string("al2") : version) + ".v1";
  return family + ":" + version + ".v1";
}

RuntimeResponse accepted() { return RuntimeResponse{202, {}, R"({"status":"OK"})"}; }

RuntimeResponse runtime_error(int status, std::string_view type, std::string_view message) {
  nlohmann::ordered_json doc;
  doc["errorMessage"] = message;
  doc["errorType"] = type;
  return RuntimeResponse{status, {}, doc.dump()};
}

}  // namespace

Environment::Environment(net::io_context& ioc, model::FunctionPtr function,
                         const EnvironmentSettings& settings, Hooks hooks)
    : ioc_(ioc),
      function_(std::move(function)),
      settings_(settings),
      hooks_(std::move(hooks)),
      stream_(new_stream_name()),
      arn_("arn:aws:lambda:" + settings.region + ":" + settings.account_id +
           ":function:" + function_->config.name),
      timer_(ioc),
      memory_timer_(ioc) {}

Environment::~Environment() {
  if (child_.pid > 0) {
    kill_tree(child_.pid);
    reap(child_);
  }
  if (api_) api_->close();
}

void Environment::start() {
  const auto& config = function_->config;
  auto family = model::find_runtime(config.runtime);
  std::vector<std::string> argv;
  std::string runtime_dir;
  if (family && family->family == model::RuntimeFamily::kNodejs) {
    if (settings_.node.empty()) return die("node not found", "Runtime.Unavailable",
                                           "localcloud found no node executable on PATH");
    runtime_dir = (settings_.runtime_dir / "nodejs").string();
    argv = {settings_.node};
    std::ranges::move(node_flags(config.memory_size), std::back_inserter(argv));
    argv.push_back(runtime_dir + "/bootstrap.mjs");
  } else if (family && family->family == model::RuntimeFamily::kPython) {
    if (settings_.python.empty()) return die("python3 not found", "Runtime.Unavailable",
                                             "localcloud found no python3 executable on PATH");
    runtime_dir = (settings_.runtime_dir / "python").string();
    argv = {settings_.python, runtime_dir + "/bootstrap.py"};
  } else if (family && family->family == model::RuntimeFamily::kProvided) {
    auto bootstrap = settings_.task_root / "bootstrap";
    if (access(bootstrap.c_str(), X_OK) != 0)
      return die("no bootstrap", "Runtime.InvalidEntrypoint",
                 "Couldn't find valid bootstrap(s): [/var/task/bootstrap /opt/bootstrap]");
    runtime_dir = settings_.task_root.string();
    argv = {bootstrap.string()};
  } else {
    return die("runtime not runnable", "Runtime.Unavailable",
               "localcloud cannot run the " + config.runtime + " runtime");
  }

  try {
    std::weak_ptr<Environment> weak = weak_from_this();
    api_ = RuntimeApiListener::start(ioc_, kMaxResponseBytes,
                                     [weak](RuntimeRequest request, ExchangePtr exchange) {
                                       if (auto self = weak.lock())
                                         self->on_runtime_request(std::move(request),
                                                                  std::move(exchange));
                                     });
  } catch (const std::exception& e) {
    return die(std::string("runtime API: ") + e.what(), "Runtime.Unavailable",
               "localcloud could not open a Runtime API port");
  }

  std::vector<std::string> env;
  auto set = [&env](std::string_view name, std::string_view value) {
    env.push_back(std::string(name) + "=" + std::string(value));
  };
  if (const char* path = std::getenv("PATH")) set("PATH", path);
  set("LANG", "en_US.UTF-8");
  set("TZ", ":UTC");
  set("LAMBDA_TASK_ROOT", settings_.task_root.string());
  set("LAMBDA_RUNTIME_DIR", runtime_dir);
  set("_HANDLER", config.handler);
  set("AWS_LAMBDA_RUNTIME_API", "127.0.0.1:" + std::to_string(api_->port()));
  set("AWS_LAMBDA_FUNCTION_NAME", config.name);
  set("AWS_LAMBDA_FUNCTION_VERSION", model::kLatest);
  set("AWS_LAMBDA_FUNCTION_MEMORY_SIZE", std::to_string(config.memory_size));
  set("AWS_LAMBDA_LOG_GROUP_NAME", config.logging.log_group);
  set("AWS_LAMBDA_LOG_STREAM_NAME", stream_);
  set("AWS_LAMBDA_INITIALIZATION_TYPE", "on-demand");
  set("AWS_REGION", settings_.region);
  set("AWS_DEFAULT_REGION", settings_.region);
  set("AWS_EXECUTION_ENV", "AWS_Lambda_" + config.runtime);
  set("AWS_ACCESS_KEY_ID", settings_.access_key_id);
  set("AWS_SECRET_ACCESS_KEY", settings_.secret_access_key);
  set("AWS_SESSION_TOKEN", "localcloud-session-token");
  if (!settings_.endpoint_url.empty()) set("AWS_ENDPOINT_URL", settings_.endpoint_url);
  if (family->family == model::RuntimeFamily::kNodejs)
    set("NODE_PATH", (settings_.runtime_dir / "nodejs" / "node_modules").string());
  if (family->family == model::RuntimeFamily::kPython) set("PYTHONUNBUFFERED", "1");
  if (config.environment)
    for (const auto& [name, value] : *config.environment) set(name, value);

  // The init phase's platform line: in the log stream, not in an invocation's tail.
  unpublished_.push_back(LogLine{
      epoch_ms(), "INIT_START Runtime Version: " + runtime_version(config.runtime) +
                      "\tRuntime Version ARN: " +
                      api::runtime_version_arn(settings_.region, config.runtime) + "\n"});
  spawned_ = Clock::now();
  SpawnSpec spec{argv, env, settings_.task_root};
  if (private_tmp_available()) {
    spec.private_tmp_mb = config.ephemeral_storage;
    // What the runtime reaches through its variables: its code, the runtime's
    // files and modules, the programs on PATH. Not the function's own
    // variables: on AWS nothing of the host is under /tmp.
    spec.host_paths = {runtime_dir, settings_.runtime_dir.string()};
    if (const char* path = std::getenv("PATH")) spec.host_paths.emplace_back(path);
    spec.read_only = {settings_.task_root.string()};
    spec.own_pids = true;
  } else {
    static std::once_flag warned;
    std::call_once(warned, [] {
      spdlog::warn("lambda: this system refuses mount namespaces: execution environments "
                   "share the host's /tmp");
    });
  }
  try {
    child_ = spawn(spec);
  } catch (const std::exception& e) {
    return die(std::string("spawn: ") + e.what(), "Runtime.ExitError",
               std::string("Runtime failed to start: ") + e.what());
  }
  if (spec.own_pids && !child_.own_pids) {
    static std::once_flag warned;
    std::call_once(warned, [] {
      spdlog::warn(
          "lambda: this system refuses PID namespaces: a process a handler starts "
          "in a session of its own outlives its execution environment");
    });
  }
  output_.emplace(ioc_, child_.output_fd);
  pid_watch_.emplace(ioc_, child_.pid_fd);
  watch_output();
  std::weak_ptr<Environment> weak = weak_from_this();
  pid_watch_->async_wait(
      net::posix::stream_descriptor::wait_read, [weak](boost::system::error_code ec) {
        auto self = weak.lock();
        if (ec || !self || self->dead_) return;
        self->read_output();
        // What the runtime started goes with it (in its PID namespace, or
        // still in its process group).
        kill_tree(self->child_.pid);
        int code = 0;
        std::string how = reap(self->child_, &code);
        self->child_.pid = -1;
        std::string message = code == 0 ? "Runtime exited without providing a reason"
                                        : "Runtime exited with error: " + how;
        self->die("runtime exited: " + how, "Runtime.ExitError", message);
      });
  arm_timer(settings_.init_timeout, [this] {
    if (!init_ms_)
      die("init timed out", "Sandbox.Timedout",
          timed_out_text(settings_.init_timeout.count() / 1000.0));
  });
}

void Environment::assign(Pending pending) {
  // Aggregate-initialized: clang does not see Running, a nested struct with
  // member initializers, as default-constructible for optional::emplace().
  current_ = Running{std::move(pending)};
  watch_memory();
  if (next_) deliver();
}

void Environment::retire() {
  retired_ = true;
  if (!current_) die("retired");
}

void Environment::on_runtime_request(RuntimeRequest request, ExchangePtr exchange) {
  using Kind = RuntimeCall::Kind;
  RuntimeCall call = classify_runtime_call(request.method, request.path);
  if (call.kind == Kind::kNext) {
    if (!init_ms_)
      init_ms_ = std::chrono::duration<double, std::milli>(Clock::now() - spawned_).count();
    if (!current_ || !current_->delivered_yet) {  // the init timeout, or the time to ask again
      ++timer_serial_;
      timer_.cancel();
    }
    next_ = std::move(exchange);
    if (current_ && !current_->delivered_yet) {
      deliver();
    } else if (!current_) {
      idle_since_ = Clock::now();
      if (retired_) return die("retired");
      auto self = shared_from_this();
      net::post(ioc_, [self] {
        if (self->idle() && self->hooks_.ready) self->hooks_.ready(*self);
      });
    }
    return;
  }
  if (call.kind == Kind::kInitError) {
    exchange->respond(accepted());
    init_error_ = request.body.empty() ? error_document("Runtime.Unknown", "") : request.body;
    if (current_) finish(*init_error_, true, std::nullopt);
    die("init error");
    return;
  }
  if (call.kind == Kind::kNotFound) {
    exchange->respond(runtime_error(404, "NotFound", "Not Found"));
    return;
  }
  if (!current_ || !current_->delivered_yet ||
      current_->pending.request.request_id != call.request_id) {
    exchange->respond(runtime_error(400, "InvalidRequestID", "Invalid request ID"));
    return;
  }
  if (request.body_too_large || request.body.size() > kMaxResponseBytes) {
    std::string limit = "(" + std::to_string(kMaxResponseBytes) + " bytes).";
    exchange->respond(runtime_error(413, "RequestEntityTooLarge",
                                    "Exceeded maximum allowed payload size " + limit));
    finish(error_document("Function.ResponseSizeTooLarge",
                          "Response payload size exceeded maximum allowed payload size " + limit),
           true, std::nullopt);
    if (request.body_too_large) die("response too large");  // the connection is gone
    return;
  }
  exchange->respond(accepted());
  if (call.kind == Kind::kResponse) {
    finish(request.body.empty() ? "null" : std::move(request.body), false, std::nullopt);
  } else {
    finish(request.body.empty() ? error_document(request.error_type, "") : std::move(request.body),
           true, std::nullopt);
  }
}

void Environment::deliver() {
  auto& running = *current_;
  const auto& request = running.pending.request;
  const auto& config = function_->config;
  running.delivered = Clock::now();
  running.delivered_yet = true;
  log_bytes_ = 0;
  log_capped_ = false;
  int64_t deadline = epoch_ms() + static_cast<int64_t>(config.timeout) * 1000;

  emit("START RequestId: " + request.request_id + " Version: " + model::kLatest);

  RuntimeResponse response;
  response.status = 200;
  response.headers = {{"Lambda-Runtime-Aws-Request-Id", request.request_id},
                      {"Lambda-Runtime-Deadline-Ms", std::to_string(deadline)},
                      {"Lambda-Runtime-Invoked-Function-Arn", arn_},
                      {"Lambda-Runtime-Trace-Id", trace_id()}};
  if (!request.client_context.empty())
    response.headers.emplace_back("Lambda-Runtime-Client-Context",
                                  code::base64_decode(request.client_context));
  response.body = request.payload;
  auto next = std::move(next_);
  next_ = nullptr;
  next->respond(std::move(response));

  std::string id = request.request_id;
  arm_timer(std::chrono::seconds(config.timeout), [this, id] {
    if (!current_ || current_->pending.request.request_id != id) return;
    std::string text = timed_out_text(function_->config.timeout);
    read_output();
    emit(iso_time(epoch_ms()) + " " + id + " " + text);
    finish(error_document("Sandbox.Timedout", "RequestId: " + id + " Error: " + text), true,
           std::nullopt);
    die("timed out");
  });
}

void Environment::finish(std::string payload, bool function_error,
                         std::optional<std::string> extra_log) {
  if (!current_) return;
  read_output();
  ++timer_serial_;
  timer_.cancel();
  auto& running = *current_;
  const auto& id = running.pending.request.request_id;
  if (extra_log) emit(*extra_log);
  if (running.delivered_yet) {
    double duration =
        std::chrono::duration<double, std::milli>(Clock::now() - running.delivered).count();
    emit("END RequestId: " + id);
    double init = init_ms_ && !init_reported_ ? *init_ms_ : -1;
    init_reported_ = init_reported_ || init >= 0;
    emit(report_line(id, duration, function_->config.memory_size, max_memory_used_mb(), init));
  }
  flush_logs();

  InvokeResult result;
  result.payload = std::move(payload);
  if (function_error) result.function_error = "Unhandled";
  if (running.pending.request.tail) {
    std::string& tail = running.tail;
    result.log_tail = tail.size() > kLogTailBytes ? tail.substr(tail.size() - kLogTailBytes) : tail;
  }
  Pending done = std::move(running.pending);
  std::optional<Clock::time_point> deadline;
  if (running.delivered_yet)
    deadline = running.delivered + std::chrono::seconds(function_->config.timeout);
  current_.reset();
  idle_since_ = Clock::now();
  if (deadline && !dead_) {
    // The runtime must ask for the next invocation by this one's deadline.
    auto left = std::chrono::duration_cast<std::chrono::milliseconds>(*deadline - Clock::now());
    arm_timer(std::max(left, kMinTimeToAskAgain), [this] {
      if (!next_) die("the runtime did not ask for the next invocation");
    });
  }
  done.done(std::move(result));
}

void Environment::die(const std::string& why, std::optional<std::string> error_type,
                      std::optional<std::string> error_message) {
  if (dead_) return;
  if (current_ && !current_->delivered_yet && init_ms_ && hooks_.requeue) {
    // Assigned to a warm environment that never took it: it has not started.
    auto self = shared_from_this();
    net::post(ioc_, [self, pending = std::move(current_->pending)]() mutable {
      self->hooks_.requeue(*self, std::move(pending));
    });
    current_.reset();
  }
  if (current_) {
    const auto& id = current_->pending.request.request_id;
    std::string message = "RequestId: " + id + " Error: " +
                          error_message.value_or("Runtime exited without providing a reason");
    std::string type = error_type.value_or("Runtime.ExitError");
    finish(error_document(type, message), true, message + "\n" + type);
  }
  dead_ = true;
  spdlog::debug("lambda {} environment {} ends: {}", function_->config.name, stream_, why);
  ++timer_serial_;
  timer_.cancel();
  memory_timer_.cancel();
  if (api_) api_->close();
  next_ = nullptr;
  if (child_.pid > 0) {
    read_output();
    kill_tree(child_.pid);
    reap(child_);
    child_.pid = -1;
  }
  boost::system::error_code ec;
  if (output_) output_->close(ec);
  if (pid_watch_) pid_watch_->close(ec);
  flush_logs();
  auto self = shared_from_this();
  net::post(ioc_, [self] {
    if (self->hooks_.gone) self->hooks_.gone(*self);
  });
}

void Environment::watch_output() {
  std::weak_ptr<Environment> weak = weak_from_this();
  output_->async_wait(net::posix::stream_descriptor::wait_read,
                      [weak](boost::system::error_code ec) {
                        auto self = weak.lock();
                        if (ec || !self || self->dead_ || !self->output_->is_open()) return;
                        self->read_output();
                        if (self->output_->is_open()) self->watch_output();
                        self->flush_logs();
                      });
}

void Environment::read_output() {
  if (!output_ || !output_->is_open()) return;
  char buffer[65536];
  for (size_t taken = 0; taken < kMaxReadPerTurn;) {
    ssize_t n = ::read(output_->native_handle(), buffer, sizeof buffer);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) {
      if (n == 0) {  // the runtime closed its output
        if (!partial_.empty()) log_line(std::move(partial_), epoch_ms());
        partial_.clear();
        boost::system::error_code ec;
        output_->close(ec);
      }
      return;
    }
    taken += static_cast<size_t>(n);
    int64_t now = epoch_ms();
    std::string_view chunk(buffer, static_cast<size_t>(n));
    while (!chunk.empty()) {
      size_t newline = chunk.find('\n');
      if (newline == std::string_view::npos) {
        partial_.append(chunk);
        if (partial_.size() >= kMaxLogLine) {
          log_line(std::move(partial_), now);
          partial_.clear();
        }
        break;
      }
      partial_.append(chunk.substr(0, newline));
      chunk.remove_prefix(newline + 1);
      std::string line = std::move(partial_);
      partial_.clear();
      for (auto& c : line)
        if (c == '\r') c = '\n';
      log_line(std::move(line), now);
    }
  }
}

void Environment::log_line(std::string line, int64_t timestamp_ms) {
  if (log_capped_) return;
  log_bytes_ += line.size();
  if (log_bytes_ > settings_.max_log_bytes_per_invocation) {
    log_capped_ = true;
    line = "localcloud: log output of this invocation passed " +
           std::to_string(settings_.max_log_bytes_per_invocation) + " bytes; the rest is dropped";
  }
  record(std::move(line), timestamp_ms);
}

// Not counted against the cap: Lambda writes END and REPORT however much the handler
// logged.
void Environment::emit(std::string line) { record(std::move(line), epoch_ms()); }

void Environment::record(std::string line, int64_t timestamp_ms) {
  if (current_ && current_->pending.request.tail) {
    std::string& tail = current_->tail;
    tail += line;
    tail += '\n';
    if (tail.size() > 4 * kLogTailBytes) tail.erase(0, tail.size() - kLogTailBytes);
  }
  spdlog::info("[lambda {}] {}", function_->config.name, line);
  // CloudWatch keeps each record with its newline, as Lambda's telemetry writes it.
  unpublished_.push_back(LogLine{timestamp_ms, std::move(line) + "\n"});
}

// REPORT's Max Memory Used: the largest of the runtime's peak and the
// sandbox's memory as last read (at most a second old, or as the memory
// watch saw it during the invocation) and the runtime's resident set now.
int Environment::max_memory_used_mb() {
  if (child_.pid <= 0) return 0;
  auto now = Clock::now();
  if (peak_read_ == Clock::time_point{} || now - peak_read_ >= std::chrono::seconds(1)) {
    if (!status_.is_open()) status_ = runtime_file("status");
    peak_mb_ = std::max({peak_mb_, peak_rss_mb(status_), memory_mb()});
    peak_read_ = now;
  }
  peak_mb_ = std::max(peak_mb_, rss_mb(statm()));
  return peak_mb_;
}

int Environment::memory_mb() {
  if (child_.pid <= 0) return 0;
  int runtime = rss_mb(statm());
  if (!sandbox().is_open()) return runtime;
  // Reading what other processes hold walks their page tables: ~1 ms for a
  // 100 MB process here, tens of ms for dozens of them. Read again only after
  // twenty times as long as the last reading took, so that it costs at most a
  // twentieth of this thread's time; until then the last reading stands.
  auto now = Clock::now();
  if (now >= others_due_) {
    others_mb_ = sandbox_.others_mb();
    auto done = Clock::now();
    others_due_ = done + 20 * (done - now);
  }
  return runtime + others_mb_;
}

const SandboxProc& Environment::sandbox() {
  if (child_.own_pids && child_.pid > 0 && !sandbox_.is_open()) sandbox_ = SandboxProc(child_);
  return sandbox_;
}

// Through the namespace's /proc where there is one: the runtime is PID 2
// there. Otherwise the runtime's PID here, from its init's children.
ProcFile Environment::runtime_file(const char* name) {
  if (child_.pid <= 0) return ProcFile();
  if (sandbox().is_open()) return sandbox_.program_file(name);
  pid_t runtime = program_pid(child_);
  return runtime > 0 ? ProcFile(runtime, name) : ProcFile();
}

const ProcFile& Environment::statm() {
  if (!statm_.is_open()) statm_ = runtime_file("statm");
  return statm_;
}

void Environment::watch_memory() {
  if (watching_memory_) return;
  watching_memory_ = true;
  memory_timer_.expires_after(kMemoryCheckEvery);
  std::weak_ptr<Environment> weak = weak_from_this();
  memory_timer_.async_wait([weak](boost::system::error_code ec) {
    auto self = weak.lock();
    if (!self) return;
    self->watching_memory_ = false;
    if (ec || self->dead_ || !self->current_) return;
    int limit = self->function_->config.memory_size;
    int used = self->memory_mb();
    self->peak_mb_ = std::max(self->peak_mb_, used);
    if (used > limit) {
      spdlog::warn("lambda {}: the sandbox passed its {} MB of memory and is killed",
                   self->function_->config.name, limit);
      return self->die("out of memory", "Runtime.OutOfMemory",
                       "Runtime exited with error: signal: killed");
    }
    self->watch_memory();
  });
}

void Environment::flush_logs() {
  if (unpublished_.empty()) return;
  if (settings_.publish)
    settings_.publish(function_->config.logging.log_group, stream_, std::move(unpublished_));
  unpublished_.clear();
}

void Environment::arm_timer(std::chrono::milliseconds after, std::function<void()> then) {
  uint64_t serial = ++timer_serial_;
  timer_.expires_after(after);
  std::weak_ptr<Environment> weak = weak_from_this();
  timer_.async_wait([weak, serial, then = std::move(then)](boost::system::error_code ec) {
    auto self = weak.lock();
    if (ec || !self || self->dead_ || self->timer_serial_ != serial) return;
    then();
  });
}

}  // namespace localcloud::lambda::invoke
