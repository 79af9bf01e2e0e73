// lc-loadgen: a closed-loop HTTP/1.1 keep-alive load generator. Each of N connections
// keeps exactly one request in flight, so the throughput is what the server sustains at
// concurrency N and latencies are never inflated by queueing inside the client. It prints
// one JSON line of results (bench/README.md explains the fields).
//
// Each worker thread runs an epoll loop of its own over its connections. A connection
// writes its request and reads only once epoll reports the answer: a request costs one
// write and, mostly, one read. (An event library that tries a read before it waits, as
// Asio does, pays a third call that finds nothing; on a 2-core machine the client's CPU
// is taken from the server it measures.)
#include <netdb.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <boost/beast/core/flat_buffer.hpp>
#include <cerrno>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <iterator>
#include <memory>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "loadgen_options.h"
#include "common.h"
#include "status_parser.h"

namespace lcbench {
namespace {

using ErrorCode = boost::beast::error_code;

// A refused connect is retried after this pause so a dead server does not spin a core.
constexpr auto kConnectBackoff = std::chrono::milliseconds(10);
// The longest a worker sleeps in epoll_wait: how late it may notice the end of the run.
constexpr int kMaxWaitMs = 10;
// What one read may take at once: a Scan page of ~100 items in a few reads.
constexpr size_t kReadChunk = 64 * 1024;

// What every connection shares; only next_request changes during the run.
struct Run {
  std::vector<std::string> requests;
  bool head_requests = false;  // HEAD responses announce a body they do not carry
  std::string error_header;    // a 2xx answer with this field is an error; "" for none
  sockaddr_storage address{};
  socklen_t address_size = 0;
  Window window;
  std::atomic<uint64_t> next_request{0};
};

struct Worker;

class Connection {
 public:
  Connection(Run& run, Worker& worker) : run_(run), worker_(worker) {}
  ~Connection() { close_socket(); }

  void start() { connect(); }
  // Called by the worker when epoll reports this connection's socket ready.
  void on_ready();
  // Called by the worker when a backoff pause may be over.
  void retry_if_due(Clock::time_point now) {
    if (state_ == State::kBackoff && now >= retry_at_) connect();
  }
  bool waiting_to_retry() const { return state_ == State::kBackoff; }
  Clock::time_point retry_at() const { return retry_at_; }

 private:
  enum class State { kBackoff, kConnecting, kWriting, kReading };

  bool measuring(Clock::time_point now) const {
    return run_.window.contains(now);
  }

  void connect();
  void send();
  void write_more();
  void read_answer();
  void on_answer(Clock::time_point now);
  void fail(const std::string& what, Clock::duration backoff);
  void record_error(std::string what);
  void watch(uint32_t events);
  void close_socket();

  Run& run_;
  Worker& worker_;
  int fd_ = -1;
  State state_ = State::kBackoff;
  uint32_t watched_ = 0;  // the epoll events registered for fd_; 0: not registered
  const std::string* request_ = nullptr;
  size_t written_ = 0;
  boost::beast::flat_buffer buffer_;
  std::optional<StatusParser> parser_;  // a parser reads one message; emplaced per request
  Clock::time_point sent_at_;
  Clock::time_point retry_at_;
};

// One thread and its epoll set. Its counters are written only from that thread and read
// after join.
struct Worker {
  int epoll_fd = -1;
  std::vector<std::unique_ptr<Connection>> connections;
  std::vector<uint64_t> latencies_ns;  // 2xx answers in the window
  uint64_t errors = 0;
  uint64_t reconnects = 0;
  std::string first_error;
  bool retry_pending = false;  // some connection waits to connect again

  Worker() : epoll_fd(epoll_create1(EPOLL_CLOEXEC)) {}
  ~Worker() {
    connections.clear();  // they close their sockets first
    if (epoll_fd >= 0) ::close(epoll_fd);
  }

