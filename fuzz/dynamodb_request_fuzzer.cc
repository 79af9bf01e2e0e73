// Whole DynamoDB requests through the JSON 1.0 edge (the service's handle(),
// as the HTTP server calls it) against an in-memory store holding two
// tables: JSON → typed request, AttributeValue and expression validation,
// evaluation and storage. Input: the operation name ("PutItem"), a newline,
// then the request body. Every answer must be a well-formed JSON 1.0 reply:
// 200 with a JSON object (or nothing), or a 4xx with `__type` and a message. A 500
// (an exception other than AwsError escaped an operation) is a bug.
#include <cstddef>
#include <cstdint>
#include <future>
#include <memory>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>

#include "fuzz_support.h"
#include "localcloud/dynamodb/service.h"
#include "localcloud/sqlite/store.h"

using namespace localcloud;

namespace {

// Requests between two fresh stores, so tables and items made by earlier
// inputs do not pile up (and inputs replay alike).
constexpr int kRequestsPerStore = 2000;

struct World {
  std::unique_ptr<sqlite::Store> store;
  std::shared_ptr<http::Service> service;
};

http::Response call(http::Service& service, std::string_view target, std::string body) {
  http::Request request;
  request.id = "fuzz";
  request.method = "POST";
  request.target = "/";
  request.headers.add("Content-Type", "application/x-amz-json-1.0");
  request.headers.add("X-Amz-Target", std::string(target));
  request.body = std::move(body);
  auto done = std::make_shared<std::promise<http::Response>>();
  auto answer = done->get_future();
  service.handle(std::move(request), [done](http::Response r) { done->set_value(std::move(r)); });
  return answer.get();
}

void create_tables(http::Service& service) {
  const char* tables[] = {
      R"({"TableName": "tab", "BillingMode": "PAY_PER_REQUEST",
          "AttributeDefinitions": [{"AttributeName": "pk", "AttributeType": "S"},
                                   {"AttributeName": "sk", "AttributeType": "N"},
                                   {"AttributeName": "g", "AttributeType": "S"}],
          "KeySchema": [{"AttributeName": "pk", "KeyType": "HASH"},
                        {"AttributeName": "sk", "KeyType": "RANGE"}],
          "GlobalSecondaryIndexes": [{"IndexName": "gsi1",
              "KeySchema": [{"AttributeName": "g", "KeyType": "HASH"}],
              "Projection": {"ProjectionType": "ALL"}}],
          "StreamSpecification": {"StreamEnabled": true, "StreamViewType": "NEW_AND_OLD_IMAGES"}})",
      R"({"TableName": "bin", "BillingMode": "PAY_PER_REQUEST",
          "AttributeDefinitions": [{"AttributeName": "id", "AttributeType": "B"}],
          "KeySchema": [{"AttributeName": "id", "KeyType": "HASH"}]})",
  };
  for (const char* table : tables) {
    auto r = call(service, "DynamoDB_20120810.CreateTable", table);
    fuzz::require(r.status == 200, "setup: CreateTable failed", r.body);
  }
}

World& world() {
  static World w;
  static int requests = 0;
  if (!w.service || ++requests % kRequestsPerStore == 0) {
    if (w.service) w.service->stop();
    w.service.reset();
    w.store = sqlite::Store::open({"", true, 2});
    w.service = dynamodb::make_service(*w.store);
    create_tables(*w.service);
  }
  return w;
}

void check_reply(const http::Response& r, std::string_view op) {
  // TagResource and UntagResource answer 200 with no body at all, as AWS does.
  if (r.status == 200 && r.body.empty()) return;
  auto body = nlohmann::json::parse(r.body, nullptr, false);
  fuzz::require(!body.is_discarded() && body.is_object(), "reply is not a JSON object", r.body);
  if (r.status == 200) return;
  fuzz::require(r.status != 500, "500 from DynamoDB", std::string(op) + ": " + r.body);
  fuzz::require(r.status >= 400 && r.status < 500, "unexpected status", r.body);
  auto type = body.find("__type");
  fuzz::require(type != body.end() && type->is_string() && !type->get<std::string>().empty(),
                "error without __type", r.body);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view input(reinterpret_cast<const char*>(data), size);
  size_t newline = input.find('\n');
  if (newline == std::string_view::npos || newline > 40) return 0;
  std::string_view op = input.substr(0, newline);
  std::string target = op.starts_with("Streams.")
                           ? "DynamoDBStreams_20120810." + std::string(op.substr(8))
                           : "DynamoDB_20120810." + std::string(op);
  World& w = world();
  check_reply(call(*w.service, target, std::string(input.substr(newline + 1))), op);
  return 0;
}
