#include "localcloud/http/response_head.h"

#include <boost/beast/http/status.hpp>

namespace localcloud::http {
namespace {

void append_clean(std::string& out, std::string_view text) {
  size_t start = out.size();
  out.append(text);
  for (size_t i = start; i < out.size(); ++i)
    if (out[i] == '\r' || out[i] == '\n' || out[i] == '\0') out[i] = ' ';
}

bool framing_field(std::string_view name) {
  return iequals(name, "content-length") || iequals(name, "transfer-encoding") ||
         iequals(name, "connection");
}

}  // namespace

bool status_allows_body(int status) {
  return !(status / 100 == 1 || status == 204 || status == 304);
}

std::string response_head(const Response& response, const HeadOptions& options) {
  namespace bhttp = boost::beast::http;
  std::string out;
  out.reserve(160 + response.headers.size() * 48);
  out.append(options.version == 10 ? "HTTP/1.0 " : "HTTP/1.1 ");
  out.append(std::to_string(response.status)).push_back(' ');
  auto reason = bhttp::obsolete_reason(static_cast<bhttp::status>(response.status));
  out.append(reason.data(), reason.size()).append("\r\n");
  bool has_id = false;
  for (const auto& f : response.headers) {
    if (framing_field(f.name)) continue;
    has_id = has_id || iequals(f.name, "x-amzn-RequestId");
    append_clean(out, f.name);
    out.append(": ");
    append_clean(out, f.value);
    out.append("\r\n");
  }
  if (!has_id && !options.request_id.empty())
    out.append("x-amzn-RequestId: ").append(options.request_id).append("\r\n");
  if (options.version == 10 && options.keep_alive) out.append("Connection: keep-alive\r\n");
  if (options.version != 10 && !options.keep_alive) out.append("Connection: close\r\n");
  if (status_allows_body(response.status))
    out.append("Content-Length: ").append(std::to_string(response.body.size())).append("\r\n");
  out.append("\r\n");
  return out;
}

}  // namespace localcloud::http
