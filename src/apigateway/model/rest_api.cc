#include "model/rest_api.h"

namespace localcloud::apigateway::model {
namespace {

void put_opt(Json& j, const char* key, const std::optional<std::string>& v) {
  if (v) j[key] = *v;
}
void put_obj(Json& j, const char* key, const Json& v) {
  if (v.is_object() && !v.empty()) j[key] = v;
}
std::optional<std::string> get_opt(const Json& j, const char* key) {
  auto it = j.find(key);
  if (it == j.end() || !it->is_string()) return std::nullopt;
  return it->get<std::string>();
}
Json get_json(const Json& j, const char* key) {
  auto it = j.find(key);
  return it == j.end() ? Json() : *it;
}
template <class T>
T get_or(const Json& j, const char* key, T fallback) {
  auto it = j.find(key);
  if (it == j.end() || it->is_null()) return fallback;
  return it->get<T>();
}
std::map<std::string, std::string> get_string_map(const Json& j, const char* key) {
  std::map<std::string, std::string> out;
  auto it = j.find(key);
  if (it == j.end() || !it->is_object()) return out;
  for (const auto& [k, v] : it->items())
    if (v.is_string()) out[k] = v.get<std::string>();
  return out;
}

IntegrationResponse integration_response_from(const Json& j) {
  IntegrationResponse r;
  r.status_code = j.value("statusCode", "");
  r.selection_pattern = get_opt(j, "selectionPattern");
  if (auto it = j.find("responseTemplates"); it != j.end() && it->is_object()) {
    r.response_templates.emplace();
    for (const auto& [k, v] : it->items())
      (*r.response_templates)[k] = v.is_string() ? std::optional(v.get<std::string>()) : std::nullopt;
  }
  r.response_parameters = get_string_map(j, "responseParameters");
  r.content_handling = get_opt(j, "contentHandling");
  return r;
}

Integration integration_from(const Json& j) {
  Integration i;
  i.type = j.value("type", "");
  i.http_method = get_opt(j, "httpMethod");
  i.uri = get_opt(j, "uri");
  i.connection_type = get_opt(j, "connectionType");
  i.credentials = get_opt(j, "credentials");
  i.request_parameters = get_json(j, "requestParameters");
  i.request_templates = get_string_map(j, "requestTemplates");
  i.passthrough_behavior = j.value("passthroughBehavior", "WHEN_NO_MATCH");
  i.content_handling = get_opt(j, "contentHandling");
  i.timeout_ms = j.value("timeoutInMillis", 29000);
  i.cache_namespace = j.value("cacheNamespace", "");
  i.cache_key_parameters = get_or<Json>(j, "cacheKeyParameters", Json::array());
  if (auto it = j.find("integrationResponses"); it != j.end() && it->is_object())
    for (const auto& [code, r] : it->items()) i.responses[code] = integration_response_from(r);
  return i;
}

MethodResponse method_response_from(const Json& j) {
  MethodResponse r;
  r.status_code = j.value("statusCode", "");
  r.response_parameters = get_json(j, "responseParameters");
  r.response_models = get_json(j, "responseModels");
  return r;
}

Method method_from(const Json& j) {
  Method m;
  m.http_method = j.value("httpMethod", "");
  m.authorization_type = j.value("authorizationType", "NONE");
  m.authorizer_id = get_opt(j, "authorizerId");
  m.api_key_required = j.value("apiKeyRequired", false);
  m.request_validator_id = get_opt(j, "requestValidatorId");
  m.operation_name = get_opt(j, "operationName");
  m.request_parameters = get_json(j, "requestParameters");
  m.request_models = get_json(j, "requestModels");
  m.authorization_scopes = get_json(j, "authorizationScopes");
  if (auto it = j.find("methodResponses"); it != j.end() && it->is_object())
    for (const auto& [code, r] : it->items()) m.responses[code] = method_response_from(r);
  if (auto it = j.find("methodIntegration"); it != j.end() && it->is_object())
    m.integration = integration_from(*it);
  return m;
}

Json resources_record(const Resources& resources) {
  Json out = Json::array();
  for (const auto& [id, r] : resources) {
    Json j{{"id", r.id}, {"pathPart", r.path_part}};
    if (r.parent_id) j["parentId"] = *r.parent_id;
    Json methods = Json::object();
    for (const auto& [name, m] : r.methods) methods[name] = to_json(m);
    j["resourceMethods"] = methods;
    out.push_back(std::move(j));
  }
  return out;
}

Resources resources_from(const Json& list) {
  Resources out;
  for (const auto& j : list) {
    Resource r;
    r.id = j.value("id", "");
    r.parent_id = get_opt(j, "parentId");
    r.path_part = j.value("pathPart", "");
    if (auto it = j.find("resourceMethods"); it != j.end() && it->is_object())
      for (const auto& [name, m] : it->items()) r.methods[name] = method_from(m);
    out[r.id] = std::move(r);
  }
  return out;
}

Json string_list(const std::vector<std::string>& v) {
  Json out = Json::array();
  for (const auto& s : v) out.push_back(s);
  return out;
}

std::vector<std::string> get_string_list(const Json& j, const char* key) {
  std::vector<std::string> out;
  if (auto it = j.find(key); it != j.end() && it->is_array())
    for (const auto& v : *it)
      if (v.is_string()) out.push_back(v.get<std::string>());
  return out;
}

}  // namespace

std::string path_of(const Resources& resources, const std::string& id) {
  std::vector<const std::string*> parts;
  auto it = resources.find(id);
  // A parent chain is never cyclical (UpdateResource refuses that); the bound
  // only guards against a damaged record.
  for (size_t guard = 0; it != resources.end() && it->second.parent_id && guard < 1000; ++guard) {
    parts.push_back(&it->second.path_part);
    it = resources.find(*it->second.parent_id);
  }
  if (parts.empty()) return "/";
  std::string path;
  for (auto p = parts.rbegin(); p != parts.rend(); ++p) path.append("/").append(**p);
  return path;
}

Json to_json(const IntegrationResponse& r) {
  Json j{{"statusCode", r.status_code}};
  put_opt(j, "selectionPattern", r.selection_pattern);
  if (r.response_templates) {
    Json t = Json::object();
    for (const auto& [k, v] : *r.response_templates) t[k] = v ? Json(*v) : Json();
    j["responseTemplates"] = t;
  }
  if (!r.response_parameters.empty()) j["responseParameters"] = r.response_parameters;
  put_opt(j, "contentHandling", r.content_handling);
  return j;
}

Json to_json(const Integration& i) {
  Json j{{"type", i.type}};
  put_opt(j, "httpMethod", i.http_method);
  put_opt(j, "uri", i.uri);
  put_opt(j, "connectionType", i.connection_type);
  put_opt(j, "credentials", i.credentials);
  put_obj(j, "requestParameters", i.request_parameters);
  if (!i.request_templates.empty()) j["requestTemplates"] = i.request_templates;
  j["passthroughBehavior"] = i.passthrough_behavior;
  put_opt(j, "contentHandling", i.content_handling);
  j["timeoutInMillis"] = i.timeout_ms;
  j["cacheNamespace"] = i.cache_namespace;
  j["cacheKeyParameters"] = i.cache_key_parameters;
  if (!i.responses.empty()) {
    Json rs = Json::object();
    for (const auto& [code, r] : i.responses) rs[code] = to_json(r);
    j["integrationResponses"] = rs;
  }
  return j;
}

Json to_json(const MethodResponse& r) {
  Json j{{"statusCode", r.status_code}};
  put_obj(j, "responseParameters", r.response_parameters);
  put_obj(j, "responseModels", r.response_models);
  return j;
}

Json to_json(const Method& m) {
  Json j{{"httpMethod", m.http_method}, {"authorizationType", m.authorization_type}};
  put_opt(j, "authorizerId", m.authorizer_id);
  j["apiKeyRequired"] = m.api_key_required;
  put_opt(j, "requestValidatorId", m.request_validator_id);
  put_opt(j, "operationName", m.operation_name);
  put_obj(j, "requestParameters", m.request_parameters);
  put_obj(j, "requestModels", m.request_models);
  if (m.authorization_scopes.is_array() && !m.authorization_scopes.empty())
    j["authorizationScopes"] = m.authorization_scopes;
  if (!m.responses.empty()) {
    Json rs = Json::object();
    for (const auto& [code, r] : m.responses) rs[code] = to_json(r);
    j["methodResponses"] = rs;
  }
  if (m.integration) j["methodIntegration"] = to_json(*m.integration);
  return j;
}

Json to_json(const Resources& all, const Resource& r, bool embed_methods) {
  Json j{{"id", r.id}};
  if (r.parent_id) {
    j["parentId"] = *r.parent_id;
    j["pathPart"] = r.path_part;
  }
  j["path"] = path_of(all, r.id);
  if (!r.methods.empty()) {
    Json methods = Json::object();
    for (const auto& [name, m] : r.methods) methods[name] = embed_methods ? to_json(m) : Json::object();
    j["resourceMethods"] = methods;
  }
  return j;
}

Json to_json(const RestApi& api) {
  Json j{{"id", api.id}, {"name", api.name}};
  put_opt(j, "description", api.description);
  j["createdDate"] = api.created;
  put_opt(j, "version", api.version);
  if (!api.binary_media_types.empty()) j["binaryMediaTypes"] = string_list(api.binary_media_types);
  if (api.minimum_compression_size) j["minimumCompressionSize"] = *api.minimum_compression_size;
  j["apiKeySource"] = api.api_key_source;
  j["endpointConfiguration"] = api.endpoint_configuration;
  put_opt(j, "policy", api.policy);
  if (api.tags.is_object()) j["tags"] = api.tags;
  j["disableExecuteApiEndpoint"] = api.disable_execute_api_endpoint;
  j["rootResourceId"] = api.root_resource_id;
  return j;
}

Json to_json(const Deployment& d) {
  Json j{{"id", d.id}};
  put_opt(j, "description", d.description);
  j["createdDate"] = d.created;
  return j;
}

Json to_json(const Stage& s) {
  Json j{{"deploymentId", s.deployment_id}, {"stageName", s.name}};
  put_opt(j, "description", s.description);
  j["cacheClusterEnabled"] = s.cache_cluster_enabled;
  put_opt(j, "cacheClusterSize", s.cache_cluster_size);
  j["cacheClusterStatus"] = "NOT_AVAILABLE";
  j["methodSettings"] = s.method_settings.is_object() ? s.method_settings : Json::object();
  if (!s.variables.empty()) j["variables"] = s.variables;
  put_opt(j, "documentationVersion", s.documentation_version);
  put_obj(j, "accessLogSettings", s.access_log_settings);
  j["tracingEnabled"] = s.tracing_enabled;
  if (s.tags.is_object()) j["tags"] = s.tags;
  j["createdDate"] = s.created;
  j["lastUpdatedDate"] = s.last_updated;
  return j;
}

std::string to_record(const RestApi& api) {
  Json j = to_json(api);
  j["tags"] = api.tags;
  j["resources"] = resources_record(api.resources);
  Json stages = Json::array();
  for (const auto& [name, s] : api.stages) {
    Json sj = to_json(s);
    sj["tags"] = s.tags;
    stages.push_back(std::move(sj));
  }
  j["stages"] = stages;
  return j.dump();
}

RestApi api_from_record(std::string_view record) {
  Json j = Json::parse(record);
  RestApi api;
  api.id = j.value("id", "");
  api.name = j.value("name", "");
  api.description = get_opt(j, "description");
  api.version = get_opt(j, "version");
  api.created = j.value("createdDate", int64_t{0});
  api.binary_media_types = get_string_list(j, "binaryMediaTypes");
  if (auto it = j.find("minimumCompressionSize"); it != j.end() && it->is_number())
    api.minimum_compression_size = it->get<int64_t>();
  api.api_key_source = j.value("apiKeySource", "HEADER");
  api.endpoint_configuration = get_json(j, "endpointConfiguration");
  api.policy = get_opt(j, "policy");
  api.tags = get_json(j, "tags");
  api.disable_execute_api_endpoint = j.value("disableExecuteApiEndpoint", false);
  api.root_resource_id = j.value("rootResourceId", "");
  api.resources = resources_from(get_or<Json>(j, "resources", Json::array()));
  for (const auto& sj : get_or<Json>(j, "stages", Json::array())) {
    Stage s;
    s.name = sj.value("stageName", "");
    s.deployment_id = sj.value("deploymentId", "");
    s.description = get_opt(sj, "description");
    s.documentation_version = get_opt(sj, "documentationVersion");
    s.cache_cluster_enabled = sj.value("cacheClusterEnabled", false);
    s.cache_cluster_size = get_opt(sj, "cacheClusterSize");
    s.tracing_enabled = sj.value("tracingEnabled", false);
    s.variables = get_string_map(sj, "variables");
    s.method_settings = get_or<Json>(sj, "methodSettings", Json::object());
    s.access_log_settings = get_json(sj, "accessLogSettings");
    s.tags = get_json(sj, "tags");
    s.created = sj.value("createdDate", int64_t{0});
    s.last_updated = sj.value("lastUpdatedDate", int64_t{0});
    api.stages[s.name] = std::move(s);
  }
  return api;
}

std::string to_record(const Deployment& d) {
  Json j = to_json(d);
  if (d.snapshot) {
    j["resources"] = resources_record(d.snapshot->resources);
    j["binaryMediaTypes"] = string_list(d.snapshot->binary_media_types);
  }
  return j.dump();
}

Deployment deployment_from_record(std::string_view record) {
  Json j = Json::parse(record);
  Deployment d;
  d.id = j.value("id", "");
  d.description = get_opt(j, "description");
  d.created = j.value("createdDate", int64_t{0});
  auto snap = std::make_shared<Snapshot>();
  snap->resources = resources_from(get_or<Json>(j, "resources", Json::array()));
  snap->binary_media_types = get_string_list(j, "binaryMediaTypes");
  d.snapshot = std::move(snap);
  return d;
}

}  // namespace localcloud::apigateway::model
