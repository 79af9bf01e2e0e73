// Deployments (frozen copies of the resource tree) and stages (names that
// point at a deployment, with variables).
#include <cctype>

#include "api/operations.h"
#include "api/patch.h"
#include "errors.h"
#include "localcloud/core/ids.h"

namespace localcloud::apigateway::api {
namespace {

using model::Json;

constexpr const char* kStagePaths =
    "Invalid method setting path: {path}. Must be one of: [/deploymentId, /description, "
    "/cacheClusterEnabled, /cacheClusterSize, /clientCertificateId, /accessLogSettings, "
    "/accessLogSettings/destinationArn, /accessLogSettings/format, "
    "/{resourcePath}/{httpMethod}/metrics/enabled, /{resourcePath}/{httpMethod}/logging/dataTrace, "
    "/{resourcePath}/{httpMethod}/logging/loglevel, "
    "/{resourcePath}/{httpMethod}/throttling/burstLimit/{resourcePath}/{httpMethod}/throttling/"
    "rateLimit/{resourcePath}/{httpMethod}/caching/ttlInSeconds, "
    "/{resourcePath}/{httpMethod}/caching/enabled, /{resourcePath}/{httpMethod}/caching/"
    "dataEncrypted, /{resourcePath}/{httpMethod}/caching/requireAuthorizationForCacheControl, "
    "/{resourcePath}/{httpMethod}/caching/unauthorizedCacheControlHeaderStrategy, "
    "/*/*/metrics/enabled, /*/*/logging/dataTrace, /*/*/logging/loglevel, "
    "/*/*/throttling/burstLimit /*/*/throttling/rateLimit /*/*/caching/ttlInSeconds, "
    "/*/*/caching/enabled, /*/*/caching/dataEncrypted, "
    "/*/*/caching/requireAuthorizationForCacheControl, "
    "/*/*/caching/unauthorizedCacheControlHeaderStrategy, /variables/{variable_name}, "
    "/tracingEnabled]";

void check_stage_name(const std::string& name) {
  if (name.empty()) throw errors::bad_request("Stage name must be non-empty");
  for (char c : name)
    if (!std::isalnum(static_cast<unsigned char>(c)) && c != '_' && c != '-')
      throw errors::bad_request("Stage name only allows a-zA-Z0-9_");
}

std::map<std::string, std::string> variables_of(const Json& body) {
  std::map<std::string, std::string> out;
  Json j = opt_object(body, "variables");
  if (j.is_object())
    for (const auto& [k, v] : j.items())
      if (v.is_string()) out[k] = v.get<std::string>();
  return out;
}

// A deployment needs at least one method, and every method an integration.
void check_deployable(const model::RestApi& api) {
  bool any = false;
  for (const auto& [id, r] : api.resources)
    for (const auto& [name, m] : r.methods) {
      any = true;
      if (!m.integration) throw errors::bad_request("No integration defined for method");
    }
  if (!any) throw errors::bad_request("The REST API doesn't contain any methods");
}

model::Stage& require_stage(model::RestApi& api, const std::string& name) {
  auto it = api.stages.find(name);
  if (it == api.stages.end()) throw errors::not_found(errors::kInvalidStage);
  return it->second;
}

void require_deployment(const model::RestApi& api, const std::string& id) {
  if (!api.deployments.count(id)) throw errors::not_found(errors::kInvalidDeployment);
}

Json method_setting_defaults() {
  return Json{{"metricsEnabled", false},
              {"dataTraceEnabled", false},
              {"throttlingBurstLimit", 5000},
              {"throttlingRateLimit", 10000.0},
              {"cachingEnabled", false},
              {"cacheTtlInSeconds", 300},
              {"cacheDataEncrypted", false},
              {"requireAuthorizationForCacheControl", true},
              {"unauthorizedCacheControlHeaderStrategy", "SUCCEED_WITH_RESPONSE_HEADER"}};
}

// "/{resource path}/{method}/{area}/{setting}" patch paths: kept so that
// GetStage shows them; localcloud does not throttle or cache.
bool patch_method_setting(model::Stage& s, const PatchOp& op, const std::vector<std::string>& seg) {
  if (seg.size() != 4) return false;
  static const std::map<std::string, std::string> kKeys = {
      {"metrics/enabled", "metricsEnabled"},
      {"logging/dataTrace", "dataTraceEnabled"},
      {"logging/loglevel", "loggingLevel"},
      {"throttling/burstLimit", "throttlingBurstLimit"},
      {"throttling/rateLimit", "throttlingRateLimit"},
      {"caching/enabled", "cachingEnabled"},
      {"caching/ttlInSeconds", "cacheTtlInSeconds"},
      {"caching/dataEncrypted", "cacheDataEncrypted"},
      {"caching/requireAuthorizationForCacheControl", "requireAuthorizationForCacheControl"},
      {"caching/unauthorizedCacheControlHeaderStrategy", "unauthorizedCacheControlHeaderStrategy"}};
  std::string key = seg[0] + "/" + seg[1];
  if (op.op == "remove" && seg[2] == "*" && seg[3] == "*") return false;
  auto it = kKeys.find(seg[2] + "/" + seg[3]);
  if (it == kKeys.end()) return false;
  if (op.op == "remove") {
    if (!s.method_settings.contains(key))
      throw errors::bad_request("Cannot remove method setting " + key +
                                " because there is no method setting for this method ");
    s.method_settings.erase(key);
    return true;
  }
  if (!s.method_settings.contains(key)) s.method_settings[key] = method_setting_defaults();
  Json& setting = s.method_settings[key];
  const std::string& name = it->second;
  if (setting[name].is_boolean() || name.ends_with("Enabled") || name.starts_with("require"))
    setting[name] = patch_bool(op);
  else if (name == "throttlingRateLimit")
    setting[name] = std::stod(op.text());
  else if (name == "throttlingBurstLimit" || name == "cacheTtlInSeconds")
    setting[name] = std::stoll(op.text());
  else
    setting[name] = op.text();
  return true;
}

std::function<std::optional<Json>(const model::RestApi&)> render_stage(std::string name) {
  return [name](const model::RestApi& api) -> std::optional<Json> {
    return model::to_json(api.stages.at(name));
  };
}

}  // namespace

void create_deployment(Context& ctx, const Call& call, Reply reply) {
  auto stage_name = opt_string(call.body, "stageName");
  auto description = opt_string(call.body, "description");
  auto stage_description = opt_string(call.body, "stageDescription");
  auto variables = variables_of(call.body);
  auto tracing = opt_bool(call.body, "tracingEnabled");
  std::string id = ids::lower_alnum(10);
  ctx.apis.update(call.params[0], missing_api(ctx, call), [&](model::RestApi& api) {
    check_deployable(api);
    if (stage_name) check_stage_name(*stage_name);
    model::Deployment d;
    d.id = id;
    d.description = description;
    d.created = now_seconds();
    auto snapshot = std::make_shared<model::Snapshot>();
    snapshot->resources = api.resources;
    snapshot->binary_media_types = api.binary_media_types;
    d.snapshot = std::move(snapshot);
    api.deployments[id] = std::move(d);
    if (stage_name) {
      auto [it, fresh] = api.stages.try_emplace(*stage_name);
      model::Stage& s = it->second;
      if (fresh) {
        s.name = *stage_name;
        s.created = now_seconds();
        s.description = stage_description;
      }
      s.deployment_id = id;
      s.last_updated = now_seconds();
      for (const auto& [k, v] : variables) s.variables[k] = v;
      if (tracing) s.tracing_enabled = *tracing;
    }
  }, reply_with(std::move(reply), 201, [id](const model::RestApi& api) -> std::optional<Json> {
    return model::to_json(api.deployments.at(id));
  }));
}

void get_deployments(Context& ctx, const Call& call, Reply reply) {
  auto api = require_api(ctx, call.params[0], missing_api(ctx, call));
  std::vector<const model::Deployment*> list;
  for (const auto& [id, d] : api->deployments) list.push_back(&d);
  std::sort(list.begin(), list.end(),
            [](auto* a, auto* b) { return a->created != b->created ? a->created < b->created : a->id < b->id; });
  Json items = Json::array();
  for (auto* d : list) items.push_back(model::to_json(*d));
  reply(Outcome::json(200, Json{{"item", items}}));
}

void get_deployment(Context& ctx, const Call& call, Reply reply) {
  auto api = require_api(ctx, call.params[0], missing_api(ctx, call));
  auto it = api->deployments.find(call.params[1]);
  if (it == api->deployments.end()) throw errors::not_found(errors::kInvalidDeployment);
  reply(Outcome::json(200, model::to_json(it->second)));
}

void update_deployment(Context& ctx, const Call& call, Reply reply) {
  auto ops = parse_patch(call.body);
  const std::string id = call.params[1];
  ctx.apis.update(call.params[0], missing_api(ctx, call), [&](model::RestApi& api) {
    require_deployment(api, id);
    auto& d = api.deployments.at(id);
    for (const auto& op : ops) {
      if (op.path != "/description" || op.op != "replace")
        throw errors::bad_request("Invalid patch path " + op.path);
      d.description = op.text();
    }
  }, reply_with(std::move(reply), 200, [id](const model::RestApi& api) -> std::optional<Json> {
    return model::to_json(api.deployments.at(id));
  }));
}

void delete_deployment(Context& ctx, const Call& call, Reply reply) {
  ctx.apis.update(call.params[0], missing_api(ctx, call), [&](model::RestApi& api) {
    require_deployment(api, call.params[1]);
    for (const auto& [name, s] : api.stages)
      if (s.deployment_id == call.params[1])
        throw errors::bad_request("Active stages pointing to this deployment must be moved or deleted");
    api.deployments.erase(call.params[1]);
  }, reply_with(std::move(reply), 202, [](const model::RestApi&) -> std::optional<Json> {
    return std::nullopt;
  }));
}

void create_stage(Context& ctx, const Call& call, Reply reply) {
  model::Stage s;
  s.name = opt_string(call.body, "stageName").value_or("");
  s.deployment_id = opt_string(call.body, "deploymentId").value_or("");
  s.description = opt_string(call.body, "description");
  s.documentation_version = opt_string(call.body, "documentationVersion");
  s.cache_cluster_enabled = opt_bool(call.body, "cacheClusterEnabled").value_or(false);
  s.cache_cluster_size = opt_string(call.body, "cacheClusterSize");
  s.tracing_enabled = opt_bool(call.body, "tracingEnabled").value_or(false);
  s.variables = variables_of(call.body);
  s.tags = opt_object(call.body, "tags");
  s.created = s.last_updated = now_seconds();
  const std::string name = s.name;
  ctx.apis.update(call.params[0], missing_api(ctx, call), [&](model::RestApi& api) {
    check_stage_name(s.name);
    require_deployment(api, s.deployment_id);
    if (api.stages.count(s.name)) throw errors::conflict("Stage already exists");
    api.stages[s.name] = s;
  }, reply_with(std::move(reply), 201, render_stage(name)));
}

void get_stages(Context& ctx, const Call& call, Reply reply) {
  auto api = require_api(ctx, call.params[0], missing_api(ctx, call));
  auto deployment = call.query_param("deploymentId");
  Json items = Json::array();
  for (const auto& [name, s] : api->stages)
    if (!deployment || s.deployment_id == *deployment) items.push_back(model::to_json(s));
  reply(Outcome::json(200, Json{{"item", items}}));
}

void get_stage(Context& ctx, const Call& call, Reply reply) {
  auto api = require_api(ctx, call.params[0], missing_api(ctx, call));
  auto it = api->stages.find(call.params[1]);
  if (it == api->stages.end()) throw errors::not_found(errors::kInvalidStage);
  reply(Outcome::json(200, model::to_json(it->second)));
}

void update_stage(Context& ctx, const Call& call, Reply reply) {
  auto ops = parse_patch(call.body);
  const std::string name = call.params[1];
  ctx.apis.update(call.params[0], missing_api(ctx, call), [&](model::RestApi& api) {
    auto& s = require_stage(api, name);
    for (const auto& op : ops) {
      auto seg = op.segments();
      auto bad_path = [&] {
        std::string message = kStagePaths;
        message.replace(message.find("{path}"), 6, op.path);
        return errors::bad_request(message);
      };
      if (seg[0] == "variables" && seg.size() == 2) {
        if (op.op == "remove")
          s.variables.erase(seg[1]);
        else
          s.variables[seg[1]] = op.text();
      } else if (seg.size() == 1 && seg[0] == "description") {
        s.description = op.text();
      } else if (seg.size() == 1 && seg[0] == "deploymentId") {
        require_deployment(api, op.text());
        s.deployment_id = op.text();
      } else if (seg.size() == 1 && seg[0] == "tracingEnabled") {
        s.tracing_enabled = patch_bool(op);
      } else if (seg.size() == 1 && seg[0] == "cacheClusterEnabled") {
        s.cache_cluster_enabled = patch_bool(op);
      } else if (seg.size() == 1 && seg[0] == "cacheClusterSize") {
        s.cache_cluster_size = op.text();
      } else if (seg[0] == "accessLogSettings" && seg.size() <= 2) {
        if (op.op == "remove") {
          s.access_log_settings = Json();
        } else if (seg.size() == 2 && (seg[1] == "destinationArn" || seg[1] == "format")) {
          if (!s.access_log_settings.is_object()) s.access_log_settings = Json::object();
          s.access_log_settings[seg[1]] = op.text();
        } else {
          throw bad_path();
        }
      } else if (seg.size() == 2 && op.op == "remove") {
        std::string key = seg[0] + "/" + seg[1];
        if (!s.method_settings.contains(key))
          throw errors::bad_request("Cannot remove method setting " + key +
                                    " because there is no method setting for this method ");
        s.method_settings.erase(key);
      } else if (!patch_method_setting(s, op, seg)) {
        throw bad_path();
      }
    }
    s.last_updated = now_seconds();
  }, reply_with(std::move(reply), 200, render_stage(name)));
}

void delete_stage(Context& ctx, const Call& call, Reply reply) {
  ctx.apis.update(call.params[0], missing_api(ctx, call), [&](model::RestApi& api) {
    require_stage(api, call.params[1]);
    api.stages.erase(call.params[1]);
  }, reply_with(std::move(reply), 202, [](const model::RestApi&) -> std::optional<Json> {
    return std::nullopt;
  }));
}

}  // namespace localcloud::apigateway::api
