// The front door end to end: the real binary, real sockets.
#include <gtest/gtest.h>
#include <signal.h>

#include <atomic>
#include <filesystem>
#include <thread>

#include "http_client.h"
#include "server_process.h"

namespace localcloud::testing {
namespace {

class ServerTest : public ::testing::Test {
 protected:
  void SetUp() override { ASSERT_TRUE(server_.start()) << server_.stderr_text(); }
  ServerProcess server_{{"--in-memory"}};
};

TEST_F(ServerTest, HealthReportsVersionUptimeAndServices) {
  HttpConnection c(server_.port());
  auto r = c.request("GET", "/_localcloud/health");
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 200);
  EXPECT_EQ(r->header("content-type"), "application/json");
  EXPECT_NE(r->body.find("\"version\":\"0.1.0\""), std::string::npos) << r->body;
  EXPECT_NE(r->body.find("\"uptime_seconds\":"), std::string::npos) << r->body;
  EXPECT_NE(r->body.find("\"dynamodb\":\"running\""), std::string::npos) << r->body;
}

TEST_F(ServerTest, EveryResponseCarriesAUuidRequestId) {
  HttpConnection c(server_.port());
  std::string first;
  for (const char* target : {"/_localcloud/health", "/nothing/here"}) {
    auto r = c.request("GET", target);
    ASSERT_TRUE(r);
    auto id = r->header("x-amzn-requestid");
    ASSERT_EQ(id.size(), 36u) << target;
    EXPECT_EQ(id[14], '4');  // version 4
    EXPECT_NE(id, first);
    first = id;
  }
}

TEST_F(ServerTest, KeepAliveServesManyRequestsOnOneConnection) {
  HttpConnection c(server_.port());
  for (int i = 0; i < 500; ++i) {
    auto r = c.request("GET", "/_localcloud/health");
    ASSERT_TRUE(r) << "request " << i;
    ASSERT_EQ(r->status, 200);
  }
  c.send(dynamodb_request("ListTables", "{}"));
  auto r = c.read_response();
  ASSERT_TRUE(r);
  EXPECT_EQ(r->body, R"({"TableNames":[]})");
}

TEST_F(ServerTest, PipelinedRequestsAreAnsweredInOrder) {
  HttpConnection c(server_.port());
  // Three kinds of request whose answers differ, sent in one write.
  std::string batch;
  for (int i = 0; i < 30; ++i) {
    batch += format_request("GET", "/_localcloud/health");
    batch += dynamodb_request("ListTables", "{}");
    batch += dynamodb_request("NoSuchOperation", "{}");
  }
  c.send(batch);
  for (int i = 0; i < 30; ++i) {
    auto health = c.read_response();
    auto tables = c.read_response();
    auto unknown = c.read_response();
    ASSERT_TRUE(health && tables && unknown) << "round " << i;
    EXPECT_EQ(health->status, 200);
    EXPECT_NE(health->body.find("uptime_seconds"), std::string::npos);
    EXPECT_EQ(tables->status, 200);
    EXPECT_EQ(tables->body, R"({"TableNames":[]})");
    EXPECT_EQ(unknown->status, 400);
    EXPECT_NE(unknown->body.find("UnknownOperationException"), std::string::npos);
  }
}

// DynamoDB answers an operation it does not know with 400 and
// com.amazon.coral.service#UnknownOperationException.
TEST_F(ServerTest, UnknownDynamoDbOperationGetsAwsError) {
  HttpConnection c(server_.port());
  c.send(dynamodb_request("DescribeEverything", "{}"));
  auto r = c.read_response();
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 400);
  EXPECT_EQ(r->header("content-type"), "application/x-amz-json-1.0");
  EXPECT_EQ(r->body,
            R"({"__type":"com.amazon.coral.service#UnknownOperationException",)"
            R"("message":"Unknown operation exception"})");
}

// A body that is not JSON: 400 com.amazon.coral.service#SerializationException.
TEST_F(ServerTest, MalformedJsonGetsSerializationException) {
  HttpConnection c(server_.port());
  for (const char* body : {"{not json", "[1,2]", "\"text\""}) {
    c.send(dynamodb_request("ListTables", body));
    auto r = c.read_response();
    ASSERT_TRUE(r) << body;
    EXPECT_EQ(r->status, 400) << body;
    EXPECT_EQ(r->body, R"({"__type":"com.amazon.coral.service#SerializationException"})") << body;
  }
}

TEST_F(ServerTest, ValidationErrorsUseDynamoDbMessageFormat) {
  HttpConnection c(server_.port());
  c.send(dynamodb_request("ListTables", R"({"Limit":101})"));
  auto r = c.read_response();
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 400);
  EXPECT_EQ(r->body,
            R"({"__type":"com.amazon.coral.validate#ValidationException","message":"1 validation )"
            R"(error detected: Value '101' at 'limit' failed to satisfy constraint: Member must )"
            R"(have value less than or equal to 100"})");
}

