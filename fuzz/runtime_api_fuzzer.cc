// The Lambda Runtime API as a runtime process reaches it: the input is sent
// as raw bytes over a real loopback connection to a RuntimeApiListener
// (Beast's parser, the listener's limits, keep-alive and pipelining), every
// request it delivers is classified as an execution environment does and
// answered, and the connection must end once the client has finished
// sending. Classification must agree with the path it came from.
#include <fcntl.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <boost/asio/io_context.hpp>
#include <cerrno>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <memory>
#include <string>
#include <string_view>

#include "fuzz_support.h"
#include "invoke/runtime_api.h"

using namespace localcloud;
using namespace localcloud::lambda::invoke;

namespace {

constexpr size_t kBodyLimit = 1024;  // small, so inputs reach the limit
constexpr std::string_view kPrefix = "/2018-06-01/runtime/";

void check_call(const RuntimeRequest& request) {
  using Kind = RuntimeCall::Kind;
  RuntimeCall call = classify_runtime_call(request.method, request.path);
  std::string p(kPrefix);
  switch (call.kind) {
    case Kind::kNext:
      fuzz::require(request.method == "GET" && request.path == p + "invocation/next", "next");
      break;
    case Kind::kInitError:
      fuzz::require(request.method == "POST" && request.path == p + "init/error", "init error");
      break;
    case Kind::kResponse:
    case Kind::kError:
      fuzz::require(request.method == "POST" &&
                        request.path == p + "invocation/" + std::string(call.request_id) +
                                            (call.kind == Kind::kResponse ? "/response" : "/error"),
                    "response or error", request.path);
      fuzz::require(call.request_id.find('/') == std::string_view::npos, "an id with a slash");
      break;
    case Kind::kNotFound:
      break;
  }
  if (request.body_too_large) fuzz::require(request.body.empty(), "a dropped body kept");
  fuzz::require(request.body.size() <= kBodyLimit, "a body over the limit delivered");
}

struct World {
  boost::asio::io_context ioc;
  std::shared_ptr<RuntimeApiListener> listener;
};

World& world() {
  static World* w = [] {
    auto* w = new World;
    w->listener = RuntimeApiListener::start(
        w->ioc, kBodyLimit, [](RuntimeRequest request, ExchangePtr exchange) {
          check_call(request);
          RuntimeCall call = classify_runtime_call(request.method, request.path);
          RuntimeResponse response;
          if (call.kind == RuntimeCall::Kind::kNext) {
            response.headers = {{"Lambda-Runtime-Aws-Request-Id", "id-1"}};
            response.body = R"({"event":1})";
          } else if (call.kind == RuntimeCall::Kind::kNotFound) {
            response.status = 404;
            response.body = R"({"errorMessage":"Not Found","errorType":"NotFound"})";
          } else {
            response.status = 202;
            response.body = R"({"status":"OK"})";
          }
          exchange->respond(std::move(response));
        });
    return w;
  }();
  return *w;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  World& w = world();
  int fd = socket(AF_INET, SOCK_STREAM, 0);
  fuzz::require(fd >= 0, "socket");
  // A connection per input, each ending in TIME_WAIT, would use up the local
  // ports of one address within seconds: spread them over 127.0.0.0/16.
  static uint32_t next_source = 0;
  sockaddr_in source{};
  source.sin_family = AF_INET;
  source.sin_addr.s_addr = htonl(0x7F000001u + (next_source++ % 65000));
  bind(fd, reinterpret_cast<sockaddr*>(&source), sizeof source);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = htons(w.listener->port());
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0) {
    // A client-side condition, not a property of the listener: libFuzzer's
    // timer signal interrupting connect (EINTR), or no local port left. Skip
    // the input, and say so once.
    static bool said = false;
    if (!said) std::fprintf(stderr, "runtime_api: connect failed (errno %d): skipping\n", errno);
    said = true;
    close(fd);
    return 0;
  }
  size_t sent = 0;
  while (sent < size) {
    ssize_t n = send(fd, data + sent, size - sent, MSG_NOSIGNAL);
    if (n <= 0) break;  // the listener closed early (a bad request): fine
    sent += static_cast<size_t>(n);
  }
  shutdown(fd, SHUT_WR);
  fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK);
  // Serve until the listener closes the connection: it must, now that the
  // client has nothing more to say (libFuzzer's -timeout catches a hang).
  char buffer[4096];
  while (true) {
    w.ioc.restart();
    w.ioc.poll();
    ssize_t n = recv(fd, buffer, sizeof buffer, 0);
    if (n == 0 || (n < 0 && errno != EAGAIN && errno != EWOULDBLOCK)) break;
    if (n < 0) w.ioc.run_one_for(std::chrono::milliseconds(1));
  }
  close(fd);
  w.ioc.restart();
  w.ioc.poll();
  return 0;
}
