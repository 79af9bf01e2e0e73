// A small blocking HTTP/1.1 client for HTTP and HTTP_PROXY integrations:
// one request per connection (Connection: close), plain http:// only.
// Blocks the calling thread; run it on a Workers thread.
#pragma once

#include <chrono>
#include <string>

#include "localcloud/http/message.h"

namespace localcloud::apigateway::integration {

struct HttpResult {
  enum class Status { kOk, kTimedOut, kFailed };
  Status outcome = Status::kFailed;
  std::string error;  // for logs, when not kOk
  int status = 0;
  http::Headers headers;
  std::string body;
};

// Sends `method` `url` ("http://host[:port]/path?query") with `headers`
// (Host, Connection and Content-Length are set here) and `body`; gives up
// after `timeout` in total.
HttpResult http_request(const std::string& method, const std::string& url,
                        const http::Headers& headers, const std::string& body,
                        std::chrono::milliseconds timeout);

}  // namespace localcloud::apigateway::integration