TEST_F(ServerTest, NoRouteGetsMissingAuthenticationToken) {
  HttpConnection c(server_.port());
  auto r = c.request("GET", "/v1/users");
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 403);
  EXPECT_EQ(r->body, R"({"message":"Missing Authentication Token"})");
  EXPECT_EQ(r->header("x-amzn-errortype"), "MissingAuthenticationTokenException");
}

TEST_F(ServerTest, GarbageGetsBadRequestAndTheServerStaysUp) {
  {
    HttpConnection c(server_.port());
    c.send("THIS IS NOT HTTP\r\n\r\n");
    auto r = c.read_response();
    ASSERT_TRUE(r);
    EXPECT_EQ(r->status, 400);
    EXPECT_TRUE(c.closed_by_peer());
  }
  HttpConnection c(server_.port());
  auto r = c.request("GET", "/_localcloud/health");
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 200);
}

TEST(ServerLimits, OversizedBodyGets413) {
  ServerProcess server({"--in-memory", "--body-limit", "1K"});
  ASSERT_TRUE(server.start()) << server.stderr_text();
  {
    HttpConnection c(server.port());
    c.send(dynamodb_request("ListTables", std::string(2048, ' ')));
    auto r = c.read_response();
    ASSERT_TRUE(r);
    EXPECT_EQ(r->status, 413);
    EXPECT_EQ(r->body, R"({"message":"Request Too Long"})");
    EXPECT_TRUE(c.closed_by_peer());
  }
  {
    // Chunked: the size is only known while reading.
    HttpConnection c(server.port());
    std::string chunk(900, ' ');
    char size[16];
    snprintf(size, sizeof size, "%zx", chunk.size());
    c.send("POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n"
           "X-Amz-Target: DynamoDB_20120810.ListTables\r\n\r\n" +
           std::string(size) + "\r\n" + chunk + "\r\n" + size + "\r\n" + chunk + "\r\n0\r\n\r\n");
    auto r = c.read_response();
    ASSERT_TRUE(r);
    EXPECT_EQ(r->status, 413);
  }
  // At the limit is fine.
  HttpConnection c(server.port());
  c.send(dynamodb_request("ListTables", "{}" + std::string(1022, ' ')));
  auto r = c.read_response();
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 200);
}

TEST(ServerLimits, ExpectContinueIsHonoured) {
  ServerProcess server({"--in-memory"});
  ASSERT_TRUE(server.start());
  HttpConnection c(server.port());
  c.send("POST / HTTP/1.1\r\nHost: x\r\nX-Amz-Target: DynamoDB_20120810.ListTables\r\n"
         "Content-Length: 2\r\nExpect: 100-continue\r\n\r\n");
  auto interim = c.read_response(std::chrono::seconds(2));
  ASSERT_TRUE(interim);
  EXPECT_EQ(interim->status, 100);
  c.send("{}");
  auto r = c.read_response();
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 200);
}

// SIGTERM: stop accepting, answer every request already being received,
// close, exit 0.
TEST(ServerShutdown, InFlightRequestsCompleteOnSigterm) {
  ServerProcess server({"--in-memory"});
  ASSERT_TRUE(server.start());
  std::vector<std::unique_ptr<HttpConnection>> in_flight;
  const std::string body = R"({"Limit": 5})";
  for (int i = 0; i < 8; ++i) {
    in_flight.push_back(std::make_unique<HttpConnection>(server.port()));
    std::string req = dynamodb_request("ListTables", body);
    in_flight.back()->send(req.substr(0, req.size() - 4));  // headers and part of the body
  }
  HttpConnection idle(server.port());
  ASSERT_TRUE(idle.request("GET", "/_localcloud/health"));
  std::this_thread::sleep_for(std::chrono::milliseconds(100));
  server.signal(SIGTERM);
  std::this_thread::sleep_for(std::chrono::milliseconds(200));
  EXPECT_TRUE(idle.closed_by_peer()) << "an idle keep-alive connection is closed at once";
  for (auto& c : in_flight) {
    c->send(body.substr(body.size() - 4));
    auto r = c->read_response();
    ASSERT_TRUE(r) << "every in-flight request gets a complete response";
    EXPECT_EQ(r->status, 200);
    EXPECT_EQ(r->body, R"({"TableNames":[]})");
    EXPECT_EQ(r->header("connection"), "close");
  }
  EXPECT_EQ(server.wait(std::chrono::seconds(10)), 0) << server.stderr_text();
  EXPECT_NE(server.stderr_text().find("localcloud stopped"), std::string::npos);
}

