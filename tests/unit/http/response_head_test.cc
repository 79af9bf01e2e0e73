#include "localcloud/http/response_head.h"

#include <gtest/gtest.h>

#include <ctime>

namespace localcloud::http {
namespace {

Response response(int status, std::string body) {
  Response r;
  r.status = status;
  r.body = std::move(body);
  return r;
}

TEST(ResponseHead, StatusFieldsIdAndLength) {
  auto r = response(200, "{}");
  r.headers.add("Content-Type", "application/x-amz-json-1.0");
  r.headers.add("Set-Cookie", "a=1");
  r.headers.add("set-cookie", "b=2");
  EXPECT_EQ(response_head(r, {11, true, "rid", ""}),
            "HTTP/1.1 200 OK\r\n"
            "Content-Type: application/x-amz-json-1.0\r\n"
            "Set-Cookie: a=1\r\n"
            "set-cookie: b=2\r\n"
            "x-amzn-RequestId: rid\r\n"
            "Content-Length: 2\r\n\r\n");
}

TEST(ResponseHead, TheServiceRequestIdWins) {
  auto r = response(404, "");
  r.headers.add("X-Amzn-RequestId", "service-id");
  EXPECT_EQ(response_head(r, {11, true, "rid", ""}),
            "HTTP/1.1 404 Not Found\r\nX-Amzn-RequestId: service-id\r\nContent-Length: 0\r\n\r\n");
}

TEST(ResponseHead, DateUnlessTheResponseHasOne) {
  auto r = response(200, "");
  EXPECT_EQ(response_head(r, {11, true, "", "Mon, 30 Nov 2026 22:51:49 GMT"}),
            "HTTP/1.1 200 OK\r\nDate: Mon, 30 Nov 2026 22:51:49 GMT\r\nContent-Length: 0\r\n\r\n");
  r.headers.add("date", "theirs");
  EXPECT_EQ(response_head(r, {11, true, "", "Mon, 30 Nov 2026 22:51:49 GMT"}),
            "HTTP/1.1 200 OK\r\ndate: theirs\r\nContent-Length: 0\r\n\r\n");
}

TEST(ResponseHead, HttpDateIsTheImfFixdate) {
  EXPECT_EQ(http_date(0), "Thu, 01 Jan 1970 00:00:00 GMT");
  EXPECT_EQ(http_date(784111777), "Sun, 06 Nov 1994 08:49:37 GMT");  // RFC 9110's example
  EXPECT_EQ(http_date(1796079109), "Mon, 30 Nov 2026 22:51:49 GMT");
  // Every day of a leap year's end and a new year's start, against the C library's view.
  for (int64_t t = 1703980800 - 3 * 86400; t < 1703980800 + 3 * 86400; t += 86400 / 2 + 7) {
    std::time_t tt = static_cast<std::time_t>(t);
    std::tm tm{};
    gmtime_r(&tt, &tm);
    char want[64];
    std::strftime(want, sizeof want, "%a, %d %b %Y %H:%M:%S GMT", &tm);  // C locale here
    EXPECT_EQ(http_date(t), want);
  }
  auto now = http_date_now();
  EXPECT_EQ(now.size(), 29u);
  EXPECT_TRUE(now.ends_with(" GMT"));
}

TEST(ResponseHead, NoRequestIdWhenNoneIsGiven) {
  // The Lambda Runtime API answers runtimes, not AWS clients.
  EXPECT_EQ(response_head(response(202, "{}"), {11, true, "", ""}),
            "HTTP/1.1 202 Accepted\r\nContent-Length: 2\r\n\r\n");
}

TEST(ResponseHead, ConnectionAsTheVersionNeeds) {
  auto r = response(503, "x");
  EXPECT_EQ(response_head(r, {11, false, "i", ""}),
            "HTTP/1.1 503 Service Unavailable\r\nx-amzn-RequestId: i\r\nConnection: close\r\n"
            "Content-Length: 1\r\n\r\n");
  EXPECT_EQ(response_head(r, {10, true, "i", ""}),
            "HTTP/1.0 503 Service Unavailable\r\nx-amzn-RequestId: i\r\n"
            "Connection: keep-alive\r\nContent-Length: 1\r\n\r\n");
  EXPECT_EQ(response_head(r, {10, false, "i", ""}),
            "HTTP/1.0 503 Service Unavailable\r\nx-amzn-RequestId: i\r\nContent-Length: 1\r\n\r\n");
}

TEST(ResponseHead, FramingIsTheServersOwn) {
  // A proxied answer's framing fields would contradict the body written.
  auto r = response(200, "abc");
  r.headers.add("Content-Length", "999");
  r.headers.add("Transfer-Encoding", "chunked");
  r.headers.add("connection", "upgrade");
  r.headers.add("ETag", "\"1\"");
  EXPECT_EQ(response_head(r, {11, true, "i", ""}),
            "HTTP/1.1 200 OK\r\nETag: \"1\"\r\nx-amzn-RequestId: i\r\nContent-Length: 3\r\n\r\n");
}

TEST(ResponseHead, NoLengthWhereNoBodyMayBe) {
  for (int status : {100, 204, 304})
    EXPECT_EQ(response_head(response(status, ""), {11, true, "i", ""}).find("Content-Length"),
              std::string::npos)
        << status;
  EXPECT_TRUE(status_allows_body(200));
  EXPECT_TRUE(status_allows_body(202));
  EXPECT_FALSE(status_allows_body(204));
  EXPECT_FALSE(status_allows_body(304));
}

TEST(ResponseHead, LineBreaksInFieldsCannotAddFields) {
  // A handler's header value (an API Gateway proxy answer) is untrusted text.
  auto r = response(200, "");
  r.headers.add("X-A", "1\r\nSet-Cookie: evil=1");
  r.headers.add("X-B\n", std::string("2\0\r\n\r\n<html>", 12));
  auto head = response_head(r, {11, true, "i", ""});
  EXPECT_EQ(head,
            "HTTP/1.1 200 OK\r\nX-A: 1  Set-Cookie: evil=1\r\nX-B : 2     <html>\r\n"
            "x-amzn-RequestId: i\r\nContent-Length: 0\r\n\r\n");
}

}  // namespace
}  // namespace localcloud::http
