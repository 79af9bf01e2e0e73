// The Runtime API listener over a real loopback socket: a runtime that
// pipelines its result with its poll for the next event gets the result's
// 202 together with the next event; one that sends a request at a time gets
// each answer at once.
#include "invoke/runtime_api.h"

#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/post.hpp>
#include <future>
#include <string>
#include <thread>

namespace localcloud::lambda::invoke {
namespace {

namespace net = boost::asio;

constexpr std::string_view kPost =
    "POST /2018-06-01/runtime/invocation/r1/response HTTP/1.1\r\nHost: x\r\n"
    "Content-Type: application/json\r\nContent-Length: 2\r\n\r\n{}";
constexpr std::string_view kPoll = "GET /2018-06-01/runtime/invocation/next HTTP/1.1\r\nHost: x\r\n\r\n";

// A listener on its own thread that answers results with 202 at once and
// keeps polls for the test to answer.
class RuntimeApiTest : public ::testing::Test {
 protected:
  void SetUp() override {
    listener_ = RuntimeApiListener::start(ioc_, 1 << 20, [this](RuntimeRequest request,
                                                                ExchangePtr exchange) {
      if (request.method == "POST") {
        exchange->respond(RuntimeResponse{202, {}, R"({"status":"OK"})"});
      } else {
        polls_.set_value(std::move(exchange));
      }
    });
    thread_ = std::thread([this] { ioc_.run(); });
    fd_ = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_port = htons(listener_->port());
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    ASSERT_EQ(::connect(fd_, reinterpret_cast<sockaddr*>(&address), sizeof address), 0);
  }

  void TearDown() override {
    ::close(fd_);
    net::post(ioc_, [this] { listener_->close(); });
    work_.reset();
    thread_.join();
  }

  void send(std::string_view bytes) {
    ASSERT_EQ(::write(fd_, bytes.data(), bytes.size()), static_cast<ssize_t>(bytes.size()));
  }

  // What arrives within `ms` milliseconds of quiet.
  std::string receive(int ms) {
    std::string got;
    pollfd p{fd_, POLLIN, 0};
    while (::poll(&p, 1, ms) > 0) {
      char buffer[4096];
      ssize_t n = ::read(fd_, buffer, sizeof buffer);
      if (n <= 0) break;
      got.append(buffer, static_cast<size_t>(n));
    }
    return got;
  }

  // Answers the poll the listener handed over with an event.
  void answer_poll() {
    auto exchange = polls_.get_future().get();
    net::post(ioc_, [exchange] { exchange->respond(RuntimeResponse{200, {}, R"({"n":2})"}); });
  }

  net::io_context ioc_;
  net::executor_work_guard<net::io_context::executor_type> work_ = net::make_work_guard(ioc_);
  std::shared_ptr<RuntimeApiListener> listener_;
  std::promise<ExchangePtr> polls_;
  std::thread thread_;
  int fd_ = -1;
};

TEST_F(RuntimeApiTest, APipelinedResultIsAnsweredWithTheNextEvent) {
  send(std::string(kPost) + std::string(kPoll));
  EXPECT_EQ(receive(200), "");  // the 202 waits for the poll's answer
  answer_poll();
  std::string got = receive(200);
  auto accepted = got.find("HTTP/1.1 202 Accepted\r\n");
  auto event = got.find("HTTP/1.1 200 OK\r\n");
  ASSERT_NE(accepted, std::string::npos) << got;
  ASSERT_NE(event, std::string::npos) << got;
  EXPECT_LT(accepted, event);
  EXPECT_NE(got.find(R"({"status":"OK"})"), std::string::npos);
  EXPECT_TRUE(got.ends_with(R"({"n":2})")) << got;
}

TEST_F(RuntimeApiTest, AResultSentAloneIsAnsweredAtOnce) {
  send(kPost);
  std::string got = receive(200);
  EXPECT_TRUE(got.starts_with("HTTP/1.1 202 Accepted\r\n")) << got;
  EXPECT_TRUE(got.ends_with(R"({"status":"OK"})")) << got;
  send(kPoll);
  EXPECT_EQ(receive(100), "");
  answer_poll();
  EXPECT_TRUE(receive(200).starts_with("HTTP/1.1 200 OK\r\n"));
}

}  // namespace
}  // namespace localcloud::lambda::invoke