// Clients hammering while SIGTERM arrives: every response that starts is
// complete; connections are closed, never cut mid-response.
TEST(ServerShutdown, LoadDuringSigtermNeverYieldsPartialResponses) {
  ServerProcess server({"--in-memory", "--log-level", "warn"});
  ASSERT_TRUE(server.start());
  std::atomic<int> complete{0}, broken{0};
  std::atomic<bool> go{true};
  std::vector<std::thread> clients;
  for (int t = 0; t < 6; ++t) {
    clients.emplace_back([&] {
      try {
        HttpConnection c(server.port());
        while (go) {
          c.send(dynamodb_request("ListTables", "{}"));
          auto r = c.read_response(std::chrono::seconds(5));
          if (!r) break;  // closed between responses
          if (r->status == 200 && r->body == R"({"TableNames":[]})") {
            ++complete;
          } else {
            ++broken;
          }
        }
      } catch (const std::exception&) {
        // connection refused or reset before a request: not a partial response
      }
    });
  }
  std::this_thread::sleep_for(std::chrono::milliseconds(300));
  server.signal(SIGTERM);
  auto status = server.wait(std::chrono::seconds(15));
  go = false;
  for (auto& t : clients) t.join();
  EXPECT_EQ(status, 0);
  EXPECT_GT(complete.load(), 100);
  EXPECT_EQ(broken.load(), 0);
}

TEST(ServerStartup, SecondInstanceOnABusyPortFailsClearly) {
  ServerProcess first({"--in-memory"});
  ASSERT_TRUE(first.start());
  auto second = run_binary({"--in-memory", "--port", std::to_string(first.port())});
  EXPECT_EQ(second.exit_status, 2);
  EXPECT_NE(second.err.find("cannot listen on 127.0.0.1:" + std::to_string(first.port())),
            std::string::npos)
      << second.err;
  EXPECT_NE(second.err.find("Address already in use"), std::string::npos) << second.err;
}

TEST(ServerStartup, BadFlagExitsWithStatus2AndOneLine) {
  auto r = run_binary({"--no-such-flag"});
  EXPECT_EQ(r.exit_status, 2);
  EXPECT_EQ(std::count(r.err.begin(), r.err.end(), '\n'), 1) << r.err;
  EXPECT_NE(r.err.find("--no-such-flag"), std::string::npos) << r.err;
}

TEST(ServerStartup, UnreadableConfigExitsWithStatus2) {
  auto r = run_binary({"--in-memory", "--port", "0", "--config", "/nonexistent/localcloud.json"});
  EXPECT_EQ(r.exit_status, 2);
  EXPECT_NE(r.err.find("cannot read config file /nonexistent/localcloud.json"), std::string::npos)
      << r.err;
}

TEST(ServerStartup, VersionAndHelp) {
  auto v = run_binary({"--version"});
  EXPECT_EQ(v.exit_status, 0);
  EXPECT_EQ(v.out, "localcloud 0.1.0\n");
  auto h = run_binary({"--help"});
  EXPECT_EQ(h.exit_status, 0);
  EXPECT_NE(h.out.find("--data-dir"), std::string::npos);
}

TEST(ServerStartup, ServeSubcommandIsTheDefault) {
  ServerProcess server({"serve", "--in-memory"});
  ASSERT_TRUE(server.start()) << server.stderr_text();
  HttpConnection c(server.port());
  auto r = c.request("GET", "/_localcloud/health");
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 200);
}

TEST(ServerStorage, DataDirectoryIsCreatedAndReopened) {
  auto dir = std::filesystem::temp_directory_path() /
             ("localcloud-it-" + std::to_string(::getpid()));
  std::filesystem::remove_all(dir);
  for (int round = 0; round < 2; ++round) {
    ServerProcess server({"--data-dir", dir.string()});
    ASSERT_TRUE(server.start()) << server.stderr_text();
    HttpConnection c(server.port());
    c.send(dynamodb_request("ListTables", "{}"));
    auto r = c.read_response();
    ASSERT_TRUE(r);
    EXPECT_EQ(r->status, 200);
    server.signal(SIGTERM);
    EXPECT_EQ(server.wait(std::chrono::seconds(10)), 0);
  }
  EXPECT_TRUE(std::filesystem::exists(dir / "localcloud.db"));
  std::filesystem::remove_all(dir);
}

}  // namespace
}  // namespace localcloud::testing
