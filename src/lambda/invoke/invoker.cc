#include "invoke/invoker.h"

#include <spdlog/spdlog.h>
#include <unistd.h>

#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/thread_pool.hpp>
#include <mutex>
#include <deque>
#include <map>
#include <optional>
#include <thread>
#include <utility>

#include "errors.h"
#include "invoke/environment.h"
#include "invoke/log_format.h"
#include "localcloud/core/deadlines.h"
#include "localcloud/core/inline_work.h"
#include "localcloud/lambda/native.h"
#include "model/runtimes.h"
#include "native/document.h"

namespace localcloud::lambda::invoke {
namespace {

namespace net = boost::asio;

AwsError throttled() {
  return errors::user_error(429, "TooManyRequestsException", "Rate Exceeded.")
      .with_field("Reason", "\"ReservedFunctionConcurrentInvocationLimitExceeded\"");
}

// What makes environments of a function interchangeable: the function, its
// code and its configuration (LastModified changes with either), not its
// RevisionId, which permission and tag changes move too.
bool same_revision(const model::Function& a, const model::Function& b) {
  return a.id == b.id && a.config.code.hex == b.config.code.hex &&
         a.config.last_modified_ms == b.config.last_modified_ms;
}

std::string revision_of(const model::Function& f) {
  return std::to_string(f.id) + "/" + f.config.code.hex + "/" +
         std::to_string(f.config.last_modified_ms);
}

struct Pool {
  std::string revision;
  model::FunctionPtr function;
  EnvironmentSettings settings;  // environments keep a reference: the pool outlives them
  std::vector<std::shared_ptr<Environment>> environments;
  std::deque<Pending> waiting;

  int limit(int default_concurrency) const {
    return function->reserved_concurrency.value_or(default_concurrency);
  }
  int busy() const {
    int n = 0;
    for (const auto& e : environments)
      if (e->busy()) ++n;
    return n;
  }
  int live() const {
    int n = 0;
    for (const auto& e : environments)
      if (!e->dead() && !e->retired()) ++n;
    return n;
  }
};

bool is_native(const model::Function& function) {
  auto family = model::find_runtime(function.config.runtime);
  return family && family->family == model::RuntimeFamily::kNative;
}

// A function of runtime localcloud.cpp: no environments. Its handlers run
// on the thread that invokes it when that is a server thread free to do
// inline work (core/inline_work.h) and the handler has been quick, else on
// the worker threads.
struct NativeFunction {
  model::FunctionPtr function;  // the newest seen
  int running = 0;              // handlers running, timed out or not
  bool slow = false;            // its last run was too long to run inline
  std::deque<Pending> waiting;
  std::string stream;
};

// A handler that ran longer than this runs on the worker threads next time
// (a hand-off costs ~20-40 us); one that ran there in under kQuick runs
// inline again.
constexpr auto kSlow = std::chrono::milliseconds(1);
constexpr auto kQuick = std::chrono::microseconds(200);

// An invocation that has its slot, and the log stream it writes to.
struct NativeStart {
  Pending pending;
  std::string stream;
  bool may_run_inline = false;
};

}  // namespace

class Invoker::Impl {
 public:
  explicit Impl(InvokerOptions options)
      : options_(std::move(options)),
        work_(net::make_work_guard(ioc_)),
        reaper_(ioc_),
        node_(find_on_path("node")),
        python_shim_(find_on_path("python3")),
        workers_(static_cast<size_t>(std::max(1, options_.native_threads))) {
    reap_later();
    thread_ = std::thread([this] { ioc_.run(); });
  }

  ~Impl() { stop(); }

  void invoke(InvokeRequest request, InvokeDone done) {
    // In-process handlers never need the invoker's thread: they go from here
    // straight to a worker thread, and complete there.
    if (is_native(*request.function))
      return invoke_native(Pending{std::move(request), std::move(done), 0});
    net::post(ioc_, [this, request = std::move(request), done = std::move(done)]() mutable {
      on_invoke(Pending{std::move(request), std::move(done), 0});
    });
  }

  void retire(std::string name) {
    net::post(ioc_, [this, name = std::move(name)] {
      auto it = pools_.find(name);
      if (it == pools_.end()) return;
      for (const auto& e : it->second->environments) e->retire();
    });
  }

