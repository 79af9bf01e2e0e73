#include "api/call.h"

#include <chrono>

#include "errors.h"

namespace localcloud::apigateway::api {

std::optional<std::string> Call::query_param(std::string_view name) const {
  for (const auto& [k, v] : query)
    if (k == name) return v;
  return std::nullopt;
}

storage::ApiStore::Done reply_with(
    Reply reply, int status, std::function<std::optional<Json>(const model::RestApi&)> render) {
  return [reply = std::move(reply), status, render = std::move(render)](std::exception_ptr e,
                                                                         model::RestApiPtr api) {
    if (e) {
      try {
        std::rethrow_exception(e);
      } catch (const AwsError& error) {
        return reply(Outcome::failure(error));
      } catch (const std::exception&) {
        return reply(Outcome::failure(errors::internal()));
      }
    }
    auto body = api ? render(*api) : std::nullopt;
    reply(body ? Outcome::json(status, std::move(*body)) : Outcome::empty(status));
  };
}

model::RestApiPtr require_api(Context& ctx, const std::string& id, std::string_view missing) {
  auto api = ctx.apis.find(id);
  if (!api) throw errors::not_found(std::string(missing));
  return api;
}

std::string missing_api(const Context& ctx, const Call& call) {
  return errors::invalid_rest_api(ctx.account_id, call.params[0]);
}

const model::Resource& require_resource(const model::RestApi& api, const std::string& id) {
  auto it = api.resources.find(id);
  if (it == api.resources.end()) throw errors::not_found(errors::kInvalidResource);
  return it->second;
}

model::Resource& require_resource(model::RestApi& api, const std::string& id) {
  auto it = api.resources.find(id);
  if (it == api.resources.end()) throw errors::not_found(errors::kInvalidResource);
  return it->second;
}

model::Method& require_method(model::Resource& r, const std::string& http_method) {
  auto it = r.methods.find(http_method);
  if (it == r.methods.end()) throw errors::not_found(errors::kInvalidMethod);
  return it->second;
}

const model::Method& require_method(const model::Resource& r, const std::string& http_method) {
  auto it = r.methods.find(http_method);
  if (it == r.methods.end()) throw errors::not_found(errors::kInvalidMethod);
  return it->second;
}

namespace {
[[noreturn]] void wrong_type(const char* key) {
  throw errors::bad_request(std::string("Invalid value for parameter ") + key);
}
}  // namespace

std::optional<std::string> opt_string(const Json& body, const char* key) {
  auto it = body.find(key);
  if (it == body.end() || it->is_null()) return std::nullopt;
  if (!it->is_string()) wrong_type(key);
  return it->get<std::string>();
}

std::optional<bool> opt_bool(const Json& body, const char* key) {
  auto it = body.find(key);
  if (it == body.end() || it->is_null()) return std::nullopt;
  if (!it->is_boolean()) wrong_type(key);
  return it->get<bool>();
}

std::optional<int64_t> opt_int(const Json& body, const char* key) {
  auto it = body.find(key);
  if (it == body.end() || it->is_null()) return std::nullopt;
  if (!it->is_number_integer()) wrong_type(key);
  return it->get<int64_t>();
}

Json opt_object(const Json& body, const char* key) {
  auto it = body.find(key);
  if (it == body.end() || it->is_null()) return Json();
  if (!it->is_object()) wrong_type(key);
  return *it;
}

int64_t now_seconds() {
  return std::chrono::duration_cast<std::chrono::seconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

}  // namespace localcloud::apigateway::api
