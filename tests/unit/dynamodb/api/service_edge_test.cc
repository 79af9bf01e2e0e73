// The JSON 1.0 edge of DynamoDB (make_service().handle()), in-process:
// bodies it cannot read are SerializationExceptions, never a 500. Inputs
// here were found by the fuzz target fuzz/dynamodb_request_fuzzer.cc.
#include <gtest/gtest.h>

#include <future>
#include <nlohmann/json.hpp>

#include "localcloud/dynamodb/service.h"
#include "localcloud/sqlite/store.h"

namespace localcloud::dynamodb {
namespace {

class ServiceEdgeTest : public ::testing::Test {
 protected:
  ServiceEdgeTest() : store_(sqlite::Store::open({"", true, 2})), service_(make_service(*store_)) {}
  ~ServiceEdgeTest() override { service_->stop(); }

  // "<status> <__type>: <message>", or "<status>" for a 200.
  std::string call(const std::string& op, const std::string& body) {
    http::Request request;
    request.method = "POST";
    request.target = "/";
    request.headers.add("X-Amz-Target", "DynamoDB_20120810." + op);
    request.body = body;
    std::promise<http::Response> done;
    service_->handle(std::move(request), [&](http::Response r) { done.set_value(std::move(r)); });
    auto r = done.get_future().get();
    if (r.status == 200) return "200";
    auto j = nlohmann::json::parse(r.body);
    return std::to_string(r.status) + " " + j.value("__type", "") + ": " + j.value("message", "");
  }

  std::unique_ptr<sqlite::Store> store_;
  std::shared_ptr<http::Service> service_;
};

TEST_F(ServiceEdgeTest, UnreadableBodiesAreSerializationExceptions) {
  const char* kSerialization = "400 com.amazon.coral.service#SerializationException: ";
  EXPECT_EQ(call("ListTables", "{not json"), kSerialization);
  EXPECT_EQ(call("ListTables", "[]"), kSerialization);
  // Valid JSON text whose number no double holds: the JSON library refuses
  // it with out_of_range rather than parse_error, which answered 500.
  EXPECT_EQ(call("ListTables", R"({"Limit": 1e400})"), kSerialization);
  EXPECT_EQ(call("Scan", R"({"TableName": -1e7147})"), kSerialization);
  EXPECT_EQ(call("ListTables", "{}"), "200");
}

}  // namespace
}  // namespace localcloud::dynamodb
