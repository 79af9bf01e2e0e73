// The status line and header block of an HTTP/1.x response, as the server
// writes it in front of the body: services' fields as given, framing
// (Content-Length, Connection) the server's own.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "localcloud/http/message.h"

namespace localcloud::http {

struct HeadOptions {
  unsigned version = 11;  // of the request: 10 or 11
  bool keep_alive = true;
  std::string_view request_id;  // x-amzn-RequestId, unless the response has one or this is ""
  std::string_view date;        // Date, unless the response has one or this is ""
};

// `epoch_seconds` as HTTP's IMF-fixdate ("Sun, 06 Nov 1994 08:49:37 GMT"),
// the form every AWS response's Date field takes.
std::string http_date(int64_t epoch_seconds);
// The current time so formatted; made at most once a second per thread.
std::string_view http_date_now();

// Whether a response with this status carries a body (not 1xx, 204, 304).
bool status_allows_body(int status);

// Fields called Content-Length, Transfer-Encoding or Connection are dropped
// (the server frames the body itself); CR, LF and NUL in a name or value
// become spaces, so no value can add a field or end the head. A status that
// allows a body gets Content-Length: response.body.size() (a HEAD answer
// too: that of the GET).
std::string response_head(const Response& response, const HeadOptions& options);

}  // namespace localcloud::http
