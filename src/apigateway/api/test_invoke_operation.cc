// TestInvokeMethod: runs a method's current, undeployed configuration and
// answers what the method returned with AWS's execution log.
#include <chrono>
#include <ctime>

#include "api/data_plane.h"
#include "api/operations.h"
#include "errors.h"
#include "event/codec.h"
#include "integration/executor.h"
#include "router/matcher.h"

namespace localcloud::apigateway::api {
namespace {

// "Sun Nov 30 03:26:00 UTC 2025", the log's timestamp.
std::string log_time() {
  std::time_t now = std::time(nullptr);
  std::tm tm{};
  gmtime_r(&now, &tm);
  char buf[40];
  std::strftime(buf, sizeof buf, "%a %b %d %H:%M:%S UTC %Y", &tm);
  return buf;
}

// Path parameters of `path` against the resource path template; none when
// the shapes differ (AWS then leaves every parameter out).
std::vector<std::pair<std::string, std::string>> params_of(const std::string& resource_path,
                                                           const std::string& path) {
  std::vector<std::pair<std::string, std::string>> out;
  auto want = router::split_path(resource_path), got = router::split_path(path);
  for (size_t i = 0; i < want.size(); ++i) {
    std::string_view part = want[i];
    bool variable = part.size() > 2 && part.front() == '{' && part.back() == '}';
    if (variable && part.ends_with("+}")) {
      if (i >= got.size()) return {};
      std::string rest(got[i]);
      for (size_t j = i + 1; j < got.size(); ++j) rest.append("/").append(got[j]);
      out.emplace_back(std::string(part.substr(1, part.size() - 3)), rest);
      return out;
    }
    if (i >= got.size() || want.size() != got.size()) return {};
    if (variable)
      out.emplace_back(std::string(part.substr(1, part.size() - 2)), std::string(got[i]));
    else if (part != got[i])
      return {};
  }
  return out;
}

}  // namespace

void test_invoke_method(Context& ctx, const Call& call, Reply reply) {
  auto api = require_api(ctx, call.params[0], errors::kInvalidResource);
  const auto& resource = require_resource(*api, call.params[1]);
  const auto& method = require_method(resource, call.params[2]);
  if (!method.integration) throw errors::not_found(errors::kInvalidIntegration);

  std::string resource_path = model::path_of(api->resources, resource.id);
  std::string target = opt_string(call.body, "pathWithQueryString").value_or("");
  if (target.empty()) target = resource_path;
  integration::Invocation inv;
  auto& info = inv.request;
  info.http_method = call.params[2] == "ANY" ? "GET" : call.params[2];
  auto q = target.find('?');
  info.path = target.substr(0, q);
  info.query = q == std::string::npos ? "" : target.substr(q + 1);
  info.context_path = "/test-invoke-stage" + info.path;
  info.body = opt_string(call.body, "body").value_or("");
  Json headers = opt_object(call.body, "headers");
  if (headers.is_object())
    for (const auto& [k, v] : headers.items())
      if (v.is_string()) info.headers.add(k, v.get<std::string>());
  Json multi = opt_object(call.body, "multiValueHeaders");
  if (multi.is_object())
    for (const auto& [k, vs] : multi.items())
      if (vs.is_array())
        for (const auto& v : vs)
          if (v.is_string() && !info.headers.contains(k)) info.headers.add(k, v.get<std::string>());
  Json vars = opt_object(call.body, "stageVariables");
  if (vars.is_object())
    for (const auto& [k, v] : vars.items())
      if (v.is_string()) info.stage_variables[k] = v.get<std::string>();
  info.source_ip = "test-invoke-source-ip";
  info.request_id = call.request_id;
  info.extended_request_id = new_apigw_id();
  info.time_ms = std::chrono::duration_cast<std::chrono::milliseconds>(
                     std::chrono::system_clock::now().time_since_epoch())
                     .count();
  info.account_id = ctx.account_id;
  info.api_id = api->id;
  info.stage = "test-invoke-stage";
  info.deployment_id = "test-invoke-deployment-id";
  info.resource_id = resource.id;
  info.resource_path = resource_path;
  info.domain_name = "testPrefix.testDomainName";
  info.path_params = params_of(resource_path, info.path);
  info.binary_media_types = api->binary_media_types;
  inv.method = &method;
  inv.keep_alive = api;
  inv.execution_log = true;

  auto started = std::chrono::steady_clock::now();
  std::string request_id = call.request_id;
  ctx.executor.run(std::move(inv), [reply, started, request_id](integration::Result r) {
    std::string stamp = log_time() + " : ";
    std::string log = "Execution log for request " + request_id + "\n";
    log += stamp + "Starting execution for request: " + request_id + "\n";
    for (const auto& line : r.log) log += stamp + line + "\n";
    Json headers = Json::object(), multi = Json::object();
    for (const auto& f : r.headers) {
      headers[f.name] = f.value;
      if (!multi.contains(f.name)) multi[f.name] = Json::array();
      multi[f.name].push_back(f.value);
    }
    auto latency = std::chrono::duration_cast<std::chrono::milliseconds>(
                       std::chrono::steady_clock::now() - started)
                       .count();
    reply(Outcome::json(200, Json{{"status", r.status},
                                  {"body", r.body},
                                  {"headers", headers},
                                  {"multiValueHeaders", multi},
                                  {"log", log},
                                  {"latency", latency}}));
  });
}

}  // namespace localcloud::apigateway::api
