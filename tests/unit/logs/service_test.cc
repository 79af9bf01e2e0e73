// The JSON 1.1 edge, driven in-process: routing by X-Amz-Target, error
// bodies, and the paging tokens of GetLogEvents and FilterLogEvents.
#include "localcloud/logs/service.h"

#include <gtest/gtest.h>

#include <future>
#include <nlohmann/json.hpp>

#include "model/clock.h"

namespace localcloud::logs {
namespace {

using nlohmann::json;

class LogsServiceTest : public ::testing::Test {
 protected:
  void SetUp() override {
    store_ = sqlite::Store::open({"", true, 2});
    logs_ = std::make_shared<LogStore>(*store_);
    service_ = make_service(logs_);
  }

  http::Response call(const std::string& op, const std::string& body) {
    http::Request request;
    request.method = "POST";
    request.target = "/";
    request.headers.add("X-Amz-Target", "Logs_20140328." + op);
    request.headers.add("Content-Type", "application/x-amz-json-1.1");
    request.body = body;
    std::promise<http::Response> done;
    service_->handle(std::move(request), [&](http::Response r) { done.set_value(std::move(r)); });
    return done.get_future().get();
  }

  json ok(const std::string& op, const json& body) {
    auto r = call(op, body.dump());
    EXPECT_EQ(r.status, 200) << op << " " << r.body;
    return r.body.empty() ? json::object() : json::parse(r.body);
  }

  // "<status> <__type>: <message>"
  std::string error(const std::string& op, const json& body) {
    auto r = call(op, body.dump());
    auto j = json::parse(r.body);
    return std::to_string(r.status) + " " + j.value("__type", "") + ": " + j.value("message", "");
  }

