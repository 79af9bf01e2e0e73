// Server: the asynchronous HTTP/1.1 front door (Boost.Beast underneath).
//
// `threads` threads, each running an io_context of its own; connections are
// dealt out to them in turn. A thread may run short blocking work inline
// (localcloud/core/inline_work.h); one whose work outruns its budget is
// replaced. Each connection is a session reading requests
// one after another (keep-alive, and
// pipelined requests answered in order), handing each to the Handler and
// writing its response. Shutdown stops accepting, lets in-flight exchanges
// finish (closing their connections after the response) and forces the rest
// closed after `shutdown_grace`.
#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>

#include "localcloud/http/message.h"

namespace localcloud::http {

struct ServerOptions {
  std::string host = "127.0.0.1";
  uint16_t port = 4566;  // 0 picks a free port; listen() returns it
  int threads = 2;
  size_t body_limit = 16 * 1024 * 1024;  // larger bodies get 413
  size_t header_limit = 64 * 1024;       // larger headers get 431
  size_t max_connections = 4096;         // beyond it new connections get 503
  std::chrono::milliseconds idle_timeout{60'000};    // keep-alive wait for a request
  std::chrono::milliseconds header_timeout{10'000};  // first byte to end of headers
  std::chrono::milliseconds body_timeout{60'000};    // end of headers to end of body
  std::chrono::milliseconds shutdown_grace{10'000};
};

// Whether `host` (an address as --host takes it) is a loopback address,
// reachable from this machine only. False for what is not an address.
bool is_loopback_address(const std::string& host);

class Server {
 public:
  // `handler` must outlive the server.
  Server(ServerOptions options, Handler& handler);
  ~Server();
  Server(const Server&) = delete;
  Server& operator=(const Server&) = delete;

  // Binds and listens. Returns the bound port. Throws std::system_error
  // (e.g. address in use) with a message naming the address.
  uint16_t listen();

  // Serves on `threads` threads of its own until shutdown has completed (a
  // thread relieved of its connections by the inline-work watchdog is
  // replaced by another). SIGINT/SIGTERM start a graceful shutdown; a second one stops
  // at once. `on_shutdown` runs (once, on an io thread) when shutdown starts.
  void run(std::function<void()> on_shutdown = {});

  // Starts a graceful shutdown. Thread-safe; later calls do nothing.
  void shutdown();

  size_t open_connections() const;

  // Opaque; public only so the private session type can name it.
  class Impl;

 private:
  std::unique_ptr<Impl> impl_;
};

}  // namespace localcloud::http
