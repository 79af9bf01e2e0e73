// lc-loadgen: a closed-loop HTTP/1.1 keep-alive load generator. Each of N connections
// keeps exactly one request in flight, so the throughput is what the server sustains at
// concurrency N and latencies are never inflated by queueing inside the client. It prints
// one JSON line of results (bench/README.md explains the fields).
#include <sys/resource.h>

#include <algorithm>
#include <atomic>
#include <boost/asio/connect.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/http/read.hpp>
#include <chrono>
#include <cstdio>
#include <memory>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "loadgen_options.h"
#include "status_parser.h"

namespace lcbench {
namespace {

namespace net = boost::asio;
namespace http = boost::beast::http;
using tcp = net::ip::tcp;
using Clock = std::chrono::steady_clock;
using ErrorCode = boost::system::error_code;

// A refused connect is retried after this pause so a dead server does not spin a core.
constexpr auto kConnectBackoff = std::chrono::milliseconds(10);

// What every connection shares; only next_request changes during the run.
struct Run {
  std::vector<std::string> requests;
  bool head_requests = false;  // HEAD responses announce a body they do not carry
  std::string error_header;    // a 2xx answer with this field is an error; "" for none
  tcp::endpoint endpoint;
  Clock::time_point measure_start;
  Clock::time_point measure_end;
  std::atomic<uint64_t> next_request{0};
};

class Connection;

// One io thread. Its counters are written only from that thread and read after join.
struct Worker {
  net::io_context ioc{1};
  std::vector<std::unique_ptr<Connection>> connections;  // after ioc: destroyed first
  std::vector<uint64_t> latencies_ns;                    // 2xx answers in the window
  uint64_t errors = 0;
  uint64_t reconnects = 0;
  std::string first_error;
};

class Connection {
 public:
  Connection(Run& run, Worker& worker)
      : run_(run), worker_(worker), socket_(worker.ioc), backoff_(worker.ioc) {}

  void start() { connect(); }

  // Runs on the worker's thread at the end: aborts whatever is still in flight.
  void stop() {
    stopped_ = true;
    backoff_.cancel();
    ErrorCode ignored;
    socket_.close(ignored);
  }

 private:
  bool finished(Clock::time_point now) const { return stopped_ || now >= run_.measure_end; }
  bool measuring(Clock::time_point now) const {
    return now >= run_.measure_start && now < run_.measure_end;
  }

  void connect() {
    socket_.async_connect(run_.endpoint, [this](ErrorCode ec) { on_connect(ec); });
  }

  void on_connect(ErrorCode ec) {
    if (ec) return fail(ec, "connect", kConnectBackoff);
    // Every request goes out in one write, but the server's view must not depend on it.
    socket_.set_option(tcp::no_delay(true), ec);
    send();
  }

  void send() {
    auto now = Clock::now();
    if (finished(now)) return stop();
    auto index = run_.next_request.fetch_add(1, std::memory_order_relaxed);
    const std::string& request = run_.requests[index % run_.requests.size()];
    sent_at_ = now;
    net::async_write(socket_, net::buffer(request),
                     [this](ErrorCode ec, std::size_t) { on_write(ec); });
  }

  void on_write(ErrorCode ec) {
    if (ec) return fail(ec, "write", {});
    parser_.emplace(run_.error_header);
    if (run_.head_requests) parser_->skip(true);
    http::async_read(socket_, buffer_, *parser_,
                     [this](ErrorCode ec, std::size_t) { on_read(ec); });
  }

  void on_read(ErrorCode ec) {
    if (ec) return fail(ec, "read", {});
    auto now = Clock::now();
    int status = parser_->status();
    if (measuring(now)) {
      if (status >= 200 && status < 300 && parser_->has_flag()) {
        record_error("HTTP " + std::to_string(status) + " with " + run_.error_header);
      } else if (status >= 200 && status < 300) {
        worker_.latencies_ns.push_back(
            std::chrono::duration_cast<std::chrono::nanoseconds>(now - sent_at_).count());
      } else {
        record_error("HTTP " + std::to_string(status));
      }
    }
    if (parser_->keep_alive()) return send();
    reconnect({});
  }

  void fail(ErrorCode ec, const char* what, Clock::duration backoff) {
    if (stopped_) return;
    if (measuring(Clock::now())) record_error(std::string(what) + ": " + ec.message());
    reconnect(backoff);
  }

  void record_error(std::string what) {
    ++worker_.errors;
    if (worker_.first_error.empty()) worker_.first_error = std::move(what);
  }

  void reconnect(Clock::duration backoff) {
    ErrorCode ignored;
    socket_.close(ignored);
    buffer_.clear();
    if (finished(Clock::now())) return;
    ++worker_.reconnects;
    if (backoff == Clock::duration::zero()) return connect();
    backoff_.expires_after(backoff);
    backoff_.async_wait([this](ErrorCode ec) {
      if (!ec && !finished(Clock::now())) connect();
    });
  }

