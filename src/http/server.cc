#include "localcloud/http/server.h"

#include <spdlog/spdlog.h>

#include <array>
#include <atomic>
#include <boost/asio/dispatch.hpp>
#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/signal_set.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <mutex>
#include <optional>
#include <pthread.h>
#include <sched.h>
#include <system_error>
#include <thread>
#include <unordered_map>

#include "localcloud/core/aws_error.h"
#include "localcloud/core/ids.h"
#include "localcloud/core/inline_work.h"
#include "localcloud/http/aws_protocol.h"
#include "localcloud/http/response_head.h"

namespace localcloud::http {

namespace beast = boost::beast;
namespace net = boost::asio;
namespace bhttp = boost::beast::http;
using tcp = net::ip::tcp;

class Session;

// One io_context per thread, each run by its thread alone: a connection lives
// on one of them, so its handlers never run concurrently without a strand,
// and a request costs no cross-thread hand-off or wake-up.
//
// A lane's thread may run short blocking work inline (an in-process Lambda
// handler). When that outruns kInlineBudget, a new thread takes the lane
// over and the old one stops serving once its work is done: until then both
// run the io_context, the old one inside the handler of the connection whose
// request it is answering, which no other handler touches meanwhile (the
// connection is waiting for that answer and has no operation pending).
struct Lane {
  std::atomic<int> connections{0};  // sessions living on ioc (they outlive it: declared first)
  net::io_context ioc;  // locking: a relieved thread and its successor may both post to it
};

// What one read of a connection may take at once. Beast reads at most the
// buffer's free capacity (512 bytes while it has none), so without room
// reserved a 700-byte PutItem takes two reads and two trips through the
// reactor; with it, a request of one packet is one read.
constexpr size_t kReadBuffer = 8 * 1024;

constexpr auto kInlineBudget = std::chrono::milliseconds(10);
constexpr auto kInlineTick = std::chrono::milliseconds(5);

// A thread serving a lane.
struct LaneThread : InlineWatch {
  explicit LaneThread(Lane& lane) : lane(lane) { connections = &lane.connections; }
  Lane& lane;
  std::thread thread;
};

namespace {
void serve(LaneThread& me);
}  // namespace

class Server::Impl {
 public:
  Impl(ServerOptions options, Handler& handler)
      : options(std::move(options)),
        handler(handler),
        lanes(make_lanes(std::max(1, this->options.threads))),
        acceptor(lanes[0]->ioc),
        signals(lanes[0]->ioc),
        grace_timer(lanes[0]->ioc),
        sweeper(lanes[0]->ioc) {}

  static std::vector<std::unique_ptr<Lane>> make_lanes(int n) {
    std::vector<std::unique_ptr<Lane>> out;
    for (int i = 0; i < n; ++i) out.push_back(std::make_unique<Lane>());
    return out;
  }
  // The lane the next accepted connection lives on (round-robin).
  Lane& next_lane() { return *lanes[next_lane_index++ % lanes.size()]; }
  void stop_all() {
    for (auto& lane : lanes) lane->ioc.stop();
  }

  // Starts a thread serving `lane` (its first, or the successor of one relieved).
  void start_thread(Lane& lane);
  void join_threads();
  void do_accept();
  void begin_shutdown();
  void sweep();
  void add_session(Session* s, std::weak_ptr<Session> w);
  void remove_session(Session* s);

  // Declared before lanes: sessions destroyed with their pending handlers
  // still unregister themselves here.
  mutable std::mutex sessions_mu;
  std::unordered_map<Session*, std::weak_ptr<Session>> sessions;
  std::atomic<bool> draining{false};
  std::atomic<bool> destroying{false};

  ServerOptions options;
  Handler& handler;
  std::vector<std::unique_ptr<Lane>> lanes;
  size_t next_lane_index = 0;  // used on lanes[0]'s thread only
  tcp::acceptor acceptor;
  net::signal_set signals;
  net::steady_timer grace_timer;
  net::steady_timer sweeper;
  std::function<void()> on_shutdown;
  std::atomic<int> signals_seen{0};
  std::mutex threads_mu;
  std::vector<std::unique_ptr<LaneThread>> threads;  // every one started, until run() ends
  std::optional<InlineWatchdog> watchdog;

