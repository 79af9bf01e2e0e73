#include "invoke/runtime_api.h"

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <optional>
#include <set>
#include <string_view>
#include <vector>

#include "localcloud/http/response_head.h"

namespace localcloud::lambda::invoke {
namespace {

namespace beast = boost::beast;
namespace net = boost::asio;
namespace bhttp = boost::beast::http;
using tcp = net::ip::tcp;

class Listener;

class Connection final : public std::enable_shared_from_this<Connection> {
 public:
  Connection(tcp::socket socket, std::weak_ptr<Listener> listener, size_t body_limit)
      : socket_(std::move(socket)), listener_(std::move(listener)), body_limit_(body_limit) {}

  void read();
  void close() {
    beast::error_code ec;
    socket_.shutdown(tcp::socket::shutdown_both, ec);
    socket_.close(ec);
    closed_ = true;
  }

  // Called by the exchange of the request being answered.
  void write(uint64_t serial, RuntimeResponse r);

 private:
  void on_read(beast::error_code ec);
  bool holds_whole_request_head() const;
  void flush();

  tcp::socket socket_;
  std::weak_ptr<Listener> listener_;
  size_t body_limit_;
  beast::flat_buffer buffer_;
  std::optional<bhttp::request_parser<bhttp::string_body>> parser_;
  // Answers not yet written (head, body, head, body...), and those being
  // written; the two swap, so neither allocates again once grown.
  std::vector<std::string> held_;
  std::vector<std::string> writing_;
  std::vector<net::const_buffer> buffers_;  // writing_'s pieces
  uint64_t serial_ = 0;  // which request is being answered
  bool keep_alive_ = true;
  bool closed_ = false;
};

class Exchange final : public RuntimeExchange {
 public:
  // Holds the connection open until answered (or dropped).
  Exchange(std::shared_ptr<Connection> connection, uint64_t serial)
      : connection_(std::move(connection)), serial_(serial) {}
  void respond(RuntimeResponse response) override {
    if (answered_) return;
    answered_ = true;
    connection_->write(serial_, std::move(response));
    connection_.reset();
  }

 private:
  std::shared_ptr<Connection> connection_;
  uint64_t serial_;
  bool answered_ = false;
};

class Listener final : public RuntimeApiListener, public std::enable_shared_from_this<Listener> {
 public:
  Listener(net::io_context& ioc, size_t body_limit, OnRequest on_request)
      : acceptor_(ioc), body_limit_(body_limit), on_request_(std::move(on_request)) {}

  void open() {
    tcp::endpoint endpoint(net::ip::make_address("127.0.0.1"), 0);
    acceptor_.open(endpoint.protocol());
    acceptor_.bind(endpoint);
    acceptor_.listen(16);
    port_ = acceptor_.local_endpoint().port();
    accept();
  }

  uint16_t port() const override { return port_; }

  void close() override {
    beast::error_code ec;
    acceptor_.close(ec);
    for (const auto& weak : connections_)
      if (auto c = weak.lock()) c->close();
    connections_.clear();
    on_request_ = nullptr;
  }

  void deliver(RuntimeRequest request, ExchangePtr exchange) {
    if (on_request_) on_request_(std::move(request), std::move(exchange));
  }

 private:
  void accept() {
    acceptor_.async_accept([self = shared_from_this()](beast::error_code ec, tcp::socket s) {
      if (ec) return;  // closed
      s.set_option(tcp::no_delay(true), ec);
      auto c = std::make_shared<Connection>(std::move(s), self, self->body_limit_);
      std::erase_if(self->connections_, [](const auto& w) { return w.expired(); });
      self->connections_.push_back(c);
      c->read();
      self->accept();
    });
  }

