// The table of Logs operations the JSON 1.1 edge dispatches to.
#pragma once

#include <functional>
#include <nlohmann/json_fwd.hpp>
#include <optional>
#include <string>
#include <string_view>

#include "localcloud/core/aws_error.h"
#include "localcloud/logs/log_store.h"
#include "localcloud/logs/service.h"

namespace localcloud::logs::api {

struct Context {
  LogStore& store;
  ServiceOptions options;
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

// The operation called `name` ("CreateLogGroup"), or null.
const Operation* find_operation(std::string_view name);

// The response body for `body`; text that is not UTF-8 (a handler may
// log anything) is replaced rather than failing the response.
std::string to_body(const nlohmann::json& body);

// Completion for a LogStore write that answers with an empty body once
// committed, as AWS does for operations without output.
LogStore::Done reply_empty(Reply reply);
// The Outcome for an exception a LogStore write reported.
Outcome outcome_of(std::exception_ptr error);

void create_log_group(Context& ctx, const nlohmann::json& input, Reply reply);
void delete_log_group(Context& ctx, const nlohmann::json& input, Reply reply);
void describe_log_groups(Context& ctx, const nlohmann::json& input, Reply reply);
void put_retention_policy(Context& ctx, const nlohmann::json& input, Reply reply);
void delete_retention_policy(Context& ctx, const nlohmann::json& input, Reply reply);

void create_log_stream(Context& ctx, const nlohmann::json& input, Reply reply);
void delete_log_stream(Context& ctx, const nlohmann::json& input, Reply reply);
void describe_log_streams(Context& ctx, const nlohmann::json& input, Reply reply);

void put_log_events(Context& ctx, const nlohmann::json& input, Reply reply);
void get_log_events(Context& ctx, const nlohmann::json& input, Reply reply);
void filter_log_events(Context& ctx, const nlohmann::json& input, Reply reply);

}  // namespace localcloud::logs::api