  ~Impl() { destroying = true; }
};

namespace {

// Answers one request on a connection that is then closed: used for errors
// found before a request could be handed to a service.
std::string plain_error(int status, std::string_view reason, std::string_view json_body,
                        std::string_view request_id) {
  std::string out = "HTTP/1.1 " + std::to_string(status) + " " + std::string(reason) + "\r\n";
  out += "Content-Type: application/json\r\nConnection: close\r\nx-amzn-RequestId: ";
  out.append(request_id).append("\r\nContent-Length: ").append(std::to_string(json_body.size()));
  out.append("\r\n\r\n").append(json_body);
  return out;
}

int64_t steady_ms() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             std::chrono::steady_clock::now().time_since_epoch())
      .count();
}

}  // namespace

// One connection: reads a request, hands it over, writes the response, and
// only then reads the next, so pipelined requests are answered in order.
// Its socket's io_context is run by one thread: that is its strand.
//
// Timeouts are deadlines the server's sweeper checks twice a second, not
// timers armed per operation: a request costs no timer work at all.
class Session : public std::enable_shared_from_this<Session> {
 public:
  Session(tcp::socket&& socket, Server::Impl& server, Lane& lane)
      : socket_(std::move(socket)), server_(server), lane_(lane) {
    lane_.connections.fetch_add(1, std::memory_order_relaxed);
    beast::error_code ec;
    auto ep = socket_.remote_endpoint(ec);
    if (!ec) remote_ = ep.address().to_string();
    socket_.set_option(tcp::no_delay(true), ec);
    buffer_.reserve(kReadBuffer);
  }

  ~Session() {
    lane_.connections.fetch_sub(1, std::memory_order_relaxed);
    server_.remove_session(this);
  }

  void start() {
    server_.add_session(this, weak_from_this());
    net::dispatch(socket_.get_executor(), [self = shared_from_this()] { self->do_read(); });
  }

  // Shutdown started: an idle connection closes now, a busy one after its
  // current exchange.
  void drain() {
    net::post(socket_.get_executor(), [self = shared_from_this()] {
      if (self->state_ == State::kIdle) self->close();
    });
  }

  // Called by the sweeper: closes the connection if its deadline passed.
  void expire_if_due(int64_t now_ms) {
    if (deadline_ms_.load(std::memory_order_relaxed) > now_ms) return;
    net::post(socket_.get_executor(), [self = shared_from_this(), now_ms] {
      if (self->deadline_ms_.load(std::memory_order_relaxed) <= now_ms) self->close();
    });
  }

 private:
  enum class State { kIdle, kReading, kHandling, kWriting, kClosed };
  static constexpr int64_t kNoDeadline = INT64_MAX;

  void set_deadline(std::chrono::milliseconds from_now) {
    deadline_ms_.store(steady_ms() + from_now.count(), std::memory_order_relaxed);
  }

  void do_read() {
    if (server_.draining) return close();
    parser_.emplace();
    parser_->body_limit(server_.options.body_limit);
    parser_->header_limit(static_cast<std::uint32_t>(server_.options.header_limit));
    continue_sent_ = false;
    header_seen_ = false;
    if (buffer_.size() > 0) {
      // Pipelined bytes are here already: the header clock starts now.
      state_ = State::kReading;
      set_deadline(server_.options.header_timeout);
    } else {
      // A new connection owes its first request at once: one that opens
      // and never sends is a slowloris, not a keep-alive client.
      state_ = State::kIdle;
      set_deadline(served_ == 0 ? server_.options.header_timeout : server_.options.idle_timeout);
    }
    read_some();
  }

  // One parse step per completion: a request that arrives in one packet
  // costs one read.
  void read_some() {
    bhttp::async_read_some(socket_, buffer_, *parser_,
                           [self = shared_from_this()](beast::error_code ec, size_t) {
                             self->on_read(ec);
                           });
  }

