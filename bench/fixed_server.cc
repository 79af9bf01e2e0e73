// lc-fixed-server: the smallest Boost.Beast HTTP/1.1 server we can write, answering
// {"ok":true} to every request. It is the "HTTP ceiling" of the machine: localcloud runs
// on the same Beast/Asio stack, so its distance from this server is the cost of
// localcloud itself, not of the hardware or the loopback.
#include <algorithm>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/signal_set.hpp>
#include <boost/asio/strand.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <cstdio>
#include <cstdlib>
#include <memory>
#include <string>
#include <thread>
#include <vector>

namespace lcbench {
namespace {

namespace net = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
using tcp = net::ip::tcp;
using ErrorCode = beast::error_code;

constexpr const char* kBody = R"({"ok":true})";

// One keep-alive connection: read a request, write the fixed answer, repeat.
class Session : public std::enable_shared_from_this<Session> {
 public:
  explicit Session(tcp::socket socket) : socket_(std::move(socket)) {
    for (auto* headers : {&response_.base(), &head_response_.base()}) {
      headers->set(http::field::server, "lc-fixed-server");
      headers->set(http::field::content_type, "application/json");
    }
    response_.body() = kBody;
    response_.prepare_payload();
    // HEAD announces the body's length without sending it, or the client would read
    // the body as the start of the next response.
    head_response_.content_length(response_.body().size());
  }

  void read() {
    request_ = {};
    http::async_read(socket_, buffer_, request_,
                     beast::bind_front_handler(&Session::on_read, shared_from_this()));
  }

 private:
  void on_read(ErrorCode ec, std::size_t) {
    if (ec) return close();  // end_of_stream is the client's normal goodbye
    keep_alive_ = request_.keep_alive();
    if (request_.method() == http::verb::head) return write(head_response_);
    write(response_);
  }

  template <class Response>
  void write(Response& response) {
    response.version(request_.version());
    response.keep_alive(keep_alive_);
    http::async_write(socket_, response,
                      beast::bind_front_handler(&Session::on_write, shared_from_this()));
  }

  void on_write(ErrorCode ec, std::size_t) {
    if (ec || !keep_alive_) return close();
    read();
  }

  void close() {
    ErrorCode ignored;
    socket_.shutdown(tcp::socket::shutdown_send, ignored);
  }

  tcp::socket socket_;
  beast::flat_buffer buffer_;
  http::request<http::string_body> request_;
  // The same answers every time, built once per connection.
  http::response<http::string_body> response_;
  http::response<http::empty_body> head_response_;
  bool keep_alive_ = true;
};

class Listener {
 public:
  Listener(net::io_context& ioc, unsigned short port)
      : ioc_(ioc), acceptor_(net::make_strand(ioc)) {
    tcp::endpoint endpoint(net::ip::make_address("127.0.0.1"), port);
    acceptor_.open(endpoint.protocol());
    acceptor_.set_option(net::socket_base::reuse_address(true));
    acceptor_.bind(endpoint);
    acceptor_.listen(net::socket_base::max_listen_connections);
  }

  unsigned short port() const { return acceptor_.local_endpoint().port(); }

  void accept() {
    acceptor_.async_accept(net::make_strand(ioc_), [this](ErrorCode ec, tcp::socket socket) {
      if (!ec) {
        socket.set_option(tcp::no_delay(true), ec);
        std::make_shared<Session>(std::move(socket))->read();
      }
      accept();
    });
  }

 private:
  net::io_context& ioc_;
  tcp::acceptor acceptor_;
};

int usage(const char* why) {
  std::fprintf(stderr, "lc-fixed-server: %s\nusage: lc-fixed-server [--port 0] [--threads N]\n",
               why);
  return 2;
}

}  // namespace
}  // namespace lcbench

int main(int argc, char** argv) {
  int port = 0;
  int threads = static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
  for (int i = 1; i < argc; ++i) {
    std::string flag = argv[i];
    if (i + 1 >= argc) return lcbench::usage("every option takes a value");
    int value = std::atoi(argv[++i]);
    if (flag == "--port" && value >= 0 && value < 65536) port = value;
    else if (flag == "--threads" && value > 0) threads = value;
    else return lcbench::usage(("bad option " + flag).c_str());
  }

  boost::asio::io_context ioc(threads);
  std::unique_ptr<lcbench::Listener> listener;
  try {
    listener = std::make_unique<lcbench::Listener>(ioc, static_cast<unsigned short>(port));
  } catch (const std::exception& e) {
    return lcbench::usage(e.what());
  }
  listener->accept();
  boost::asio::signal_set signals(ioc, SIGINT, SIGTERM);
  signals.async_wait([&ioc](lcbench::ErrorCode, int) { ioc.stop(); });

  // The line scripts wait for; the same shape localcloud prints.
  std::printf("{\"event\":\"listening\",\"host\":\"127.0.0.1\",\"port\":%u}\n", listener->port());
  std::fflush(stdout);

  std::vector<std::thread> pool;
  for (int i = 1; i < threads; ++i) pool.emplace_back([&ioc] { ioc.run(); });
  ioc.run();
  for (auto& thread : pool) thread.join();
  return 0;
}