  void stop() {
    std::call_once(stopped_, [this] {
      std::vector<Pending> refused;
      {
        std::lock_guard lock(native_mu_);
        native_stopping_ = true;
        for (auto& [name, f] : natives_)
          for (auto& pending : f.waiting) refused.push_back(std::move(pending));
        for (auto& [name, f] : natives_) f.waiting.clear();
      }
      for (auto& pending : refused) fail(pending, errors::service_exception());
      net::post(ioc_, [this] {
        stopping_ = true;
        reaper_.cancel();
        for (auto& timer : retry_timers_) timer->cancel();
        for (auto& [name, pool] : pools_) {
          for (auto& pending : pool->waiting) fail(pending, errors::service_exception());
          pool->waiting.clear();
          for (const auto& e : pool->environments) e->terminate();
        }
        work_.reset();
      });
      if (thread_.joinable()) thread_.join();
      workers_.join();  // handlers that outlived their timeout finish here
      deadlines_.stop();
      pools_.clear();
    });
  }

 private:
  void on_invoke(Pending pending) {
    if (stopping_) return fail(pending, errors::service_exception());
    if (is_native(*pending.request.function)) return invoke_native(std::move(pending));
    const auto& function = pending.request.function;
    auto& slot = pools_[function->config.name];
    if (!slot) slot = std::make_unique<Pool>();
    Pool& pool = *slot;
    std::string revision = revision_of(*function);
    if (pool.revision == revision) {
      pool.function = function;  // same code and configuration; concurrency may have changed
    } else if (pool.function && pool.function->id == function->id &&
               pool.function->config.last_modified_ms > function->config.last_modified_ms) {
      // Invocations carry the function as they found it: only a newer one moves the pool on.
      pending.request.function = pool.function;
    } else {
      for (const auto& e : pool.environments) e->retire();
      pool.revision = revision;
      pool.function = function;
      pool.settings = settings_for(*function);
    }
    if (pending.request.event) {
      // Prepared for an in-process handler, but the function has moved on to a runtime process.
      pending.request.payload = pending.request.event->dump();
      pending.request.event.reset();
    }
    if (!pending.request.asynchronous && pool.function->reserved_concurrency &&
        pool.busy() >= *pool.function->reserved_concurrency)
      return fail(pending, throttled());

    if (pending.request.asynchronous) {
      // Accepted: the caller has its 202; outcomes are retried and logged here.
      auto accepted = std::move(pending.done);
      pending.done = [](InvokeResult) {};
      accepted(InvokeResult{});
    }
    pool.waiting.push_back(std::move(pending));
    dispatch(pool);
  }

  EnvironmentSettings settings_for(const model::Function& function) {
    EnvironmentSettings s;
    s.task_root = options_.task_root(function);
    s.runtime_dir = options_.runtime_dir;
    s.node = node_;
    s.python = python();
    if (options_.endpoint_url) s.endpoint_url = options_.endpoint_url();
    s.access_key_id = options_.access_key_id;
    s.secret_access_key = options_.secret_access_key;
    s.region = options_.region;
    s.account_id = options_.account_id;
    s.publish = options_.publish;
    return s;
  }

  void dispatch(Pool& pool) {
    while (!pool.waiting.empty() && !stopping_) {
      int limit = pool.limit(options_.default_concurrency);
      // An idle environment, else one between its answer and its next poll: both
      // take the invocation sooner than a cold start would.
      std::shared_ptr<Environment> chosen;
      for (const auto& e : pool.environments) {
        if (!e->busy() && !e->dead() && !e->retired() &&
            same_revision(*e->function(), *pool.function) && (!chosen || e->idle()))
          chosen = e;
        if (chosen && chosen->idle()) break;
      }
      if (!chosen) {
        if (pool.live() >= limit || pool.busy() >= limit) break;
        chosen = std::make_shared<Environment>(ioc_, pool.function, pool.settings, hooks());
        pool.environments.push_back(chosen);
        Pending next = take(pool);
        chosen->assign(std::move(next));
        chosen->start();
        continue;
      }
      chosen->assign(take(pool));
    }
  }

  Pending take(Pool& pool) {
    Pending p = std::move(pool.waiting.front());
    pool.waiting.pop_front();
    if (p.request.asynchronous) wrap_async(p);
    return p;
  }