  void on_read(beast::error_code ec) {
    if (ec) return on_read_error(ec);
    if (parser_->is_done()) return on_request();
    if (state_ == State::kIdle) {
      state_ = State::kReading;
      set_deadline(server_.options.header_timeout);
    }
    if (parser_->is_header_done() && !header_seen_) {
      header_seen_ = true;
      set_deadline(server_.options.body_timeout);
      auto expect = parser_->get()[bhttp::field::expect];
      if (!continue_sent_ && iequals(std::string_view(expect.data(), expect.size()), "100-continue")) {
        continue_sent_ = true;
        static const std::string kContinue = "HTTP/1.1 100 Continue\r\n\r\n";
        net::async_write(socket_, net::buffer(kContinue),
                         [self = shared_from_this()](beast::error_code ec, size_t) {
                           if (ec) return self->close();
                           self->read_some();
                         });
        return;
      }
    }
    read_some();
  }

  void on_read_error(beast::error_code ec) {
    if (state_ == State::kClosed) return;
    if (ec == bhttp::error::body_limit)
      return write_and_close(413, "Payload Too Large", R"({"message":"Request Too Long"})");
    if (ec == bhttp::error::header_limit)
      return write_and_close(431, "Request Header Fields Too Large",
                             R"({"message":"Request Header Fields Too Large"})");
    if (ec == bhttp::error::end_of_stream || ec == bhttp::error::partial_message ||
        ec == net::error::operation_aborted || ec == net::error::bad_descriptor ||
        ec == net::error::eof || ec == net::error::connection_reset)
      return close();
    // Anything else is a malformed request: say so once, then hang up.
    write_and_close(400, "Bad Request", R"({"message":"Bad Request"})");
  }

  void write_and_close(int status, std::string_view reason, std::string_view body) {
    state_ = State::kWriting;
    set_deadline(server_.options.body_timeout);
    auto text = std::make_shared<std::string>(plain_error(status, reason, body, ids::uuid4()));
    net::async_write(socket_, net::buffer(*text),
                     [self = shared_from_this(), text](beast::error_code ec, size_t) {
                       if (ec) return self->close();
                       self->linger();
                     });
  }

