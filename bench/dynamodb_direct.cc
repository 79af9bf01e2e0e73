// lc-dynamodb-direct: localcloud's DynamoDB service driven in-process, without HTTP or
// sockets: the same requests lc-loadgen sends, handed to the service as the server's
// router hands them, on a data directory a localcloud server prepared (and has left).
// Its throughput and CPU per request are DynamoDB's own cost (JSON, validation, storage,
// group commit, checkpoints), the part of a localcloud answer that the HTTP ceiling
// (lc-fixed-server) does not measure. Run against the same data as a localcloud server,
// the difference between the two is what the network path costs.
//
// Like the server, a few threads (--threads, the server's request threads) keep all the
// requests in flight (--clients): each thread issues its share, and answers come back to
// the thread that issued them through a queue of its own, as they come back to a
// connection's thread in the server. It prints one JSON line of results, in lc-loadgen's
// fields (bench/README.md), with the process's CPU as server_cpu_pct.
#include <algorithm>
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdio>
#include <cstdlib>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

#include "localcloud/dynamodb/service.h"
#include "localcloud/sqlite/store.h"
#include "common.h"

namespace lcbench {
namespace {

namespace http = localcloud::http;

struct Options {
  std::string data_dir;
  std::string operation;  // PutItem, GetItem, ...
  std::string bodies_file;
  int clients = 16;
  int threads = 2;
  double duration_s = 5;
  double warmup_s = 1;
  std::string name = "direct";
};

void usage() {
  std::fprintf(stderr,
               "usage: lc-dynamodb-direct --data-dir DIR --operation OP --bodies-file FILE\n"
               "       [--clients N] [--threads N] [--duration S] [--warmup S] [--name NAME]\n");
}

// A whole-string number, so that a typo is an error and not a zero.
bool number(const char* text, double& out) {
  char* end = nullptr;
  out = std::strtod(text, &end);
  return end != text && *end == '\0';
}

bool parse(int argc, char** argv, Options& o) {
  for (int i = 1; i < argc; ++i) {
    std::string_view flag = argv[i];
    if (i + 1 >= argc) return false;
    const char* value = argv[++i];
    if (flag == "--data-dir") {
      o.data_dir = value;
    } else if (flag == "--operation") {
      o.operation = value;
    } else if (flag == "--bodies-file") {
      o.bodies_file = value;
    } else if (flag == "--clients" || flag == "--threads") {
      double n = 0;
      if (!number(value, n) || n != static_cast<int>(n)) return false;
      (flag == "--clients" ? o.clients : o.threads) = static_cast<int>(n);
    } else if (flag == "--duration") {
      if (!number(value, o.duration_s)) return false;
    } else if (flag == "--warmup") {
      if (!number(value, o.warmup_s)) return false;
    } else if (flag == "--name") {
      o.name = value;
    } else {
      return false;
    }
  }
  return !o.data_dir.empty() && !o.operation.empty() && !o.bodies_file.empty() &&
         o.clients > 0 && o.threads > 0 && o.threads <= o.clients && o.duration_s > 0 &&
         o.warmup_s >= 0;
}

struct Run {
  http::Service* service = nullptr;
  http::Request prototype;  // every request, less its body
  std::vector<std::string> bodies;
  std::atomic<uint64_t> next_body{0};
  Window window;
};

// One issuing thread and the requests it keeps in flight.
class Lane {
 public:
  Lane(Run& run, int slots) : run_(run), sent_at_(static_cast<size_t>(slots)) {}

  void loop() {
    for (size_t slot = 0; slot < sent_at_.size(); ++slot) issue(slot);
    std::vector<Answer> answers;
    for (;;) {
      {
        std::unique_lock lock(mu_);
        cv_.wait(lock, [this] { return !done_.empty(); });
        answers.swap(done_);
      }
      for (const Answer& a : answers) {
        if (run_.window.contains(a.at)) {
          if (a.status >= 200 && a.status < 300) {
            latencies_ns_.push_back(
                std::chrono::duration_cast<std::chrono::nanoseconds>(a.at - sent_at_[a.slot])
                    .count());
          } else if (errors_++ == 0) {
            first_error_ = a.error;
          }
        }
      }
      for (const Answer& a : answers) {
        if (a.at >= run_.window.end) {
          ++finished_;
        } else {
          issue(a.slot);
        }
      }
      answers.clear();
      if (finished_ == sent_at_.size()) return;
    }
  }

  const std::vector<uint64_t>& latencies() const { return latencies_ns_; }
  uint64_t errors() const { return errors_; }
  const std::string& first_error() const { return first_error_; }

