#include "http_client.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <stdexcept>

namespace localcloud::testing {

std::string HttpResponse::header(const std::string& lower_name) const {
  auto it = headers.find(lower_name);
  return it == headers.end() ? "" : it->second;
}

HttpConnection::HttpConnection(int port) {
  fd_ = socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = htons(static_cast<uint16_t>(port));
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (connect(fd_, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0) {
    close(fd_);
    throw std::runtime_error("connect failed");
  }
  int one = 1;
  setsockopt(fd_, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
}

HttpConnection::~HttpConnection() { close(fd_); }

void HttpConnection::send(const std::string& bytes) {
  size_t sent = 0;
  while (sent < bytes.size()) {
    ssize_t n = ::send(fd_, bytes.data() + sent, bytes.size() - sent, MSG_NOSIGNAL);
    if (n <= 0) throw std::runtime_error("send failed");
    sent += static_cast<size_t>(n);
  }
}

std::optional<HttpResponse> HttpConnection::read_response(std::chrono::milliseconds timeout,
                                                          bool to_head) {
  auto deadline = std::chrono::steady_clock::now() + timeout;
  for (;;) {
    auto head_end = buffer_.find("\r\n\r\n");
    if (head_end != std::string::npos) {
      HttpResponse r;
      std::string head = buffer_.substr(0, head_end);
      r.status = std::stoi(head.substr(9, 3));
      size_t pos = head.find("\r\n");
      while (pos != std::string::npos && pos < head.size()) {
        size_t next = head.find("\r\n", pos + 2);
        std::string line = head.substr(pos + 2, next == std::string::npos ? std::string::npos
                                                                          : next - pos - 2);
        auto colon = line.find(':');
        if (colon != std::string::npos) {
          std::string name = line.substr(0, colon);
          std::transform(name.begin(), name.end(), name.begin(),
                         [](unsigned char c) { return std::tolower(c); });
          std::string value = line.substr(colon + 1);
          value.erase(0, value.find_first_not_of(' '));
          r.headers[name] = value;
        }
        pos = next;
      }
      size_t length = !to_head && r.headers.count("content-length")
                          ? std::stoul(r.headers["content-length"]) : 0;
      if (buffer_.size() >= head_end + 4 + length) {
        r.body = buffer_.substr(head_end + 4, length);
        buffer_.erase(0, head_end + 4 + length);
        return r;
      }
    }
    auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
        deadline - std::chrono::steady_clock::now());
    if (left.count() <= 0) return std::nullopt;
    pollfd p{fd_, POLLIN, 0};
    if (poll(&p, 1, static_cast<int>(left.count())) <= 0) return std::nullopt;
    char buf[65536];
    ssize_t n = recv(fd_, buf, sizeof buf, 0);
    if (n <= 0) return std::nullopt;
    buffer_.append(buf, static_cast<size_t>(n));
  }
}

bool HttpConnection::closed_by_peer(std::chrono::milliseconds timeout) {
  pollfd p{fd_, POLLIN, 0};
  if (poll(&p, 1, static_cast<int>(timeout.count())) <= 0) return false;
  char buf[1024];
  return recv(fd_, buf, sizeof buf, MSG_PEEK) <= 0;
}

std::optional<HttpResponse> HttpConnection::request(const std::string& method,
                                                    const std::string& target,
                                                    const std::string& body,
                                                    const std::vector<std::string>& headers) {
  send(format_request(method, target, body, headers));
  return read_response();
}

std::string format_request(const std::string& method, const std::string& target,
                           const std::string& body, const std::vector<std::string>& headers) {
  std::string out = method + " " + target + " HTTP/1.1\r\nHost: localhost\r\n";
  for (auto& h : headers) out += h + "\r\n";
  if (!body.empty() || method == "POST" || method == "PUT")
    out += "Content-Length: " + std::to_string(body.size()) + "\r\n";
  out += "\r\n" + body;
  return out;
}

std::string dynamodb_request(const std::string& op, const std::string& body) {
  return format_request("POST", "/", body,
                        {"X-Amz-Target: DynamoDB_20120810." + op,
                         "Content-Type: application/x-amz-json-1.0"});
}

}  // namespace localcloud::testing
