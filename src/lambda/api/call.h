// What an operation of the function API receives and answers, free of HTTP
// types: the edge (service.cc) builds a Call from the request and turns the
// Outcome into a response.
#pragma once

#include <functional>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "localcloud/core/aws_error.h"
#include "localcloud/lambda/service.h"
#include "storage/code_store.h"
#include "storage/functions.h"
#include "storage/mappings.h"
#include "storage/name_locks.h"

namespace localcloud::lambda::api {

struct Context {
  ServiceOptions options;
  storage::FunctionStore& functions;
  storage::CodeStore& code;
  storage::NameLocks& locks;
  storage::MappingStore& mappings;
  // Called after a mapping was created, changed or deleted.
  std::function<void(const std::string& uuid)> mappings_changed;
};

struct Call {
  std::vector<std::string> params;  // path parameters, percent-decoded, in order
  std::vector<std::pair<std::string, std::string>> query;  // decoded, in order
  nlohmann::ordered_json body = nlohmann::ordered_json::object();  // the JSON body, or {}
  size_t body_size = 0;
  std::string host;  // the Host header as sent (with port), for URLs we hand out

  // The first query parameter called `name`, or nullopt.
  std::optional<std::string> query_param(std::string_view name) const;
  // Every query parameter called `name`, in order.
  std::vector<std::string> query_params(std::string_view name) const;
};

// An operation's result: status and body, or the error to send.
struct Outcome {
  int status = 200;
  std::string body;  // JSON unless content_type says otherwise; may be empty
  std::string content_type = "application/json";
  std::optional<AwsError> error;

  static Outcome json(int status, const nlohmann::ordered_json& body) {
    return Outcome{status, body.dump(), "application/json", std::nullopt};
  }
  static Outcome empty(int status) { return Outcome{status, "", "application/json", std::nullopt}; }
  static Outcome failure(AwsError error) { return Outcome{0, "", "", std::move(error)}; }
};

// Called exactly once, possibly from the store's writer thread.
using Reply = std::function<void(Outcome)>;

// May reply before returning (reads) or after a group commit (writes).
// Throwing AwsError before replying is the same as replying with it.
using Operation = void (*)(Context& ctx, const Call& call, Reply reply);

}  // namespace localcloud::lambda::api