  // After an error answer the client may still be sending (a body over the
  // limit): closing at once would reset the connection and could destroy
  // the answer before the client reads it. So stop sending, then read and
  // drop what arrives, bounded in bytes and time, and close.
  void linger() {
    beast::error_code ignored;
    socket_.shutdown(tcp::socket::shutdown_send, ignored);
    set_deadline(std::chrono::milliseconds(2'000));
    discard_ = std::make_unique<std::array<char, 16 * 1024>>();
    discard_input();
  }

  void discard_input() {
    static constexpr size_t kLingerBytes = 64 * 1024 * 1024;
    socket_.async_read_some(net::buffer(*discard_),
                            [self = shared_from_this()](beast::error_code ec, size_t n) {
                              self->drained_ += n;
                              if (ec || self->drained_ > kLingerBytes) return self->close();
                              self->discard_input();
                            });
  }

  void on_request() {
    state_ = State::kHandling;
    ++served_;
    deadline_ms_.store(kNoDeadline, std::memory_order_relaxed);  // services own their timeouts
    auto msg = parser_->release();
    keep_alive_ = msg.keep_alive();
    version_ = msg.version();
    head_ = msg.method() == bhttp::verb::head;

    Request request;
    request.id = ids::uuid4();
    request.method = std::string(msg.method_string());
    request.target = std::string(msg.target());
    request.headers.reserve(16);
    for (const auto& field : msg)
      request.headers.add(std::string(field.name_string()), std::string(field.value()));
    request.body = std::move(msg.body());
    request.remote_address = remote_;
    request.received = std::chrono::steady_clock::now();

    started_ = request.received;
    request_id_ = request.id;
    if (spdlog::should_log(spdlog::level::info)) {
      log_method_ = request.method;
      auto amz_target = request.headers.find("x-amz-target");
      log_target_ = amz_target ? std::string(*amz_target) : std::string(request.path());
    }
    if (spdlog::should_log(spdlog::level::debug))
      spdlog::debug("{} request body: {}", request_id_, request.body.substr(0, 1024));

    // The first answer to this exchange is written; any other, or one that
    // comes after the connection moved on to its next request, is dropped.
    uint64_t exchange = ++exchange_;
    Respond respond = [self = shared_from_this(), exchange](Response response) {
      // Inline when the service answered on the session's own thread.
      net::dispatch(self->socket_.get_executor(), [self, exchange, r = std::move(response)]() mutable {
        if (self->exchange_ == exchange) self->write_response(std::move(r));
      });
    };
    try {
      server_.handler.handle(std::move(request), respond);
    } catch (const std::exception& e) {
      spdlog::error("{} unhandled error: {}", request_id_, e.what());
      respond(rest_json_error(errors::internal_server_error(), "message"));
    } catch (...) {
      spdlog::error("{} unhandled error of unknown type", request_id_);
      respond(rest_json_error(errors::internal_server_error(), "message"));
    }
  }

  // The head is written here, not by Beast's serializer: one string and
  // the body go out in one gather write, at a fraction of the CPU.
  void write_response(Response response) {
    if (state_ != State::kHandling) return;
    state_ = State::kWriting;
    bool keep = keep_alive_ && !server_.draining;
    out_head_ = response_head(response, {version_, keep, request_id_, http_date_now()});
    out_body_ = std::move(response.body);
    if (head_ || !status_allows_body(response.status)) out_body_.clear();

    if (spdlog::should_log(spdlog::level::info)) {
      auto us = std::chrono::duration_cast<std::chrono::microseconds>(
                    std::chrono::steady_clock::now() - started_)
                    .count();
      spdlog::info("{} {} {} {}us {}", log_method_, log_target_, response.status, us, request_id_);
      if (spdlog::should_log(spdlog::level::debug))
        spdlog::debug("{} response body: {}", request_id_, out_body_.substr(0, 1024));
    }

    set_deadline(server_.options.body_timeout);
    std::array<net::const_buffer, 2> buffers{net::buffer(out_head_), net::buffer(out_body_)};
    net::async_write(socket_, buffers,
                     [self = shared_from_this(), keep](beast::error_code ec, size_t) {
                       if (ec || !keep) return self->close();
                       self->do_read();
                     });
  }

  void close() {
    if (state_ == State::kClosed) return;
    state_ = State::kClosed;
    deadline_ms_.store(kNoDeadline, std::memory_order_relaxed);
    beast::error_code ec;
    socket_.shutdown(tcp::socket::shutdown_send, ec);
    socket_.close(ec);
  }

  tcp::socket socket_;
  Server::Impl& server_;
  Lane& lane_;
  beast::flat_buffer buffer_;
  std::optional<bhttp::request_parser<bhttp::string_body>> parser_;
  // Atomic for drain() alone: a lane thread relieved inside this session's
  // handler may set it while its successor runs drain()'s check.
  std::atomic<State> state_{State::kIdle};
  std::atomic<int64_t> deadline_ms_{kNoDeadline};
  bool continue_sent_ = false;
  bool header_seen_ = false;
  uint64_t served_ = 0;  // requests read on this connection
  // Lingering after an error answer: what the client still sends goes here.
  std::unique_ptr<std::array<char, 16 * 1024>> discard_;
  size_t drained_ = 0;
  std::string remote_;

  // The exchange in progress.
  bool keep_alive_ = true;
  bool head_ = false;
  unsigned version_ = 11;
  std::string request_id_;
  std::string log_method_;
  std::string log_target_;
  std::chrono::steady_clock::time_point started_;
  uint64_t exchange_ = 0;  // requests handed to the handler so far
  std::string out_head_;  // the response being written
  std::string out_body_;
};

void Server::Impl::start_thread(Lane& lane) {
  std::lock_guard lock(threads_mu);
  if (lane.ioc.stopped()) return;
  auto& t = *threads.emplace_back(std::make_unique<LaneThread>(lane));
  watchdog->add(&t);
  t.thread = std::thread([&t] { serve(t); });
}

// Joins every thread, those started while it waits included.
void Server::Impl::join_threads() {
  for (size_t i = 0;; ++i) {
    LaneThread* t;
    {
      std::lock_guard lock(threads_mu);
      if (i == threads.size()) return;
      t = threads[i].get();
    }
    if (t->thread.joinable()) t->thread.join();
  }
}

void Server::Impl::add_session(Session* s, std::weak_ptr<Session> w) {
  std::lock_guard lock(sessions_mu);
  sessions.emplace(s, std::move(w));
}

void Server::Impl::remove_session(Session* s) {
  bool last;
  {
    std::lock_guard lock(sessions_mu);
    sessions.erase(s);
    last = sessions.empty();
  }
  if (last && draining && !destroying) stop_all();
}

void Server::Impl::do_accept() {
  Lane& lane = next_lane();
  acceptor.async_accept(lane.ioc, [this, &lane](beast::error_code ec, tcp::socket socket) {
    if (ec) {
      if (ec == net::error::operation_aborted || !acceptor.is_open()) return;
      spdlog::warn("accept failed: {}", ec.message());
      return do_accept();
    }
    size_t open;
    {
      std::lock_guard lock(sessions_mu);
      open = sessions.size();
    }
    if (open >= options.max_connections) {
      // Over the cap: say so plainly rather than exhausting descriptors.
      static const std::string kBusy =
          plain_error(503, "Service Unavailable",
                      R"({"message":"Too many open connections"})", "-");
      beast::error_code ignored;
      net::write(socket, net::buffer(kBusy), ignored);
      socket.shutdown(tcp::socket::shutdown_both, ignored);
    } else {
      std::make_shared<Session>(std::move(socket), *this, lane)->start();
    }
    do_accept();
  });
}

// Closes connections whose deadline (idle, header, body or write) passed.
void Server::Impl::sweep() {
  sweeper.expires_after(std::chrono::milliseconds(500));
  sweeper.async_wait([this](beast::error_code ec) {
    if (ec) return;
    int64_t now = steady_ms();
    std::vector<std::shared_ptr<Session>> live;
    {
      std::lock_guard lock(sessions_mu);
      live.reserve(sessions.size());
      for (auto& [ptr, weak] : sessions)
        if (auto s = weak.lock()) live.push_back(std::move(s));
    }
    for (auto& s : live) s->expire_if_due(now);
    live.clear();
    sweep();
  });
}

void Server::Impl::begin_shutdown() {
  if (draining.exchange(true)) return;
  spdlog::info("shutting down: finishing in-flight requests (grace {} ms)",
               options.shutdown_grace.count());
  net::post(acceptor.get_executor(), [this] {
    beast::error_code ec;
    acceptor.close(ec);
  });
  if (on_shutdown) on_shutdown();
  std::vector<std::shared_ptr<Session>> live;
  {
    std::lock_guard lock(sessions_mu);
    for (auto& [ptr, weak] : sessions)
      if (auto s = weak.lock()) live.push_back(std::move(s));
  }
  for (auto& s : live) s->drain();
  live.clear();
  grace_timer.expires_after(options.shutdown_grace);
  grace_timer.async_wait([this](beast::error_code ec) {
    if (ec) return;
    spdlog::warn("shutdown grace period over: closing remaining connections");
    stop_all();
  });
  bool none;
  {
    std::lock_guard lock(sessions_mu);
    none = sessions.empty();
  }
  if (none) stop_all();
}

namespace {

// Runs the lane's io_context until it stops or the thread is relieved. With
// few connections, a thread that ran out of work looks for more for a moment
// before it blocks: a client that sends its next request right after reading
// an answer then finds it awake (waking a sleeping thread cost ~40 us a
// request on the dev VM, half a GetItem). With many, work comes soon anyway,
// and on a loaded machine the spinning would take the CPU from others (16
// busy Node.js environments did 20% fewer invocations).
void serve(LaneThread& me) {
  // No wake-up preemption (SCHED_BATCH; an idle CPU still runs the thread at
  // once): under load the DynamoDB writer wakes server threads with every
  // group commit's answers, and as normal threads each wake-up preempted it
  // (24,000 times in 5 s of PutItem at 16 connections), holding up the next
  // commit that all connections wait for. Best effort: SCHED_BATCH needs no
  // privilege, and without it the thread just runs as before.
  sched_param batch{};
  pthread_setschedparam(pthread_self(), SCHED_BATCH, &batch);
  constexpr auto kStayAwake = std::chrono::microseconds(50);
  constexpr int kFewConnections = 2;
  using Clock = std::chrono::steady_clock;
  net::io_context& ioc = me.lane.ioc;
  auto serving = [&] { return !ioc.stopped() && !me.relieved.load(std::memory_order_relaxed); };
  inline_work::attach(&me);
  while (serving()) {
    ioc.run_one();  // blocks until there is work; runs one handler
    if (me.lane.connections.load(std::memory_order_relaxed) > kFewConnections) continue;
    for (auto until = Clock::now() + kStayAwake; serving() && Clock::now() < until;) {
      if (ioc.poll_one() > 0)
        until = Clock::now() + kStayAwake;
      else
        sched_yield();  // whoever else is runnable here goes first
    }
  }
  inline_work::attach(nullptr);
  // What this thread queued while it was relieved is in the queue now; its
  // successor may be asleep in the reactor and would not notice.
  if (me.relieved) net::post(ioc, [] {});
}

}  // namespace

bool is_loopback_address(const std::string& host) {
  beast::error_code ec;
  auto address = net::ip::make_address(host, ec);
  return !ec && address.is_loopback();
}

Server::Server(ServerOptions options, Handler& handler)
    : impl_(std::make_unique<Impl>(std::move(options), handler)) {}

Server::~Server() = default;

uint16_t Server::listen() {
  auto& o = impl_->options;
  beast::error_code ec;
  auto address = net::ip::make_address(o.host, ec);
  if (ec) throw std::system_error(ec, "invalid --host '" + o.host + "'");
  tcp::endpoint endpoint(address, o.port);
  auto& acceptor = impl_->acceptor;
  auto fail = [&](const char* what) {
    throw std::system_error(ec, std::string("cannot listen on ") + o.host + ":" +
                                    std::to_string(o.port) + " (" + what + ")");
  };
  acceptor.open(endpoint.protocol(), ec);
  if (ec) fail("open");
  acceptor.set_option(net::socket_base::reuse_address(true), ec);
  acceptor.bind(endpoint, ec);
  if (ec) fail("bind");
  acceptor.listen(net::socket_base::max_listen_connections, ec);
  if (ec) fail("listen");
  return acceptor.local_endpoint().port();
}

void Server::run(std::function<void()> on_shutdown) {
  auto& impl = *impl_;
  impl.on_shutdown = std::move(on_shutdown);
  impl.signals.add(SIGINT);
  impl.signals.add(SIGTERM);
  std::function<void(beast::error_code, int)> on_signal = [&impl, &on_signal](beast::error_code ec,
                                                                             int sig) {
    if (ec) return;
    if (impl.signals_seen++ > 0) {
      spdlog::warn("second signal {}: stopping now", sig);
      impl.stop_all();
      return;
    }
    impl.begin_shutdown();
    impl.signals.async_wait(on_signal);
  };
  impl.signals.async_wait(on_signal);
  impl.do_accept();
  impl.sweep();

  // Contexts without connections yet would otherwise return at once.
  std::vector<net::executor_work_guard<net::io_context::executor_type>> keep_running;
  for (auto& lane : impl.lanes) keep_running.push_back(net::make_work_guard(lane->ioc));
  impl.watchdog.emplace(kInlineBudget, kInlineTick, [&impl](InlineWatch& w) {
    auto& relieved = static_cast<LaneThread&>(w);
    spdlog::debug("inline work ran past {} ms: a new thread takes over its connections",
                  kInlineBudget.count());
    impl.start_thread(relieved.lane);
  });
  // The calling thread only waits: one that serves may be relieved, and a
  // thread stuck in a handler must not be the one that returns from run().
  for (auto& lane : impl.lanes) impl.start_thread(*lane);
  impl.join_threads();
  impl.watchdog->stop();
  impl.stop_all();
  impl.join_threads();  // started by the watchdog as it stopped
}

void Server::shutdown() {
  net::post(impl_->lanes[0]->ioc, [impl = impl_.get()] { impl->begin_shutdown(); });
}

size_t Server::open_connections() const {
  std::lock_guard lock(impl_->sessions_mu);
  return impl_->sessions.size();
}

}  // namespace localcloud::http
