// TransactWriteItems and TransactGetItems against an in-memory store, with
// the writer held so that chosen requests share one group commit: the
// transaction conflicts of DynamoDB, made deterministic.
#include <gtest/gtest.h>

#include <future>
#include <nlohmann/json.hpp>

#include "api/operations.h"
#include "localcloud/sqlite/store.h"
#include "storage/in_flight.h"
#include "storage/schema.h"
#include "storage/tables.h"

namespace localcloud::dynamodb::api {
namespace {

using nlohmann::json;

class TransactTest : public ::testing::Test {
 protected:
  TransactTest()
      : store_(sqlite::Store::open({"", true, 2})),
        tables_((store_->migrate(storage::kComponent, storage::migrations()), *store_)),
        in_flight_(*store_),
        ctx_{*store_, {}, tables_, in_flight_} {}

  void SetUp() override {
    EXPECT_EQ(call("CreateTable", R"({"TableName": "tab", "BillingMode": "PAY_PER_REQUEST",
        "AttributeDefinitions": [{"AttributeName": "id", "AttributeType": "S"}],
        "KeySchema": [{"AttributeName": "id", "KeyType": "HASH"}]})")
                  .substr(0, 3),
              "200");
  }

  // Starts `operation`; the future renders its reply as "200 <body>" or
  // "<Code>: <message> <extra fields>".
  std::future<std::string> start(const char* operation, const std::string& input) {
    auto done = std::make_shared<std::promise<std::string>>();
    auto future = done->get_future();
    auto render = [done](Outcome o) {
      if (!o.error) return done->set_value("200 " + o.body);
      std::string out = o.error->code() + ": " + o.error->message();
      for (const auto& [name, raw] : o.error->extra_fields()) out += " " + name + "=" + raw;
      done->set_value(out);
    };
    try {
      (*find_operation(operation))(ctx_, json::parse(input), render);
    } catch (const AwsError& e) {
      render(Outcome{"", e});
    }
    return future;
  }

  std::string call(const char* operation, const std::string& input) {
    return start(operation, input).get();
  }

  // Holds the writer until the returned promise is set: requests started
  // meanwhile run together, in order, in the next group commit.
  std::promise<void> hold_writer() {
    std::promise<void> release;
    auto released = std::make_shared<std::shared_future<void>>(release.get_future().share());
    std::promise<void> holding;
    store_->write_async(
        [&holding, released](sqlite::Connection&) {
          holding.set_value();
          released->wait();
        },
        nullptr);
    holding.get_future().wait();
    return release;
  }

  std::unique_ptr<sqlite::Store> store_;
  storage::TableStore tables_;
  storage::InFlightItems in_flight_;
  Context ctx_;
};

const char* kTransfer = R"({"TransactItems": [
    {"Update": {"TableName": "tab", "Key": {"id": {"S": "a"}}, "UpdateExpression": "ADD v :one",
                "ExpressionAttributeValues": {":one": {"N": "1"}}}},
    {"Put": {"TableName": "tab", "Item": {"id": {"S": "b"}}}}]})";

TEST_F(TransactTest, LaterJobsOfTheGroupMeetTheTransactionInFlight) {
  auto release = hold_writer();
  auto tx = start("TransactWriteItems", kTransfer);
  auto put = start("PutItem", R"({"TableName": "tab", "Item": {"id": {"S": "a"}}})");
  auto other = start("TransactWriteItems", R"j({"TransactItems": [
      {"Put": {"TableName": "tab", "Item": {"id": {"S": "c"}}}},
      {"ConditionCheck": {"TableName": "tab", "Key": {"id": {"S": "b"}},
                          "ConditionExpression": "attribute_not_exists(id)"}}]})j");
  auto read =
      start("TransactGetItems",
            R"({"TransactItems": [{"Get": {"TableName": "tab", "Key": {"id": {"S": "b"}}}}]})");
  auto unrelated = start("PutItem", R"({"TableName": "tab", "Item": {"id": {"S": "d"}}})");
  release.set_value();

  EXPECT_EQ(tx.get(), "200 {}");
  EXPECT_EQ(put.get(), "TransactionConflictException: Transaction is ongoing for the item");
  EXPECT_EQ(other.get(),
            "TransactionCanceledException: Transaction cancelled, please refer cancellation "
            "reasons for specific reasons [None, TransactionConflict] "
            R"(CancellationReasons=[{"Code":"None"},{"Code":"TransactionConflict",)"
            R"("Message":"Transaction is ongoing for the item"}])");
  EXPECT_EQ(read.get(),
            "TransactionCanceledException: Transaction cancelled, please refer cancellation "
            "reasons for specific reasons [TransactionConflict] "
            R"(CancellationReasons=[{"Code":"TransactionConflict",)"
            R"("Message":"Transaction is ongoing for the item"}])");
  EXPECT_EQ(unrelated.get(), "200 {}");

  // The cancelled writes changed nothing; the next group sees no conflict.
  EXPECT_EQ(call("GetItem", R"({"TableName": "tab", "Key": {"id": {"S": "a"}}})"),
            R"(200 {"Item":{"id":{"S":"a"},"v":{"N":"1"}}})");
  EXPECT_EQ(call("GetItem", R"({"TableName": "tab", "Key": {"id": {"S": "c"}}})"), "200 {}");
  EXPECT_EQ(call("PutItem", R"({"TableName": "tab", "Item": {"id": {"S": "a"}}})"), "200 {}");
}

