// http::Server in-process with handlers that misbehave on purpose.
#include <gtest/gtest.h>

#include <thread>

#include "http_client.h"
#include "localcloud/http/server.h"

namespace localcloud::testing {
namespace {

// Answers by path: /throw throws, /later answers from another thread after
// a delay, /twice answers twice, anything else echoes the request id.
class Misbehaving : public http::Handler {
 public:
  void handle(http::Request request, http::Respond respond) override {
    if (request.path() == "/throw") throw std::runtime_error("handler bug");
    if (request.path() == "/throw-int") throw 42;
    if (request.path() == "/later") {
      std::thread([respond] {
        std::this_thread::sleep_for(std::chrono::milliseconds(50));
        respond(http::Response::with_body(200, "text/plain", "late"));
      }).detach();
      return;
    }
    if (request.path() == "/twice") {
      respond(http::Response::with_body(200, "text/plain", "first"));
      respond(http::Response::with_body(500, "text/plain", "second"));
      return;
    }
    respond(http::Response::with_body(200, "text/plain", request.id));
  }
};

class InProcessServer : public ::testing::Test {
 protected:
  virtual void configure(http::ServerOptions&) {}
  void SetUp() override {
    http::ServerOptions o;
    o.port = 0;
    o.threads = 2;
    o.shutdown_grace = std::chrono::milliseconds(2000);
    configure(o);
    server_ = std::make_unique<http::Server>(o, handler_);
    port_ = server_->listen();
    thread_ = std::thread([this] { server_->run(); });
  }
  void TearDown() override {
    server_->shutdown();
    thread_.join();
  }
  Misbehaving handler_;
  std::unique_ptr<http::Server> server_;
  std::thread thread_;
  int port_ = 0;
};

TEST_F(InProcessServer, AThrowingHandlerGets500AndTheConnectionLives) {
  HttpConnection c(port_);
  for (const char* path : {"/throw", "/throw-int"}) {
    auto r = c.request("GET", path);
    ASSERT_TRUE(r) << path;
    EXPECT_EQ(r->status, 500);
    EXPECT_EQ(r->body, R"({"message":"Internal server error"})");
    EXPECT_EQ(r->header("x-amzn-errortype"), "InternalServerError");
    EXPECT_EQ(r->header("x-amzn-requestid").size(), 36u);
  }
  auto ok = c.request("GET", "/fine");
  ASSERT_TRUE(ok);
  EXPECT_EQ(ok->status, 200);
  EXPECT_EQ(ok->body, ok->header("x-amzn-requestid")) << "the service sees the same request id";
}

TEST_F(InProcessServer, ResponsesFromOtherThreadsKeepPipelineOrder) {
  HttpConnection c(port_);
  c.send(format_request("GET", "/later") + format_request("GET", "/now") +
         format_request("GET", "/later"));
  auto a = c.read_response(), b = c.read_response(), d = c.read_response();
  ASSERT_TRUE(a && b && d);
  EXPECT_EQ(a->body, "late");
  EXPECT_EQ(b->body.size(), 36u);
  EXPECT_EQ(d->body, "late");
}

TEST_F(InProcessServer, OnlyTheFirstResponseCounts) {
  HttpConnection c(port_);
  auto r = c.request("GET", "/twice");
  ASSERT_TRUE(r);
  EXPECT_EQ(r->body, "first");
  auto next = c.request("GET", "/after");
  ASSERT_TRUE(next);
  EXPECT_EQ(next->status, 200);
}

TEST_F(InProcessServer, HeadGetsHeadersWithoutBody) {
  HttpConnection c(port_);
  c.send("HEAD /x HTTP/1.1\r\nHost: a\r\n\r\n");
  // Content-Length describes the GET body; none follows, so the next
  // response starts right after the headers.
  c.send(format_request("GET", "/y"));
  auto head = c.read_response(std::chrono::seconds(5), /*to_head=*/true);
  ASSERT_TRUE(head);
  EXPECT_EQ(head->header("content-length"), "36");
  auto next = c.read_response();
  ASSERT_TRUE(next);
  EXPECT_EQ(next->status, 200);
  EXPECT_EQ(next->body.size(), 36u);
}

class ShortTimeouts : public InProcessServer {
 protected:
  void configure(http::ServerOptions& o) override {
    o.idle_timeout = std::chrono::milliseconds(600);
    o.header_timeout = std::chrono::milliseconds(600);
    o.body_timeout = std::chrono::milliseconds(600);
  }
};

TEST_F(ShortTimeouts, IdleKeepAliveConnectionsAreClosed) {
  HttpConnection c(port_);
  ASSERT_TRUE(c.request("GET", "/a"));
  EXPECT_FALSE(c.closed_by_peer(std::chrono::milliseconds(200)));
  EXPECT_TRUE(c.closed_by_peer(std::chrono::seconds(3)));
}

// A client that dribbles its headers never gets past the header deadline,
// however steadily it sends.
TEST_F(ShortTimeouts, SlowHeadersAreCutOff) {
  HttpConnection c(port_);
  std::string request = "GET /slow HTTP/1.1\r\nHost: x\r\nX-Padding: " + std::string(40, 'a');
  auto started = std::chrono::steady_clock::now();
  bool closed = false;
  for (char ch : request) {
    try {
      c.send(std::string(1, ch));
    } catch (const std::exception&) {
      closed = true;
      break;
    }
    if (c.closed_by_peer(std::chrono::milliseconds(50))) {
      closed = true;
      break;
    }
  }
  EXPECT_TRUE(closed || c.closed_by_peer(std::chrono::seconds(2)));
  EXPECT_LT(std::chrono::steady_clock::now() - started, std::chrono::seconds(3));
}

TEST_F(ShortTimeouts, SlowBodiesAreCutOff) {
  HttpConnection c(port_);
  c.send("POST /b HTTP/1.1\r\nHost: x\r\nContent-Length: 100\r\n\r\nonly part");
  EXPECT_TRUE(c.closed_by_peer(std::chrono::seconds(3)));
}

// A connection that opens and never sends owes its first request within
// the header deadline, not the (much longer) keep-alive idle timeout.
class LongIdleShortHeaders : public InProcessServer {
 protected:
  void configure(http::ServerOptions& o) override {
    o.idle_timeout = std::chrono::milliseconds(60'000);
    o.header_timeout = std::chrono::milliseconds(600);
    o.body_limit = 1024;
  }
};

TEST_F(LongIdleShortHeaders, ASilentNewConnectionIsClosedAtTheHeaderDeadline) {
  HttpConnection c(port_);
  EXPECT_TRUE(c.closed_by_peer(std::chrono::seconds(10)));
  // A kept-alive connection that has been served waits for the idle timeout.
  HttpConnection served(port_);
  ASSERT_TRUE(served.request("GET", "/a"));
  EXPECT_FALSE(served.closed_by_peer(std::chrono::seconds(2)));
}

// The 413 for a body over the limit reaches a client that is still sending
// it: the server drains what follows instead of resetting the connection.
TEST_F(LongIdleShortHeaders, TooLargeAnswerIsReadableWhileTheClientStillSends) {
  HttpConnection c(port_);
  std::string body(512 * 1024, 'x');
  c.send("POST /big HTTP/1.1\r\nHost: x\r\nContent-Length: " + std::to_string(body.size()) +
         "\r\n\r\n" + body);
  auto r = c.read_response();
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 413);
  EXPECT_EQ(r->body, R"({"message":"Request Too Long"})");
}

}  // namespace
}  // namespace localcloud::testing
