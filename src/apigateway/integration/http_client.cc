#include "integration/http_client.h"

#include <fcntl.h>
#include <netdb.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

namespace localcloud::apigateway::integration {
namespace {

using Clock = std::chrono::steady_clock;

struct Url {
  std::string host;
  std::string port = "80";
  std::string target = "/";
};

bool parse_url(const std::string& url, Url& out) {
  constexpr std::string_view kScheme = "http://";
  if (!url.starts_with(kScheme)) return false;
  std::string rest = url.substr(kScheme.size());
  size_t slash = rest.find_first_of("/?");
  std::string authority = rest.substr(0, slash);
  if (slash != std::string::npos) out.target = rest.substr(slash);
  if (out.target.starts_with('?')) out.target = "/" + out.target;
  if (authority.empty()) return false;
  if (authority.front() == '[') {
    size_t close = authority.find(']');
    if (close == std::string::npos) return false;
    out.host = authority.substr(1, close - 1);
    if (close + 1 < authority.size() && authority[close + 1] == ':')
      out.port = authority.substr(close + 2);
  } else if (auto colon = authority.rfind(':'); colon != std::string::npos) {
    out.host = authority.substr(0, colon);
    out.port = authority.substr(colon + 1);
  } else {
    out.host = authority;
  }
  return !out.host.empty();
}

class Socket {
 public:
  ~Socket() {
    if (fd_ >= 0) ::close(fd_);
  }
  int fd_ = -1;
};

int remaining_ms(Clock::time_point deadline) {
  auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now());
  return left.count() > 0 ? static_cast<int>(left.count()) : 0;
}

// Waits for `events` on `fd`; false on timeout.
bool wait_for(int fd, short events, Clock::time_point deadline) {
  pollfd p{fd, events, 0};
  while (true) {
    int ms = remaining_ms(deadline);
    if (ms == 0) return false;
    int rc = ::poll(&p, 1, ms);
    if (rc > 0) return true;
    if (rc == 0) return false;
    if (errno != EINTR) return true;  // let the next call report the error
  }
}

HttpResult failed(std::string why) {
  HttpResult r;
  r.outcome = HttpResult::Status::kFailed;
  r.error = std::move(why);
  return r;
}

HttpResult timed_out() {
  HttpResult r;
  r.outcome = HttpResult::Status::kTimedOut;
  r.error = "timed out";
  return r;
}

std::optional<std::string> dechunk(std::string_view data) {
  std::string out;
  while (true) {
    size_t eol = data.find("\r\n");
    if (eol == std::string_view::npos) return std::nullopt;
    size_t size = 0;
    try {
      size = std::stoul(std::string(data.substr(0, eol)), nullptr, 16);
    } catch (const std::exception&) {
      return std::nullopt;
    }
    data.remove_prefix(eol + 2);
    if (size == 0) return out;
    if (data.size() < size + 2) return std::nullopt;
    out.append(data.substr(0, size));
    data.remove_prefix(size + 2);
  }
}

}  // namespace