  // An asynchronous invocation's outcome: retried on error, up to Lambda's two retries.
  void wrap_async(Pending& p) {
    auto request = p.request;
    int attempt = p.attempt;
    p.done = [this, request, attempt](InvokeResult result) mutable {
      if (!result.function_error && !result.error) return;
      // An in-process handler's outcome comes on a worker thread.
      net::post(ioc_, [this, request, attempt, result = std::move(result)]() mutable {
        retry_async(std::move(request), attempt, std::move(result));
      });
    };
  }

  // On the invoker's thread.
  void retry_async(InvokeRequest request, int attempt, InvokeResult result) {
    if (attempt >= static_cast<int>(options_.async_retry_delays.size()) || stopping_) {
      spdlog::warn("lambda {}: asynchronous invocation {} failed after {} attempts: {}",
                   request.function->config.name, request.request_id, attempt + 1,
                   result.payload);
      return;
    }
    auto timer = std::make_shared<net::steady_timer>(ioc_, options_.async_retry_delays[attempt]);
    retry_timers_.push_back(timer);
    timer->async_wait([this, timer, request, attempt](boost::system::error_code ec) mutable {
      std::erase(retry_timers_, timer);
      if (ec || stopping_) return;
      on_invoke(Pending{request, [](InvokeResult) {}, attempt + 1});
    });
  }

  // A synchronous invocation of an in-process handler is throttled over the
  // function's reserved concurrency and otherwise waits for a slot, as on
  // the environments' path; the newest function seen is the one that runs.
  void invoke_native(Pending pending) {
    InvokeDone accepted;
    std::vector<NativeStart> ready;
    {
      std::unique_lock lock(native_mu_);
      if (native_stopping_) {
        lock.unlock();
        return fail(pending, errors::service_exception());
      }
      const auto& function = pending.request.function;
      auto& f = natives_[function->config.name];
      if (!f.function || f.function->id != function->id ||
          f.function->config.last_modified_ms <= function->config.last_modified_ms)
        f.function = function;
      if (f.stream.empty()) f.stream = new_stream_name();
      if (!pending.request.asynchronous && f.function->reserved_concurrency &&
          f.running >= *f.function->reserved_concurrency) {
        lock.unlock();
        return fail(pending, throttled());
      }
      if (pending.request.asynchronous) {
        // Accepted: the caller has its 202; outcomes are retried and logged.
        accepted = std::move(pending.done);
        pending.done = [](InvokeResult) {};
        wrap_async(pending);
      }
      f.waiting.push_back(std::move(pending));
      ready = runnable(f);
    }
    if (accepted) accepted(InvokeResult{});
    for (auto& start : ready) run_native(std::move(start));
  }

  // Takes the waiting invocations that have a slot now. Under native_mu_.
  std::vector<NativeStart> runnable(NativeFunction& f) {
    std::vector<NativeStart> ready;
    int limit = f.function->reserved_concurrency.value_or(options_.default_concurrency);
    while (!f.waiting.empty() && f.running < limit && !native_stopping_) {
      ++f.running;
      ready.push_back(NativeStart{std::move(f.waiting.front()), f.stream, !f.slow});
      f.waiting.pop_front();
      ready.back().pending.request.function = f.function;
    }
    return ready;
  }

  // A handler returned after `took`: its slot goes to the next waiting invocation.
  void native_finished(const std::string& name, Clock::duration took) {
    std::vector<NativeStart> ready;
    {
      std::lock_guard lock(native_mu_);
      auto it = natives_.find(name);
      if (it == natives_.end()) return;
      --it->second.running;
      if (took > kSlow)
        it->second.slow = true;
      else if (took < kQuick)
        it->second.slow = false;
      ready = runnable(it->second);
    }
    for (auto& start : ready) run_native(std::move(start));
  }

  // One invocation of an in-process handler, its slot taken. The handler
  // runs on this thread (inline work) or a worker thread; whichever comes
  // first, its answer (on that thread) or the timeout (on the deadlines'
  // thread), completes the invocation (a thread cannot be killed: a timed-out
  // handler keeps its thread, and its concurrency slot, until it returns).
  struct NativeRun {
    std::mutex mu;
    bool claimed = false;   // the answer or the timeout is completing it
    bool finished = false;  // completed: the handler's later lines are dropped
    std::vector<LogLine> lines;  // not yet published
    std::string tail;
  };