  void run(const Run& run) {
    for (auto& connection : connections) connection->start();
    epoll_event events[256];
    for (;;) {
      auto now = Clock::now();
      if (now >= run.window.end) break;
      auto wake = std::min(run.window.end, now + std::chrono::milliseconds(kMaxWaitMs));
      if (retry_pending) {
        retry_pending = false;
        for (auto& connection : connections) {
          if (!connection->waiting_to_retry()) continue;
          connection->retry_if_due(now);
          if (connection->waiting_to_retry()) {
            retry_pending = true;
            wake = std::min(wake, connection->retry_at());
          }
        }
      }
      auto wait = std::chrono::ceil<std::chrono::milliseconds>(wake - now);
      int n = epoll_wait(epoll_fd, events, static_cast<int>(std::size(events)),
                         static_cast<int>(std::max<int64_t>(0, wait.count())));
      for (int i = 0; i < n; ++i) static_cast<Connection*>(events[i].data.ptr)->on_ready();
    }
  }
};

void Connection::close_socket() {
  if (fd_ >= 0) ::close(fd_);  // leaves the epoll set with it
  fd_ = -1;
  watched_ = 0;
}

void Connection::watch(uint32_t events) {
  if (events == watched_) return;
  epoll_event ev{};
  ev.events = events;
  ev.data.ptr = this;
  epoll_ctl(worker_.epoll_fd, watched_ == 0 ? EPOLL_CTL_ADD : EPOLL_CTL_MOD, fd_, &ev);
  watched_ = events;
}

void Connection::connect() {
  close_socket();
  fd_ = ::socket(run_.address.ss_family, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
  if (fd_ < 0) return fail(std::string("socket: ") + std::strerror(errno), kConnectBackoff);
  // Every request goes out in one write, but the server's view must not depend on it.
  int one = 1;
  setsockopt(fd_, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
  if (::connect(fd_, reinterpret_cast<const sockaddr*>(&run_.address), run_.address_size) == 0)
    return send();
  if (errno != EINPROGRESS)
    return fail(std::string("connect: ") + std::strerror(errno), kConnectBackoff);
  state_ = State::kConnecting;
  watch(EPOLLOUT);
}

void Connection::send() {
  auto index = run_.next_request.fetch_add(1, std::memory_order_relaxed);
  request_ = &run_.requests[index % run_.requests.size()];
  written_ = 0;
  parser_.emplace(run_.error_header);
  parser_->eager(true);
  if (run_.head_requests) parser_->skip(true);
  sent_at_ = Clock::now();
  state_ = State::kWriting;
  write_more();
}

void Connection::write_more() {
  while (written_ < request_->size()) {
    ssize_t n = ::send(fd_, request_->data() + written_, request_->size() - written_, MSG_NOSIGNAL);
    if (n > 0) {
      written_ += static_cast<size_t>(n);
    } else if (n < 0 && errno == EINTR) {
      continue;
    } else if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) {
      return watch(EPOLLOUT);
    } else {
      return fail(std::string("write: ") + std::strerror(errno), {});
    }
  }
  state_ = State::kReading;
  watch(EPOLLIN);
}

void Connection::on_ready() {
  switch (state_) {
    case State::kConnecting: {
      int error = 0;
      socklen_t size = sizeof error;
      getsockopt(fd_, SOL_SOCKET, SO_ERROR, &error, &size);
      if (error != 0) return fail(std::string("connect: ") + std::strerror(error), kConnectBackoff);
      return send();
    }
    case State::kWriting:
      return write_more();
    case State::kReading:
      return read_answer();
    case State::kBackoff:
      return;
  }
}

void Connection::read_answer() {
  auto space = buffer_.prepare(kReadChunk);
  ssize_t n = ::recv(fd_, space.data(), space.size(), 0);
  if (n < 0) {
    if (errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR) return;
    return fail(std::string("read: ") + std::strerror(errno), {});
  }
  ErrorCode ec;
  if (n == 0) {
    parser_->put_eof(ec);
    if (ec || !parser_->is_done()) return fail("read: end of stream", {});
    return on_answer(Clock::now());
  }
  buffer_.commit(static_cast<size_t>(n));
  while (buffer_.size() > 0 && !parser_->is_done()) {
    size_t used = parser_->put(buffer_.data(), ec);
    buffer_.consume(used);
    if (ec == boost::beast::http::error::need_more) return;  // the rest is on its way
    if (ec) return fail("read: " + ec.message(), {});
  }
  if (parser_->is_done()) on_answer(Clock::now());
}

void Connection::on_answer(Clock::time_point now) {
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
  buffer_.clear();
  ++worker_.reconnects;
  connect();
}

// Closes the connection and has the worker connect it again after `backoff` (at its
// next turn when zero: never from inside this call, so a server that fails every
// connection at once cannot recurse the client into the ground).
void Connection::fail(const std::string& what, Clock::duration backoff) {
  auto now = Clock::now();
  if (measuring(now)) record_error(what);
  close_socket();
  buffer_.clear();
  ++worker_.reconnects;
  state_ = State::kBackoff;
  retry_at_ = now + backoff;
  worker_.retry_pending = true;
}

void Connection::record_error(std::string what) {
  ++worker_.errors;
  if (worker_.first_error.empty()) worker_.first_error = std::move(what);
}

// Resolves host:port into run's address; false (having said why) if it cannot.
bool resolve(const LoadgenOptions& options, Run& run) {
  addrinfo hints{};
  hints.ai_socktype = SOCK_STREAM;
  addrinfo* found = nullptr;
  int rc = getaddrinfo(options.host.c_str(), options.port.c_str(), &hints, &found);
  if (rc != 0 || !found) {
    std::fprintf(stderr, "lc-loadgen: cannot resolve %s:%s: %s\n", options.host.c_str(),
                 options.port.c_str(), gai_strerror(rc));
    return false;
  }
  std::memcpy(&run.address, found->ai_addr, found->ai_addrlen);
  run.address_size = found->ai_addrlen;
  freeaddrinfo(found);
  return true;
}

int run_load(const LoadgenOptions& options) {
  Run run;
  try {
    run.requests = build_requests(options);
  } catch (const std::exception& e) {
    std::fprintf(stderr, "lc-loadgen: %s\n", e.what());
    return 2;
  }
  if (!resolve(options, run)) return 2;
  run.head_requests = options.method == "HEAD";
  run.error_header = options.error_header;

  std::vector<std::unique_ptr<Worker>> workers;
  for (int i = 0; i < options.threads; ++i) {
    workers.push_back(std::make_unique<Worker>());
    if (workers.back()->epoll_fd < 0) {
      std::perror("lc-loadgen: epoll_create1");
      return 2;
    }
  }
  for (int i = 0; i < options.connections; ++i) {
    Worker& worker = *workers[i % options.threads];
    worker.connections.push_back(std::make_unique<Connection>(run, worker));
  }
  run.window = Window::after_warmup(options.warmup_s, options.duration_s);
  for (auto& worker : workers) worker->latencies_ns.reserve(1 << 16);

  std::vector<std::thread> threads;
  for (auto& worker : workers) threads.emplace_back([&w = *worker, &run] { w.run(run); });
  double cpu_used = cpu_over(run.window);
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
      json_escape(options.name).c_str(), options.connections, options.threads, options.duration_s,
      latencies.size(), static_cast<unsigned long long>(errors),
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