 private:
  struct Answer {
    size_t slot;
    int status;
    Clock::time_point at;
    std::string error;
  };

  void issue(size_t slot) {
    http::Request request = run_.prototype;
    auto index = run_.next_body.fetch_add(1, std::memory_order_relaxed);
    request.body = run_.bodies[index % run_.bodies.size()];
    sent_at_[slot] = Clock::now();
    run_.service->handle(std::move(request), [this, slot](http::Response response) {
      Answer answer{slot, response.status, Clock::now(), {}};
      if (response.status >= 300) answer.error = response.body.substr(0, 200);
      {
        std::lock_guard lock(mu_);
        done_.push_back(std::move(answer));
      }
      cv_.notify_one();
    });
  }

  Run& run_;
  std::vector<Clock::time_point> sent_at_;
  std::mutex mu_;
  std::condition_variable cv_;
  std::vector<Answer> done_;
  size_t finished_ = 0;
  std::vector<uint64_t> latencies_ns_;
  uint64_t errors_ = 0;
  std::string first_error_;
};

int run_direct(const Options& options) {
  Run run;
  run.prototype.method = "POST";
  run.prototype.target = "/";
  run.prototype.internal = true;
  run.prototype.headers.add("X-Amz-Target", "DynamoDB_20120810." + options.operation);
  run.prototype.headers.add("Content-Type", "application/x-amz-json-1.0");
  run.bodies = read_bodies(options.bodies_file);
  localcloud::sqlite::StoreOptions store_options;
  store_options.data_dir = options.data_dir;
  auto store = localcloud::sqlite::Store::open(store_options);
  auto service = localcloud::dynamodb::make_service(*store);
  run.service = service.get();

  std::vector<std::unique_ptr<Lane>> lanes;
  for (int i = 0; i < options.threads; ++i) {
    int slots = options.clients / options.threads + (i < options.clients % options.threads);
    lanes.push_back(std::make_unique<Lane>(run, slots));
  }
  run.window = Window::after_warmup(options.warmup_s, options.duration_s);
  uint64_t commits_before = store->commits(), jobs_before = store->committed_jobs();
  std::vector<std::thread> threads;
  for (auto& lane : lanes) threads.emplace_back([&lane] { lane->loop(); });
  double cpu_used = cpu_over(run.window);
  for (auto& thread : threads) thread.join();
  // Write jobs per group commit, warm-up included: how well writes batch.
  uint64_t commits = store->commits() - commits_before;
  double jobs_per_commit =
      commits ? static_cast<double>(store->committed_jobs() - jobs_before) / commits : 0;

  std::vector<uint64_t> latencies;
  uint64_t errors = 0;
  std::string first_error;
  for (auto& lane : lanes) {
    latencies.insert(latencies.end(), lane->latencies().begin(), lane->latencies().end());
    errors += lane->errors();
    if (first_error.empty()) first_error = lane->first_error();
  }
  std::sort(latencies.begin(), latencies.end());
  double ops = static_cast<double>(latencies.size()) / options.duration_s;
  std::printf(
      "{\"name\":\"%s\",\"connections\":%d,\"threads\":%d,\"duration_s\":%.1f,"
      "\"requests\":%zu,\"errors\":%llu,\"ops_per_s\":%.0f,\"p50_us\":%.1f,\"p99_us\":%.1f,"
      "\"server_cpu_pct\":%.1f,\"server_cpu_us_per_op\":%.1f,\"jobs_per_commit\":%.1f}\n",
      json_escape(options.name).c_str(), options.clients, options.threads, options.duration_s,
      latencies.size(), static_cast<unsigned long long>(errors), ops,
      percentile_us(latencies, 50), percentile_us(latencies, 99),
      cpu_used / options.duration_s * 100.0,
      ops > 0 ? cpu_used / options.duration_s / ops * 1e6 : 0, jobs_per_commit);
  std::fflush(stdout);
  if (errors > 0)
    std::fprintf(stderr, "lc-dynamodb-direct: %llu errors, the first: %s\n",
                 static_cast<unsigned long long>(errors), first_error.c_str());
  service->stop();
  return latencies.empty() ? 1 : 0;
}

}  // namespace
}  // namespace lcbench

int main(int argc, char** argv) {
  lcbench::Options options;
  if (!lcbench::parse(argc, argv, options)) {
    lcbench::usage();
    return 2;
  }
  try {
    return lcbench::run_direct(options);
  } catch (const std::exception& e) {
    std::fprintf(stderr, "lc-dynamodb-direct: %s\n", e.what());
    return 2;
  }
}