  tcp::acceptor acceptor_;
  size_t body_limit_;
  OnRequest on_request_;
  uint16_t port_ = 0;
  std::vector<std::weak_ptr<Connection>> connections_;
};

void Connection::read() {
  if (closed_) return;
  parser_.emplace();
  parser_->header_limit(64 * 1024);
  parser_->body_limit(body_limit_);
  bhttp::async_read(
      socket_, buffer_, *parser_,
      [self = shared_from_this()](beast::error_code ec, size_t) { self->on_read(ec); });
}

void Connection::on_read(beast::error_code ec) {
  auto listener = listener_.lock();
  if (!listener || closed_) return;
  RuntimeRequest request;
  if (ec == bhttp::error::body_limit) {
    request.body_too_large = true;
    keep_alive_ = false;  // the rest of the body is still on the wire
  } else if (ec) {
    close();
    return;
  } else {
    keep_alive_ = parser_->get().keep_alive();
  }
  auto& message = parser_->get();
  request.method = std::string(message.method_string());
  request.path = std::string(message.target());
  if (!request.body_too_large) request.body = std::move(message.body());
  if (auto it = message.find("Lambda-Runtime-Function-Error-Type"); it != message.end())
    request.error_type = std::string(it->value());
  ++serial_;
  listener->deliver(std::move(request), std::make_shared<Exchange>(shared_from_this(), serial_));
}

// A runtime may pipeline: localcloud's Node.js runtime sends its result and
// its poll for the next event in one write. The result's 202 then waits for
// the poll's answer, and both go out in one write: answered at once, the 202
// woke the environment a second time per invocation only to be read (at 16
// concurrent invocations the wake-up was a fifth of the runtime's CPU). A
// runtime that sends one request at a time has each answer at once, as from
// Lambda. Whoever waits for the held 202 has already asked for the next event.
void Connection::write(uint64_t serial, RuntimeResponse r) {
  if (closed_ || serial != serial_) return;
  http::Response response;
  response.status = r.status;
  response.headers.add("Content-Type", std::move(r.content_type));
  for (auto& [name, value] : r.headers) response.headers.set(name, std::move(value));
  response.body = std::move(r.body);
  held_.push_back(http::response_head(response, {11, keep_alive_, "", ""}));
  held_.push_back(http::status_allows_body(r.status) ? std::move(response.body) : std::string());
  if (keep_alive_ && holds_whole_request_head()) {
    read();  // Beast completes it from the buffer, as if posted: never re-entered
    return;
  }
  flush();
}

// Whether the next request's head has arrived already (a pipelined request).
bool Connection::holds_whole_request_head() const {
  auto data = buffer_.data();
  std::string_view bytes(static_cast<const char*>(data.data()), data.size());
  return bytes.find("\r\n\r\n") != std::string_view::npos;
}

void Connection::flush() {
  writing_.swap(held_);  // writing_ was empty: one write at a time
  buffers_.clear();
  for (const auto& piece : writing_) buffers_.push_back(net::buffer(piece));
  net::async_write(socket_, buffers_, [self = shared_from_this()](beast::error_code ec, size_t) {
    self->writing_.clear();
    if (ec || !self->keep_alive_) {
      self->close();
      return;
    }
    self->read();
  });
}

constexpr std::string_view kApiPrefix = "/2018-06-01/runtime/";

}  // namespace

RuntimeCall classify_runtime_call(std::string_view method, std::string_view path) {
  using Kind = RuntimeCall::Kind;
  if (!path.starts_with(kApiPrefix)) return {};
  path.remove_prefix(kApiPrefix.size());
  if (path == "invocation/next" && method == "GET") return {Kind::kNext, {}};
  if (path == "init/error" && method == "POST") return {Kind::kInitError, {}};
  constexpr std::string_view kInvocation = "invocation/";
  if (!path.starts_with(kInvocation) || method != "POST") return {};
  path.remove_prefix(kInvocation.size());
  size_t slash = path.find('/');
  if (slash == std::string_view::npos) return {};
  std::string_view what = path.substr(slash + 1);
  if (what == "response") return {Kind::kResponse, path.substr(0, slash)};
  if (what == "error") return {Kind::kError, path.substr(0, slash)};
  return {};
}

std::shared_ptr<RuntimeApiListener> RuntimeApiListener::start(net::io_context& ioc,
                                                              size_t body_limit,
                                                              OnRequest on_request) {
  auto listener = std::make_shared<Listener>(ioc, body_limit, std::move(on_request));
  listener->open();
  return listener;
}

}  // namespace localcloud::lambda::invoke
