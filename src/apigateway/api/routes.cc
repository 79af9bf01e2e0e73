#include "api/routes.h"

#include "api/operations.h"
#include "event/codec.h"

namespace localcloud::apigateway::api {
namespace {

struct Route {
  std::string_view method;
  std::string_view pattern;  // "{}" is one path parameter
  Operation op;
  std::string_view name;
};

constexpr std::string_view kMethod = "/restapis/{}/resources/{}/methods/{}";

const Route kRoutes[] = {
    {"POST", "/restapis", create_rest_api, "CreateRestApi"},
    {"GET", "/restapis", get_rest_apis, "GetRestApis"},
    {"GET", "/restapis/{}", get_rest_api, "GetRestApi"},
    {"PATCH", "/restapis/{}", update_rest_api, "UpdateRestApi"},
    {"DELETE", "/restapis/{}", delete_rest_api, "DeleteRestApi"},
    {"GET", "/restapis/{}/resources", get_resources, "GetResources"},
    {"GET", "/restapis/{}/resources/{}", get_resource, "GetResource"},
    {"POST", "/restapis/{}/resources/{}", create_resource, "CreateResource"},
    {"PATCH", "/restapis/{}/resources/{}", update_resource, "UpdateResource"},
    {"DELETE", "/restapis/{}/resources/{}", delete_resource, "DeleteResource"},
    {"PUT", kMethod, put_method, "PutMethod"},
    {"GET", kMethod, get_method, "GetMethod"},
    {"PATCH", kMethod, update_method, "UpdateMethod"},
    {"DELETE", kMethod, delete_method, "DeleteMethod"},
    {"POST", kMethod, test_invoke_method, "TestInvokeMethod"},
    {"PUT", "/restapis/{}/resources/{}/methods/{}/responses/{}", put_method_response,
     "PutMethodResponse"},
    {"GET", "/restapis/{}/resources/{}/methods/{}/responses/{}", get_method_response,
     "GetMethodResponse"},
    {"PATCH", "/restapis/{}/resources/{}/methods/{}/responses/{}", update_method_response,
     "UpdateMethodResponse"},
    {"DELETE", "/restapis/{}/resources/{}/methods/{}/responses/{}", delete_method_response,
     "DeleteMethodResponse"},
    {"PUT", "/restapis/{}/resources/{}/methods/{}/integration", put_integration, "PutIntegration"},
    {"GET", "/restapis/{}/resources/{}/methods/{}/integration", get_integration, "GetIntegration"},
    {"PATCH", "/restapis/{}/resources/{}/methods/{}/integration", update_integration,
     "UpdateIntegration"},
    {"DELETE", "/restapis/{}/resources/{}/methods/{}/integration", delete_integration,
     "DeleteIntegration"},
    {"PUT", "/restapis/{}/resources/{}/methods/{}/integration/responses/{}",
     put_integration_response, "PutIntegrationResponse"},
    {"GET", "/restapis/{}/resources/{}/methods/{}/integration/responses/{}",
     get_integration_response, "GetIntegrationResponse"},
    {"PATCH", "/restapis/{}/resources/{}/methods/{}/integration/responses/{}",
     update_integration_response, "UpdateIntegrationResponse"},
    {"DELETE", "/restapis/{}/resources/{}/methods/{}/integration/responses/{}",
     delete_integration_response, "DeleteIntegrationResponse"},
    {"POST", "/restapis/{}/deployments", create_deployment, "CreateDeployment"},
    {"GET", "/restapis/{}/deployments", get_deployments, "GetDeployments"},
    {"GET", "/restapis/{}/deployments/{}", get_deployment, "GetDeployment"},
    {"PATCH", "/restapis/{}/deployments/{}", update_deployment, "UpdateDeployment"},
    {"DELETE", "/restapis/{}/deployments/{}", delete_deployment, "DeleteDeployment"},
    {"POST", "/restapis/{}/stages", create_stage, "CreateStage"},
    {"GET", "/restapis/{}/stages", get_stages, "GetStages"},
    {"GET", "/restapis/{}/stages/{}", get_stage, "GetStage"},
    {"PATCH", "/restapis/{}/stages/{}", update_stage, "UpdateStage"},
    {"DELETE", "/restapis/{}/stages/{}", delete_stage, "DeleteStage"},
};

// Matches `path` against `pattern` segment by segment.
bool match(std::string_view pattern, std::string_view path, std::vector<std::string>& params) {
  params.clear();
  if (path.size() > 1 && path.ends_with('/')) path.remove_suffix(1);
  while (!pattern.empty() || !path.empty()) {
    if (!pattern.starts_with('/') || !path.starts_with('/')) return false;
    pattern.remove_prefix(1);
    path.remove_prefix(1);
    size_t ps = pattern.find('/'), qs = path.find('/');
    std::string_view want = pattern.substr(0, ps), got = path.substr(0, qs);
    if (want == "{}") {
      if (got.empty()) return false;
      params.push_back(event::percent_decode(got, false));
    } else if (want != got) {
      return false;
    }
    pattern = ps == std::string_view::npos ? std::string_view() : pattern.substr(ps);
    path = qs == std::string_view::npos ? std::string_view() : path.substr(qs);
  }
  return true;
}

}  // namespace

std::optional<RouteMatch> match_route(std::string_view method, std::string_view path) {
  std::vector<std::string> params;
  for (const auto& r : kRoutes)
    if (r.method == method && match(r.pattern, path, params))
      return RouteMatch{r.op, r.name, std::move(params)};
  return std::nullopt;
}

}  // namespace localcloud::apigateway::api
