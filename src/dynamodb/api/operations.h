// The table of DynamoDB operations the JSON 1.0 edge dispatches to.
#pragma once

#include <functional>
#include <nlohmann/json_fwd.hpp>
#include <optional>
#include <string>
#include <string_view>

#include "localcloud/core/aws_error.h"
#include "localcloud/dynamodb/service.h"
#include "storage/in_flight.h"
#include "storage/tables.h"

namespace localcloud::dynamodb::api {

struct Context {
  sqlite::Store& store;
  ServiceOptions options;
  storage::TableStore& tables;
  // What the writes of the running group commit hold (transaction conflicts).
  storage::InFlightItems& in_flight;
};

// An operation's result: the JSON response body, or the error to send.
struct Outcome {
  std::string body;
  std::optional<AwsError> error;
};
// Called exactly once, possibly from the store's writer thread.
using Reply = std::function<void(Outcome)>;

// May reply before returning (reads) or after a group commit (writes).
// Throwing AwsError before replying is the same as replying with it.
using Operation = void (*)(Context& ctx, const nlohmann::json& input, Reply reply);

// The operation called `name` ("ListTables"), or null.
const Operation* find_operation(std::string_view name);

}  // namespace localcloud::dynamodb::api
