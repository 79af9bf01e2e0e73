#include "localcloud/http/response_head.h"

#include <boost/beast/http/status.hpp>
#include <cstdio>
#include <ctime>

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

std::string http_date(int64_t epoch_seconds) {
  static constexpr char kDays[][4] = {"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"};
  static constexpr char kMonths[][4] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                        "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
  std::time_t t = static_cast<std::time_t>(epoch_seconds);
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[40];
  // By hand, not strftime: day and month names must not follow a locale.
  std::snprintf(buf, sizeof buf, "%s, %02d %s %04d %02d:%02d:%02d GMT", kDays[tm.tm_wday],
                tm.tm_mday, kMonths[tm.tm_mon], tm.tm_year + 1900, tm.tm_hour, tm.tm_min,
                tm.tm_sec);
  return buf;
}

std::string_view http_date_now() {
  thread_local int64_t second = -1;
  thread_local std::string text;
  int64_t now = static_cast<int64_t>(std::time(nullptr));
  if (now != second) {
    second = now;
    text = http_date(now);
  }
  return text;
}

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
  bool has_date = false;
  for (const auto& f : response.headers) {
    if (framing_field(f.name)) continue;
    has_id = has_id || iequals(f.name, "x-amzn-RequestId");
    has_date = has_date || iequals(f.name, "date");
    append_clean(out, f.name);
    out.append(": ");
    append_clean(out, f.value);
    out.append("\r\n");
  }
  if (!has_id && !options.request_id.empty())
    out.append("x-amzn-RequestId: ").append(options.request_id).append("\r\n");
  if (!has_date && !options.date.empty()) out.append("Date: ").append(options.date).append("\r\n");
  if (options.version == 10 && options.keep_alive) out.append("Connection: keep-alive\r\n");
  if (options.version != 10 && !options.keep_alive) out.append("Connection: close\r\n");
  if (status_allows_body(response.status))
    out.append("Content-Length: ").append(std::to_string(response.body.size())).append("\r\n");
  out.append("\r\n");
  return out;
}

}  // namespace localcloud::http