  std::unique_ptr<sqlite::Store> store_;
  std::shared_ptr<LogStore> logs_;
  std::shared_ptr<http::Service> service_;
};

TEST_F(LogsServiceTest, RoutesByTargetAndAnswersJson11) {
  auto routes = service_->routes();
  ASSERT_EQ(routes.size(), 1u);
  EXPECT_EQ(routes[0].match, "Logs_20140328.");
  auto r = call("CreateLogGroup", R"({"logGroupName":"/g"})");
  EXPECT_EQ(r.status, 200);
  EXPECT_EQ(r.body, "");
  r = call("CreateLogGroup", R"({"logGroupName":"/g"})");
  EXPECT_EQ(r.status, 400);
  EXPECT_EQ(r.headers.find("Content-Type"), "application/x-amz-json-1.1");
  EXPECT_EQ(
      r.body,
      R"({"__type":"ResourceAlreadyExistsException","message":"The specified log group already exists"})");
  EXPECT_EQ(error("NoSuchThing", json::object()),
            "400 com.amazon.coral.service#UnknownOperationException: Unknown operation exception");
  EXPECT_EQ(call("CreateLogGroup", "{not json").status, 400);
}

// Found by fuzz/dynamodb_request: a number beyond a double's range is valid
// JSON text that the JSON library refuses with out_of_range, not parse_error;
// it answered 500 InternalServerError. AWS cannot read such a body either.
TEST_F(LogsServiceTest, NumberBeyondDoubleRangeIsASerializationError) {
  auto r = call("DescribeLogGroups", R"({"limit": 1e400})");
  EXPECT_EQ(r.status, 400);
  EXPECT_NE(r.body.find("SerializationException"), std::string::npos) << r.body;
}

TEST_F(LogsServiceTest, ValidatesAsAwsWordsIt) {
  EXPECT_EQ(error("CreateLogGroup", {{"logGroupName", "a:b"}}),
            "400 InvalidParameterException: 1 validation error detected: Value 'a:b' at "
            "'logGroupName' failed to satisfy constraint: Member must satisfy regular expression "
            "pattern: [\\.\\-_/#A-Za-z0-9]+");
  EXPECT_EQ(error("CreateLogGroup", {{"logGroupName", std::string(513, 'a')}}),
            "400 InvalidParameterException: Invalid LogGroup or LogStream, both must have length "
            "less than or equal to 512.");
  EXPECT_EQ(error("CreateLogStream", json::object()),
            "400 InvalidParameterException: 2 validation errors detected: Value null at "
            "'logGroupName' failed to satisfy constraint: Member must not be null; Value null at "
            "'logStreamName' failed to satisfy constraint: Member must not be null");
  EXPECT_EQ(error("PutRetentionPolicy", {{"logGroupName", "/g"}, {"retentionInDays", 2}}),
            "400 InvalidParameterException: 1 validation error detected: Value '2' at "
            "'retentionInDays' failed to satisfy constraint: Member must satisfy enum value set: "
            "[1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, "
            "2557, 2922, 3288, 3653]");
  EXPECT_EQ(error("DescribeLogGroups", {{"limit", 51}}),
            "400 InvalidParameterException: 1 validation error detected: Value '51' at 'limit' "
            "failed to satisfy constraint: Member must have value less than or equal to 50");
  EXPECT_EQ(error("DescribeLogGroups", {{"logGroupNamePrefix", "a"}, {"logGroupNamePattern", "b"}}),
            "400 InvalidParameterException: LogGroup name prefix and LogGroup name pattern are "
            "mutually exclusive parameters.");
  EXPECT_EQ(error("DescribeLogStreams", {{"logGroupName", "/g"}, {"logGroupIdentifier", "/g"}}),
            "400 ValidationException: LogGroup name and LogGroup ARN are mutually exclusive "
            "parameters.");
  EXPECT_EQ(error("PutLogEvents",
                  {{"logGroupName", "/g"}, {"logStreamName", "s"}, {"logEvents", json::array()}}),
            "400 InvalidParameterException: 1 validation error detected: Value '[]' at "
            "'logEvents' failed to satisfy constraint: Member must have length greater than or "
            "equal to 1");
  EXPECT_EQ(
      error("GetLogEvents", {{"logGroupName", "/g"}, {"logStreamName", "s"}, {"limit", 10001}}),
      "400 InvalidParameterException: 1 validation error detected: Value '10001' at 'limit' "
      "failed to satisfy constraint: Member must have value less than or equal to 10000");
  EXPECT_EQ(call("CreateLogGroup", R"({"logGroupName":5})").status, 400);
}

TEST_F(LogsServiceTest, GetLogEventsTokensWalkBothWaysAndStopAtTheEnds) {
  ok("CreateLogGroup", {{"logGroupName", "/g"}});
  ok("CreateLogStream", {{"logGroupName", "/g"}, {"logStreamName", "s"}});
  int64_t now = model::now_ms();
  json events = json::array();
  for (int i = 0; i < 5; ++i)
    events.push_back({{"timestamp", now + i}, {"message", "m" + std::to_string(i)}});
  auto put =
      ok("PutLogEvents", {{"logGroupName", "/g"}, {"logStreamName", "s"}, {"logEvents", events}});
  EXPECT_EQ(put["nextSequenceToken"].get<std::string>().size(), 56u);

  json req = {{"logGroupName", "/g"}, {"logStreamName", "s"}, {"limit", 2}};
  auto newest = ok("GetLogEvents", req);
  ASSERT_EQ(newest["events"].size(), 2u);
  EXPECT_EQ(newest["events"][0]["message"], "m3");
  EXPECT_EQ(newest["events"][1]["message"], "m4");
  EXPECT_TRUE(newest["nextForwardToken"].get<std::string>().starts_with("f/"));
  EXPECT_TRUE(newest["nextBackwardToken"].get<std::string>().starts_with("b/"));

  // Forward from the newest page: nothing yet, and the same token again.
  req["nextToken"] = newest["nextForwardToken"];
  auto end = ok("GetLogEvents", req);
  EXPECT_TRUE(end["events"].empty());
  EXPECT_EQ(end["nextForwardToken"], newest["nextForwardToken"]);

  // Backward to the start, then the same backward token at the head.
  req["nextToken"] = newest["nextBackwardToken"];
  auto older = ok("GetLogEvents", req);
  EXPECT_EQ(older["events"][0]["message"], "m1");
  req["nextToken"] = older["nextBackwardToken"];
  auto oldest = ok("GetLogEvents", req);
  ASSERT_EQ(oldest["events"].size(), 1u);
  EXPECT_EQ(oldest["events"][0]["message"], "m0");
  req["nextToken"] = oldest["nextBackwardToken"];
  auto head = ok("GetLogEvents", req);
  EXPECT_TRUE(head["events"].empty());
  EXPECT_EQ(head["nextBackwardToken"], oldest["nextBackwardToken"]);

  // New events appear after the forward token of the end.
  json more = json::array({{{"timestamp", now + 10}, {"message", "m5"}}});
  ok("PutLogEvents", {{"logGroupName", "/g"}, {"logStreamName", "s"}, {"logEvents", more}});
  req["nextToken"] = newest["nextForwardToken"];
  auto fresh = ok("GetLogEvents", req);
  ASSERT_EQ(fresh["events"].size(), 1u);
  EXPECT_EQ(fresh["events"][0]["message"], "m5");

  req["nextToken"] = "f/nonsense";
  EXPECT_EQ(error("GetLogEvents", req),
            "400 InvalidParameterException: The specified nextToken is invalid.");
  EXPECT_EQ(error("GetLogEvents", {{"logGroupName", "/g"}, {"logStreamName", "x"}}),
            "400 ResourceNotFoundException: The specified log stream does not exist.");
  EXPECT_EQ(error("GetLogEvents", {{"logGroupName", "/x"}, {"logStreamName", "x"}}),
            "400 ResourceNotFoundException: The specified log group does not exist.");
}

TEST_F(LogsServiceTest, FilterLogEventsPagesWithNextToken) {
  int64_t now = model::now_ms();
  for (int i = 0; i < 7; ++i)
    logs_->append("/aws/lambda/fn", i % 2 ? "odd" : "even",
                  {{now + i, (i % 3 ? "INFO " : "ERROR ") + std::to_string(i)}});
  logs_->flush();
  json req = {
      {"logGroupIdentifier", "arn:aws:logs:us-east-1:000000000000:log-group:/aws/lambda/fn"},
      {"limit", 2}};
  std::vector<std::string> seen;
  for (int pages = 0; pages < 10; ++pages) {
    auto page = ok("FilterLogEvents", req);
    EXPECT_EQ(page["searchedLogStreams"], json::array());
    for (const auto& e : page["events"]) {
      seen.push_back(e["message"]);
      EXPECT_EQ(e["eventId"].get<std::string>().size(), 56u);
    }
    if (!page.contains("nextToken")) break;
    req["nextToken"] = page["nextToken"];
  }
  EXPECT_EQ(seen.size(), 7u);
  auto errors =
      ok("FilterLogEvents", {{"logGroupName", "/aws/lambda/fn"}, {"filterPattern", "ERROR"}});
  ASSERT_EQ(errors["events"].size(), 3u);  // 0, 3, 6
  EXPECT_EQ(errors["events"][1]["logStreamName"], "odd");
  EXPECT_EQ(
      error("FilterLogEvents", {{"logGroupName", "/aws/lambda/fn"}, {"filterPattern", "a,b"}}),
      "400 InvalidParameterException: Invalid filter pattern");
  EXPECT_EQ(error("FilterLogEvents", {{"logGroupName", "/nope"}}),
            "400 ResourceNotFoundException: The specified log group does not exist.");
}

// Handlers may print bytes that are not UTF-8; reading them must not fail.
TEST_F(LogsServiceTest, MessagesThatAreNotUtf8StillRead) {
  logs_->append("/bytes", "s", {{model::now_ms(), "bad \xff byte"}});
  logs_->flush();
  auto got = ok("GetLogEvents", {{"logGroupName", "/bytes"}, {"logStreamName", "s"}});
  ASSERT_EQ(got["events"].size(), 1u);
  EXPECT_EQ(got["events"][0]["message"], "bad \xef\xbf\xbd byte");
}

// logGroupClass filters DescribeLogGroups; a pattern search shows less.
TEST_F(LogsServiceTest, DescribeLogGroupsByClassAndPattern) {
  ok("CreateLogGroup", {{"logGroupName", "/std"}});
  ok("CreateLogGroup", {{"logGroupName", "/ia"}, {"logGroupClass", "INFREQUENT_ACCESS"}});
  auto ia = ok("DescribeLogGroups", {{"logGroupClass", "INFREQUENT_ACCESS"}});
  ASSERT_EQ(ia["logGroups"].size(), 1u);
  EXPECT_EQ(ia["logGroups"][0]["logGroupName"], "/ia");
  EXPECT_EQ(ia["logGroups"][0]["logGroupClass"], "INFREQUENT_ACCESS");
  auto found = ok("DescribeLogGroups", {{"logGroupNamePattern", "st"}});
  ASSERT_EQ(found["logGroups"].size(), 1u);
  EXPECT_FALSE(found["logGroups"][0].contains("storedBytes"));
  EXPECT_EQ(found["logGroups"][0]["arn"], "arn:aws:logs:us-east-1:000000000000:log-group:/std:*");
}

}  // namespace
}  // namespace localcloud::logs
