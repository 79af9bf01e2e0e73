// Integrations and integration responses.
#include "api/operations.h"
#include "api/patch.h"
#include "errors.h"
#include "model/validation.h"

namespace localcloud::apigateway::api {
namespace {

using model::Json;

model::Integration& require_integration(model::Method& m) {
  if (!m.integration) throw errors::not_found(errors::kInvalidIntegration);
  return *m.integration;
}

std::function<std::optional<Json>(const model::RestApi&)> render_integration(std::string rid,
                                                                             std::string name) {
  return [rid, name](const model::RestApi& api) -> std::optional<Json> {
    return model::to_json(*api.resources.at(rid).methods.at(name).integration);
  };
}

std::function<std::optional<Json>(const model::RestApi&)> render_response(std::string rid,
                                                                          std::string name,
                                                                          std::string code) {
  return [rid, name, code](const model::RestApi& api) -> std::optional<Json> {
    return model::to_json(api.resources.at(rid).methods.at(name).integration->responses.at(code));
  };
}

std::map<std::string, std::string> string_map(const Json& body, const char* key) {
  std::map<std::string, std::string> out;
  Json j = opt_object(body, key);
  if (!j.is_object()) return out;
  for (const auto& [k, v] : j.items()) {
    if (v.is_string())
      out[k] = v.get<std::string>();
    else if (!v.is_null())
      throw errors::bad_request(std::string("Invalid value for parameter ") + key);
  }
  return out;
}

}  // namespace

void put_integration(Context& ctx, const Call& call, Reply reply) {
  const std::string rid = call.params[1], name = call.params[2];
  model::Integration i;
  i.type = opt_string(call.body, "type").value_or("");
  i.http_method = opt_string(call.body, "httpMethod");
  i.uri = opt_string(call.body, "uri");
  i.connection_type = opt_string(call.body, "connectionType");
  i.credentials = opt_string(call.body, "credentials");
  i.request_parameters = opt_object(call.body, "requestParameters");
  i.request_templates = string_map(call.body, "requestTemplates");
  i.passthrough_behavior = opt_string(call.body, "passthroughBehavior").value_or("WHEN_NO_MATCH");
  i.content_handling = opt_string(call.body, "contentHandling");
  i.timeout_ms = static_cast<int>(opt_int(call.body, "timeoutInMillis").value_or(29000));
  i.cache_namespace = opt_string(call.body, "cacheNamespace").value_or(rid);
  if (auto it = call.body.find("cacheKeyParameters"); it != call.body.end() && it->is_array())
    i.cache_key_parameters = *it;
  if (i.type == "MOCK") i.http_method.reset();
  ctx.apis.update(call.params[0], errors::kInvalidResource, [&](model::RestApi& api) {
    auto& m = require_method(require_resource(api, rid), name);
    model::check_integration(i);
    m.integration = i;
  }, reply_with(std::move(reply), 201, render_integration(rid, name)));
}

void get_integration(Context& ctx, const Call& call, Reply reply) {
  auto api = require_api(ctx, call.params[0], errors::kInvalidResource);
  const auto& m = require_method(require_resource(*api, call.params[1]), call.params[2]);
  if (!m.integration) throw errors::not_found(errors::kInvalidIntegration);
  reply(Outcome::json(200, model::to_json(*m.integration)));
}

void update_integration(Context& ctx, const Call& call, Reply reply) {
  auto ops = parse_patch(call.body);
  const std::string rid = call.params[1], name = call.params[2];
  ctx.apis.update(call.params[0], errors::kInvalidResource, [&](model::RestApi& api) {
    auto& i = require_integration(require_method(require_resource(api, rid), name));
    for (const auto& op : ops) {
      auto seg = op.segments();
      const std::string& field = seg[0];
      if (field == "requestTemplates" && seg.size() == 2) {
        if (op.op == "remove")
          i.request_templates.erase(seg[1]);
        else
          i.request_templates[seg[1]] = op.text();
        continue;
      }
      if (field == "requestParameters" && seg.size() == 2) {
        if (op.op == "remove") {
          if (i.request_parameters.is_object()) i.request_parameters.erase(seg[1]);
        } else {
          if (!i.request_parameters.is_object()) i.request_parameters = Json::object();
          i.request_parameters[seg[1]] = op.text();
        }
        continue;
      }
      if (op.op != "replace" || seg.size() != 1)
        throw errors::bad_request("Invalid patch path " + op.path);
      if (field == "uri") {
        i.uri = op.text();
      } else if (field == "httpMethod") {
        i.http_method = op.text();
      } else if (field == "timeoutInMillis") {
        try {
          i.timeout_ms = std::stoi(op.text());
        } catch (const std::exception&) {
          throw errors::bad_request("Invalid timeout specified: " + op.text());
        }
      } else if (field == "passthroughBehavior") {
        i.passthrough_behavior = op.text();
      } else if (field == "contentHandling") {
        if (op.text().empty())
          i.content_handling.reset();
        else
          i.content_handling = op.text();
      } else if (field == "cacheNamespace") {
        i.cache_namespace = op.text();
      } else if (field == "connectionType") {
        i.connection_type = op.text();
      } else if (field == "credentials") {
        i.credentials = op.text();
      } else {
        throw errors::bad_request("Invalid patch path " + op.path);
      }
    }
    model::check_integration(i);
  }, reply_with(std::move(reply), 200, render_integration(rid, name)));
}

void delete_integration(Context& ctx, const Call& call, Reply reply) {
  ctx.apis.update(call.params[0], errors::kInvalidResource, [&](model::RestApi& api) {
    auto& m = require_method(require_resource(api, call.params[1]), call.params[2]);
    require_integration(m);
    m.integration.reset();
  }, reply_with(std::move(reply), 204, [](const model::RestApi&) -> std::optional<Json> {
    return std::nullopt;
  }));
}

void put_integration_response(Context& ctx, const Call& call, Reply reply) {
  const std::string rid = call.params[1], name = call.params[2], code = call.params[3];
  model::IntegrationResponse r;
  r.status_code = code;
  r.selection_pattern = opt_string(call.body, "selectionPattern");
  if (auto it = call.body.find("responseTemplates"); it != call.body.end() && !it->is_null()) {
    if (!it->is_object()) throw errors::bad_request("Invalid value for parameter responseTemplates");
    r.response_templates.emplace();
    for (const auto& [ct, v] : it->items())
      (*r.response_templates)[ct] =
          v.is_string() && !v.get<std::string>().empty() ? std::optional(v.get<std::string>())
                                                         : std::nullopt;
  }
  r.response_parameters = string_map(call.body, "responseParameters");
  r.content_handling = opt_string(call.body, "contentHandling");
  ctx.apis.update(call.params[0], errors::kInvalidResource, [&](model::RestApi& api) {
    auto& m = require_method(require_resource(api, rid), name);
    auto& i = require_integration(m);
    model::check_integration_response(r);
    i.responses[code] = r;
  }, reply_with(std::move(reply), 201, render_response(rid, name, code)));
}

void get_integration_response(Context& ctx, const Call& call, Reply reply) {
  auto api = require_api(ctx, call.params[0], errors::kInvalidResource);
  const auto& m = require_method(require_resource(*api, call.params[1]), call.params[2]);
  if (!m.integration) throw errors::not_found(errors::kInvalidIntegration);
  model::check_status_code(call.params[3]);
  auto it = m.integration->responses.find(call.params[3]);
  if (it == m.integration->responses.end()) throw errors::not_found(errors::kInvalidResponseStatus);
  reply(Outcome::json(200, model::to_json(it->second)));
}

void update_integration_response(Context& ctx, const Call& call, Reply reply) {
  auto ops = parse_patch(call.body);
  const std::string rid = call.params[1], name = call.params[2], code = call.params[3];
  ctx.apis.update(call.params[0], errors::kInvalidResource, [&](model::RestApi& api) {
    auto& i = require_integration(require_method(require_resource(api, rid), name));
    auto it = i.responses.find(code);
    if (it == i.responses.end()) throw errors::not_found(errors::kInvalidResponseStatus);
    auto& r = it->second;
    for (const auto& op : ops) {
      auto seg = op.segments();
      if (seg[0] == "selectionPattern" && seg.size() == 1) {
        if (op.op == "remove")
          r.selection_pattern.reset();
        else
          r.selection_pattern = op.text();
      } else if (seg[0] == "responseTemplates" && seg.size() == 2) {
        if (!r.response_templates) r.response_templates.emplace();
        if (op.op == "remove")
          r.response_templates->erase(seg[1]);
        else
          (*r.response_templates)[seg[1]] =
              op.text().empty() ? std::nullopt : std::optional(op.text());
      } else if (seg[0] == "responseParameters" && seg.size() == 2) {
        if (op.op == "remove")
          r.response_parameters.erase(seg[1]);
        else
          r.response_parameters[seg[1]] = op.text();
      } else if (seg[0] == "contentHandling" && seg.size() == 1) {
        if (op.text().empty())
          r.content_handling.reset();
        else
          r.content_handling = op.text();
      } else {
        throw errors::bad_request("Invalid patch path " + op.path);
      }
    }
    model::check_integration_response(r);
  }, reply_with(std::move(reply), 200, render_response(rid, name, code)));
}

void delete_integration_response(Context& ctx, const Call& call, Reply reply) {
  ctx.apis.update(call.params[0], errors::kInvalidResource, [&](model::RestApi& api) {
    auto& r = require_resource(api, call.params[1]);
    auto m = r.methods.find(call.params[2]);
    // AWS names the integration, not the method, when either is missing here.
    if (m == r.methods.end()) throw errors::not_found(errors::kInvalidIntegration);
    auto& i = require_integration(m->second);
    if (!i.responses.erase(call.params[3])) throw errors::not_found(errors::kInvalidResponseStatus);
  }, reply_with(std::move(reply), 204, [](const model::RestApi&) -> std::optional<Json> {
    return std::nullopt;
  }));
}

}  // namespace localcloud::apigateway::api