HttpResult http_request(const std::string& method, const std::string& url,
                        const http::Headers& headers, const std::string& body,
                        std::chrono::milliseconds timeout) {
  auto deadline = Clock::now() + timeout;
  Url u;
  if (!parse_url(url, u)) return failed("invalid endpoint address " + url);

  addrinfo hints{};
  hints.ai_family = AF_UNSPEC;
  hints.ai_socktype = SOCK_STREAM;
  addrinfo* found = nullptr;
  if (int rc = ::getaddrinfo(u.host.c_str(), u.port.c_str(), &hints, &found); rc != 0)
    return failed(std::string("cannot resolve ") + u.host + ": " + gai_strerror(rc));
  Socket sock;
  std::string connect_error = "cannot connect";
  for (addrinfo* a = found; a; a = a->ai_next) {
    int fd = ::socket(a->ai_family, a->ai_socktype | SOCK_NONBLOCK | SOCK_CLOEXEC, a->ai_protocol);
    if (fd < 0) continue;
    int rc = ::connect(fd, a->ai_addr, a->ai_addrlen);
    if (rc != 0 && errno == EINPROGRESS) {
      if (!wait_for(fd, POLLOUT, deadline)) {
        ::close(fd);
        ::freeaddrinfo(found);
        return timed_out();
      }
      int err = 0;
      socklen_t len = sizeof err;
      ::getsockopt(fd, SOL_SOCKET, SO_ERROR, &err, &len);
      rc = err == 0 ? 0 : -1;
      errno = err;
    }
    if (rc == 0) {
      sock.fd_ = fd;
      break;
    }
    connect_error = std::string("cannot connect to ") + u.host + ":" + u.port + ": " + std::strerror(errno);
    ::close(fd);
  }
  ::freeaddrinfo(found);
  if (sock.fd_ < 0) return failed(connect_error);

  std::string request = method + " " + u.target + " HTTP/1.1\r\n";
  request += "Host: " + u.host + (u.port == "80" ? "" : ":" + u.port) + "\r\n";
  for (const auto& f : headers) {
    if (http::iequals(f.name, "host") || http::iequals(f.name, "connection") ||
        http::iequals(f.name, "content-length") || http::iequals(f.name, "transfer-encoding"))
      continue;
    request += f.name + ": " + f.value + "\r\n";
  }
  if (!body.empty() || method == "POST" || method == "PUT" || method == "PATCH")
    request += "Content-Length: " + std::to_string(body.size()) + "\r\n";
  request += "Connection: close\r\n\r\n";
  request += body;

  size_t sent = 0;
  while (sent < request.size()) {
    if (!wait_for(sock.fd_, POLLOUT, deadline)) return timed_out();
    ssize_t n = ::send(sock.fd_, request.data() + sent, request.size() - sent, MSG_NOSIGNAL);
    if (n < 0 && (errno == EAGAIN || errno == EINTR)) continue;
    if (n <= 0) return failed(std::string("send failed: ") + std::strerror(errno));
    sent += static_cast<size_t>(n);
  }

  std::string data;
  char buf[16384];
  size_t header_end = std::string::npos;
  std::optional<size_t> content_length;
  while (true) {
    if (header_end != std::string::npos && content_length &&
        data.size() >= header_end + 4 + *content_length)
      break;
    if (!wait_for(sock.fd_, POLLIN, deadline)) return timed_out();
    ssize_t n = ::recv(sock.fd_, buf, sizeof buf, 0);
    if (n < 0 && (errno == EAGAIN || errno == EINTR)) continue;
    if (n < 0) return failed(std::string("receive failed: ") + std::strerror(errno));
    if (n == 0) break;
    data.append(buf, static_cast<size_t>(n));
    if (header_end == std::string::npos) {
      header_end = data.find("\r\n\r\n");
      if (header_end != std::string::npos) {
        // Content-Length decides when a response without close is complete.
        std::string_view head(data.data(), header_end);
        size_t at = 0;
        while ((at = head.find("\r\n", at)) != std::string_view::npos) {
          at += 2;
          std::string_view line = head.substr(at, head.find("\r\n", at) - at);
          if (line.size() > 15 && http::iequals(line.substr(0, 15), "content-length:"))
            content_length = std::stoul(std::string(line.substr(15)));
        }
      }
    }
  }
  if (header_end == std::string::npos) return failed("malformed response");

  HttpResult r;
  std::string_view head(data.data(), header_end);
  size_t eol = head.find("\r\n");
  std::string_view status_line = head.substr(0, eol);
  if (!status_line.starts_with("HTTP/1.") || status_line.size() < 12)
    return failed("malformed status line");
  r.status = std::atoi(std::string(status_line.substr(9, 3)).c_str());
  bool chunked = false;
  while (eol != std::string_view::npos) {
    size_t start = eol + 2;
    eol = head.find("\r\n", start);
    std::string_view line = head.substr(start, eol == std::string_view::npos ? eol : eol - start);
    size_t colon = line.find(':');
    if (colon == std::string_view::npos) continue;
    std::string name(line.substr(0, colon));
    std::string_view value = line.substr(colon + 1);
    while (!value.empty() && (value.front() == ' ' || value.front() == '\t')) value.remove_prefix(1);
    while (!value.empty() && (value.back() == ' ' || value.back() == '\t')) value.remove_suffix(1);
    if (http::iequals(name, "transfer-encoding") && value.find("chunked") != std::string_view::npos)
      chunked = true;
    r.headers.add(std::move(name), std::string(value));
  }
  std::string_view payload(data.data() + header_end + 4, data.size() - header_end - 4);
  if (chunked) {
    auto body_text = dechunk(payload);
    if (!body_text) return failed("malformed chunked body");
    r.body = std::move(*body_text);
  } else {
    if (content_length && payload.size() > *content_length) payload = payload.substr(0, *content_length);
    r.body = std::string(payload);
  }
  r.outcome = HttpResult::Status::kOk;
  return r;
}

}  // namespace localcloud::apigateway::integration