// A single write earlier in the group holds its item only against
// TransactGetItems: a later transaction writes over it, as in DynamoDB.
TEST_F(TransactTest, SingleWritesOnlyHoldAgainstTransactionalReads) {
  auto release = hold_writer();
  auto put =
      start("PutItem", R"({"TableName": "tab", "Item": {"id": {"S": "a"}, "v": {"N": "5"}}})");
  auto read =
      start("TransactGetItems",
            R"({"TransactItems": [{"Get": {"TableName": "tab", "Key": {"id": {"S": "a"}}}}]})");
  auto tx = start("TransactWriteItems", kTransfer);
  release.set_value();
  EXPECT_EQ(put.get(), "200 {}");
  EXPECT_EQ(read.get().substr(0, 29), "TransactionCanceledException:");
  EXPECT_EQ(tx.get(), "200 {}");
  EXPECT_EQ(call("GetItem", R"({"TableName": "tab", "Key": {"id": {"S": "a"}}})"),
            R"(200 {"Item":{"id":{"S":"a"},"v":{"N":"6"}}})");
}

// Two requests under one token in one group: the second is answered from
// the first's record, even before it committed.
TEST_F(TransactTest, TokenRetryInTheSameGroupIsAnsweredNotApplied) {
  std::string request = std::string(kTransfer);
  request.insert(1, R"("ClientRequestToken": "tok", )");
  auto release = hold_writer();
  auto first = start("TransactWriteItems", request);
  auto retry = start("TransactWriteItems", request);
  release.set_value();
  EXPECT_EQ(first.get(), "200 {}");
  EXPECT_EQ(retry.get(), "200 {}");
  EXPECT_EQ(call("GetItem", R"({"TableName": "tab", "Key": {"id": {"S": "a"}}})"),
            R"(200 {"Item":{"id":{"S":"a"},"v":{"N":"1"}}})");
}

// What AWS refuses before any transaction starts, and how it words it.
TEST_F(TransactTest, RequestValidation) {
  struct Case {
    const char* operation;
    const char* input;
    const char* expected;
  };
  const Case cases[] = {
      {"TransactWriteItems", "{}",
       "ValidationException: 1 validation error detected: Value null at 'transactItems' failed "
       "to satisfy constraint: Member must not be null"},
      {"TransactWriteItems", R"({"TransactItems": [1]})",
       "SerializationException: class java.lang.Short can not be converted to an "
       "TransactWriteItem"},
      {"TransactWriteItems", R"({"TransactItems": [{}]})",
       "ValidationException: TransactItems can only contain one of Check, Put, Update or Delete"},
      {"TransactWriteItems", R"({"TransactItems": [{"Put": {"TableName": "tab"}}]})",
       "ValidationException: 1 validation error detected: Value null at "
       "'transactItems.1.member.put.item' failed to satisfy constraint: Member must not be null"},
      {"TransactWriteItems", R"({"TransactItems": [{"Delete": {"Key": {"id": {"S": "x"}}}}]})",
       "ValidationException: 1 validation error detected: Value null at "
       "'transactItems.1.member.delete.tableName' failed to satisfy constraint: Member must not "
       "be null"},
      {"TransactWriteItems",
       R"({"TransactItems": [{"ConditionCheck": {"TableName": "tab", "Key": {"id": {"S": "x"}}}}]})",
       "ValidationException: 1 validation error detected: Value null at "
       "'transactItems.1.member.conditionCheck.conditionExpression' failed to satisfy "
       "constraint: Member must not be null"},
      {"TransactWriteItems",
       R"({"TransactItems": [{"Put": {"TableName": "tab", "Item": {"id": {"S": "x"}},
           "ExpressionAttributeValues": {":v": {"S": "1"}}}}]})",
       "ValidationException: Value provided in ExpressionAttributeValues unused in expressions: "
       "keys: {:v}"},
      {"TransactWriteItems",
       R"({"TransactItems": [{"Update": {"TableName": "tab", "Key": {"id": {"S": "x"}},
           "UpdateExpression": "SET id = :v", "ExpressionAttributeValues": {":v": {"S": "1"}}}}]})",
       "ValidationException: One or more parameter values were invalid: Cannot update attribute "
       "id. This attribute is part of the key"},
      {"TransactWriteItems",
       R"({"TransactItems": [{"Put": {"TableName": "tab", "Item": {"id": {"S": "x"}},
           "ReturnValuesOnConditionCheckFailure": "ALL_NEW"}}]})",
       "ValidationException: 1 validation error detected: Value 'ALL_NEW' at "
       "'returnValuesOnConditionCheckFailure' failed to satisfy constraint: Member must satisfy "
       "enum value set: [ALL_OLD, NONE]"},
      {"TransactGetItems", R"({"TransactItems": [{}]})",
       "ValidationException: 1 validation error detected: Value null at "
       "'transactItems.1.member.get' failed to satisfy constraint: Member must not be null"},
      {"TransactGetItems",
       R"({"TransactItems": [{"Get": {"TableName": "tab", "Key": {"id": {"S": "x"}},
           "ProjectionExpression": "#a"}}]})",
       "ValidationException: Invalid ProjectionExpression: An expression attribute name used in "
       "the document path is not defined; attribute name: #a"},
  };
  for (const auto& c : cases) EXPECT_EQ(call(c.operation, c.input), c.expected) << c.input;
  EXPECT_EQ(call("GetItem", R"({"TableName": "tab", "Key": {"id": {"S": "x"}}})"), "200 {}");
}

}  // namespace
}  // namespace localcloud::dynamodb::api
