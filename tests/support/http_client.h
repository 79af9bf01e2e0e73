// A deliberately plain HTTP/1.1 client over a blocking socket, so tests
// control every byte: pipelining, partial bodies, raw garbage.
#pragma once

#include <chrono>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace localcloud::testing {

struct HttpResponse {
  int status = 0;
  std::map<std::string, std::string> headers;  // names lowercased
  std::string body;
  std::string header(const std::string& lower_name) const;
};

class HttpConnection {
 public:
  // Connects to 127.0.0.1:port; throws std::runtime_error on failure.
  explicit HttpConnection(int port);
  ~HttpConnection();
  HttpConnection(const HttpConnection&) = delete;
  HttpConnection& operator=(const HttpConnection&) = delete;

  // Writes raw bytes.
  void send(const std::string& bytes);
  // Reads one complete response (Content-Length framing). nullopt if the
  // peer closed before a whole response arrived or on timeout.
  // `to_head` reads the answer to a HEAD request: headers only.
  std::optional<HttpResponse> read_response(
      std::chrono::milliseconds timeout = std::chrono::seconds(10), bool to_head = false);
  // True when the peer has closed (reads EOF within `timeout`).
  bool closed_by_peer(std::chrono::milliseconds timeout = std::chrono::seconds(5));

  // Sends one request and reads its response.
  std::optional<HttpResponse> request(const std::string& method, const std::string& target,
                                      const std::string& body = "",
                                      const std::vector<std::string>& headers = {});

 private:
  int fd_;
  std::string buffer_;
};

// Formats a request with Host and Content-Length.
std::string format_request(const std::string& method, const std::string& target,
                           const std::string& body = "",
                           const std::vector<std::string>& headers = {});

// A DynamoDB JSON 1.0 request for operation `op`.
std::string dynamodb_request(const std::string& op, const std::string& body);

}  // namespace localcloud::testing