  void run_native(NativeStart start) {
    Pending pending = std::move(start.pending);
    auto run = std::make_shared<NativeRun>();
    auto claim = [run] {
      std::lock_guard lock(run->mu);
      return !std::exchange(run->claimed, true);
    };
    auto function = pending.request.function;
    const auto& config = function->config;
    std::string group = config.logging.log_group, stream = std::move(start.stream);
    std::string id = pending.request.request_id;
    bool tail = pending.request.tail;
    auto log = [run, config_name = config.name, tail](std::string line) {
      std::lock_guard lock(run->mu);
      if (run->finished) return;
      spdlog::info("[lambda {}] {}", config_name, line);
      if (tail) {
        run->tail += line;
        run->tail += '\n';
      }
      run->lines.push_back(LogLine{epoch_ms(), std::move(line) + "\n"});
    };
    auto started = Clock::now();
    auto publish = [this, run, group, stream] {
      std::vector<LogLine> lines;
      {
        std::lock_guard lock(run->mu);
        lines.swap(run->lines);
      }
      if (!lines.empty() && options_.publish) options_.publish(group, stream, std::move(lines));
    };
    // Ends the invocation, once claimed.
    auto complete = [run, id, started, tail, publish, log, memory = config.memory_size](
                        Pending& p, std::string payload, bool failed,
                        std::optional<std::string> last_line,
                        std::optional<native::Json> document = std::nullopt) {
      if (last_line) log(*last_line);
      log("END RequestId: " + id);
      double ms = std::chrono::duration<double, std::milli>(Clock::now() - started).count();
      log(report_line(id, ms, memory, own_peak_rss_mb(), -1));
      InvokeResult result;
      result.payload = std::move(payload);
      result.document = std::move(document);
      if (failed) result.function_error = "Unhandled";
      {
        std::lock_guard lock(run->mu);
        run->finished = true;
        if (tail)
          result.log_tail = run->tail.size() > kLogTailBytes
                                ? run->tail.substr(run->tail.size() - kLogTailBytes)
                                : run->tail;
      }
      publish();
      p.done(std::move(result));
    };

    log("START RequestId: " + id + " Version: " + model::kLatest);
    auto shared = std::make_shared<Pending>(std::move(pending));
    auto deadline = deadlines_.after(std::chrono::seconds(config.timeout), [shared, claim, complete,
                                                                             id, timeout =
                                                                                     config.timeout] {
      if (!claim()) return;
      std::string text = timed_out_text(timeout);
      complete(*shared, error_document("Sandbox.Timedout", "RequestId: " + id + " Error: " + text),
               true, iso_time(epoch_ms()) + " " + id + " " + text);
    });

    native::Context context;
    context.function_name = config.name;
    context.invoked_function_arn =
        "arn:aws:lambda:" + options_.region + ":" + options_.account_id + ":function:" + config.name;
    context.aws_request_id = id;
    context.log_group_name = group;
    context.log_stream_name = stream;
    context.memory_limit_mb = config.memory_size;
    context.deadline = started + std::chrono::seconds(config.timeout);
    context.write_log = log;
    if (options_.call_service)
      context.caller = [call = options_.call_service, deadline = context.deadline](
                           std::string_view target, const native::Json& request) {
        return call(target, request, deadline);
      };
    std::string handler_name = config.handler, name = config.name;
    auto job = [this, shared, claim, complete, deadline, handler_name, name,
                context = std::move(context)]() mutable {
      auto began = Clock::now();
      std::string payload;
      std::optional<native::Json> document;
      bool failed = true;
      const native::Handler* handler = native::find_handler(handler_name);
      try {
        if (!handler)
          throw native::Error("Runtime.HandlerNotFound",
                              handler_name + " is not a localcloud.cpp handler of this build");
        const auto& request = shared->request;
        native::Json parsed;
        if (!request.event) parsed = native::Json::parse(request.payload);
        native::Json response = (*handler)(request.event ? *request.event : parsed, context);
        if (request.document_response && native::same_as_text(response))
          document = std::move(response);
        else
          payload = response.dump();
        failed = false;
      } catch (const native::Error& e) {
        payload = error_document(e.type(), e.what());
      } catch (const nlohmann::json::exception& e) {
        payload = error_document("Runtime.JsonError", e.what());
      } catch (const std::exception& e) {
        payload = error_document("Error", e.what());
      } catch (...) {
        payload = error_document("Error", "unknown exception");
      }
      if (failed)
        context.log("Invoke Error \t" + payload, "ERROR");
      deadlines_.cancel(deadline);
      bool answer = claim();
      // The handler has returned: its slot is free before its answer goes
      // out, or a caller's next request could find it taken (a 429 at
      // exactly the reserved concurrency).
      native_finished(name, Clock::now() - began);
      if (answer) complete(*shared, std::move(payload), failed, std::nullopt, std::move(document));
    };
    if (start.may_run_inline && inline_work::available()) {
      inline_work::Section busy;
      job();
    } else {
      net::post(workers_, std::move(job));
    }
  }