  Run& run_;
  Worker& worker_;
  tcp::socket socket_;
  net::steady_timer backoff_;
  boost::beast::flat_buffer buffer_;
  std::optional<StatusParser> parser_;  // a parser reads one message; emplaced per request
  Clock::time_point sent_at_;
  bool stopped_ = false;
};

double cpu_seconds() {
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  auto seconds = [](const timeval& t) { return t.tv_sec + t.tv_usec / 1e6; };
  return seconds(usage.ru_utime) + seconds(usage.ru_stime);
}

std::string json_escape(const std::string& text) {
  std::string out;
  for (char c : text) {
    if (c == '"' || c == '\\') out += '\\';
    if (static_cast<unsigned char>(c) < 0x20) continue;
    out += c;
  }
  return out;
}

// Nearest-rank percentile of sorted nanoseconds, in microseconds.
double percentile_us(const std::vector<uint64_t>& sorted, double p) {
  if (sorted.empty()) return 0;
  auto rank = static_cast<size_t>(p / 100.0 * static_cast<double>(sorted.size()));
  return static_cast<double>(sorted[std::min(rank, sorted.size() - 1)]) / 1000.0;
}

int run_load(const LoadgenOptions& options) {
  Run run;
  try {
    run.requests = build_requests(options);
    net::io_context resolver_context;
    tcp::resolver resolver(resolver_context);
    run.endpoint = resolver.resolve(options.host, options.port).begin()->endpoint();
  } catch (const std::exception& e) {
    std::fprintf(stderr, "lc-loadgen: %s\n", e.what());
    return 2;
  }
  run.head_requests = options.method == "HEAD";
  run.error_header = options.error_header;

  std::vector<std::unique_ptr<Worker>> workers;
  for (int i = 0; i < options.threads; ++i) workers.push_back(std::make_unique<Worker>());
  for (int i = 0; i < options.connections; ++i) {
    Worker& worker = *workers[i % options.threads];
    worker.connections.push_back(std::make_unique<Connection>(run, worker));
  }
  using Seconds = std::chrono::duration<double>;
  auto start = Clock::now();
  run.measure_start = start + std::chrono::duration_cast<Clock::duration>(Seconds(options.warmup_s));
  run.measure_end =
      run.measure_start + std::chrono::duration_cast<Clock::duration>(Seconds(options.duration_s));
  for (auto& worker : workers) {
    worker->latencies_ns.reserve(1 << 16);
    for (auto& connection : worker->connections) connection->start();
  }

  std::vector<std::thread> threads;
  for (auto& worker : workers) threads.emplace_back([&w = *worker] { w.ioc.run(); });
  std::this_thread::sleep_until(run.measure_start);
  double cpu_start = cpu_seconds();
  std::this_thread::sleep_until(run.measure_end);
  double cpu_used = cpu_seconds() - cpu_start;
  for (auto& worker : workers) {
    net::post(worker->ioc, [&w = *worker] {
      for (auto& connection : w.connections) connection->stop();
    });
  }
  for (auto& thread : threads) thread.join();

  std::vector<uint64_t> latencies;
  uint64_t errors = 0, reconnects = 0;
  std::string first_error;
  for (auto& worker : workers) {
    latencies.insert(latencies.end(), worker->latencies_ns.begin(), worker->latencies_ns.end());
    errors += worker->errors;
    reconnects += worker->reconnects;
    if (first_error.empty()) first_error = worker->first_error;
  }
  std::sort(latencies.begin(), latencies.end());
  double sum_ns = 0;
  for (auto l : latencies) sum_ns += static_cast<double>(l);

  std::printf(
      "{\"name\":\"%s\",\"connections\":%d,\"threads\":%d,\"duration_s\":%.1f,"
      "\"requests\":%zu,\"errors\":%llu,\"reconnects\":%llu,\"ops_per_s\":%.0f,"
      "\"mean_us\":%.1f,\"p50_us\":%.1f,\"p90_us\":%.1f,\"p99_us\":%.1f,\"max_us\":%.1f,"
      "\"client_cpu_pct\":%.1f}\n",
      json_escape(options.name).c_str(), options.connections, options.threads,
      options.duration_s, latencies.size(), static_cast<unsigned long long>(errors),
      static_cast<unsigned long long>(reconnects),
      static_cast<double>(latencies.size()) / options.duration_s,
      latencies.empty() ? 0.0 : sum_ns / static_cast<double>(latencies.size()) / 1000.0,
      percentile_us(latencies, 50), percentile_us(latencies, 90), percentile_us(latencies, 99),
      percentile_us(latencies, 100), cpu_used / options.duration_s * 100.0);
  std::fflush(stdout);
  if (errors > 0)
    std::fprintf(stderr, "lc-loadgen: %s: %llu errors, the first: %s\n", options.name.c_str(),
                 static_cast<unsigned long long>(errors), first_error.c_str());
  return latencies.empty() ? 1 : 0;
}

}  // namespace
}  // namespace lcbench

int main(int argc, char** argv) {
  auto options = lcbench::parse_loadgen_options(argc, argv);
  if (!options) return 2;
  return lcbench::run_load(*options);
}
