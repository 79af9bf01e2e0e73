// What a control-plane operation receives and answers, free of HTTP types:
// the edge (service.cc) builds a Call from the request and sends the Outcome.
#pragma once

#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "localcloud/core/aws_error.h"
#include "localcloud/lambda/invoke.h"
#include "model/rest_api.h"
#include "storage/api_store.h"

namespace localcloud::apigateway::integration {
class Executor;
}

namespace localcloud::apigateway::api {

using model::Json;

struct Context {
  storage::ApiStore& apis;
  integration::Executor& executor;
  std::string region;
  std::string account_id;
};

struct Call {
  std::vector<std::string> params;  // path parameters, percent-decoded, in order
  std::vector<std::pair<std::string, std::string>> query;
  Json body = Json::object();
  std::string request_id;

  std::optional<std::string> query_param(std::string_view name) const;
};

struct Outcome {
  int status = 200;
  std::optional<Json> body;  // none: an empty body
  std::optional<AwsError> error;

  static Outcome json(int status, Json body) { return Outcome{status, std::move(body), {}}; }
  static Outcome empty(int status) { return Outcome{status, std::nullopt, {}}; }
  static Outcome failure(AwsError e) { return Outcome{0, std::nullopt, std::move(e)}; }
};

// Called exactly once, possibly from the store's writer thread.
using Reply = std::function<void(Outcome)>;
// Throwing AwsError before replying is the same as replying with it.
using Operation = void (*)(Context& ctx, const Call& call, Reply reply);

// The ApiStore's completion as a Reply: `render` makes the body from the
// committed API; `status` is the success status.
storage::ApiStore::Done reply_with(Reply reply, int status,
                                   std::function<std::optional<Json>(const model::RestApi&)> render);

// Lookups that throw AWS's NotFoundException texts.
model::RestApiPtr require_api(Context& ctx, const std::string& id, std::string_view missing);
// AWS's message when the REST API named by the call's first path parameter is missing.
std::string missing_api(const Context& ctx, const Call& call);
const model::Resource& require_resource(const model::RestApi& api, const std::string& id);
model::Resource& require_resource(model::RestApi& api, const std::string& id);
model::Method& require_method(model::Resource& r, const std::string& http_method);
const model::Method& require_method(const model::Resource& r, const std::string& http_method);

// Body members with their wire types checked (BadRequestException otherwise).
std::optional<std::string> opt_string(const Json& body, const char* key);
std::optional<bool> opt_bool(const Json& body, const char* key);
std::optional<int64_t> opt_int(const Json& body, const char* key);
Json opt_object(const Json& body, const char* key);

int64_t now_seconds();

}  // namespace localcloud::apigateway::api