  Environment::Hooks hooks() {
    Environment::Hooks h;
    h.ready = [this](Environment& e) {
      auto it = pools_.find(e.function()->config.name);
      if (it != pools_.end()) dispatch(*it->second);
    };
    h.gone = [this](Environment& e) {
      auto it = pools_.find(e.function()->config.name);
      if (it == pools_.end()) return;
      std::erase_if(it->second->environments, [&e](const auto& p) { return p.get() == &e; });
      dispatch(*it->second);
    };
    h.requeue = [this](Environment& e, Pending pending) {
      auto it = pools_.find(e.function()->config.name);
      if (stopping_ || it == pools_.end()) return fail(pending, errors::service_exception());
      it->second->waiting.push_front(std::move(pending));  // it was first in line
      dispatch(*it->second);
    };
    return h;
  }

  void fail(Pending& pending, AwsError error) {
    InvokeResult result;
    result.error = std::move(error);
    pending.done(std::move(result));
  }

  void reap_later() {
    auto every = std::min<std::chrono::milliseconds>(options_.idle_timeout / 2,
                                                     std::chrono::seconds(10));
    reaper_.expires_after(std::max(every, std::chrono::milliseconds(10)));
    reaper_.async_wait([this](boost::system::error_code ec) {
      if (ec || stopping_) return;
      auto now = Clock::now();
      for (auto& [name, pool] : pools_)
        for (const auto& e : pool->environments)
          if (e->idle() && now - e->idle_since() >= options_.idle_timeout) e->retire();
      reap_later();
    });
  }

  InvokerOptions options_;
  net::io_context ioc_;
  net::executor_work_guard<net::io_context::executor_type> work_;
  net::steady_timer reaper_;
  std::string node_;
  std::string python_shim_;
  std::optional<std::string> python_;

  // The interpreter python3 on PATH really is: version managers put shell
  // shims there that cost ~100 ms per start. Asked once, when first needed.
  const std::string& python() {
    if (python_) return *python_;
    python_ = python_shim_;
    if (python_shim_.empty()) return *python_;
    std::string command = "'" + python_shim_ + "' -c 'import sys; print(sys.executable)' 2>/dev/null";
    if (FILE* pipe = popen(command.c_str(), "r")) {
      char line[4096];
      if (fgets(line, sizeof line, pipe)) {
        std::string real(line);
        while (!real.empty() && (real.back() == '\n' || real.back() == '\r')) real.pop_back();
        if (!real.empty() && access(real.c_str(), X_OK) == 0) python_ = real;
      }
      pclose(pipe);
    }
    return *python_;
  }
  std::map<std::string, std::unique_ptr<Pool>> pools_;
  std::mutex native_mu_;  // guards natives_ and native_stopping_
  std::map<std::string, NativeFunction> natives_;
  bool native_stopping_ = false;
  Deadlines deadlines_;  // in-process handlers' timeouts
  std::vector<std::shared_ptr<net::steady_timer>> retry_timers_;
  bool stopping_ = false;
  std::once_flag stopped_;
  net::thread_pool workers_;
  std::thread thread_;
};

Invoker::Invoker(InvokerOptions options) : impl_(std::make_unique<Impl>(std::move(options))) {}
Invoker::~Invoker() = default;
void Invoker::invoke(InvokeRequest request, InvokeDone done) {
  impl_->invoke(std::move(request), std::move(done));
}
void Invoker::retire(std::string function_name) { impl_->retire(std::move(function_name)); }
void Invoker::stop() { impl_->stop(); }

}  // namespace localcloud::lambda::invoke
