// Resources and their methods and method responses.
#include <algorithm>

#include "api/operations.h"
#include "api/patch.h"
#include "errors.h"
#include "localcloud/core/ids.h"
#include "model/validation.h"

namespace localcloud::apigateway::api {
namespace {

using model::Json;

Json resource_json(const model::RestApi& api, const std::string& id, bool embed) {
  return model::to_json(api.resources, api.resources.at(id), embed);
}

// Resource ids in path order, as GetResources lists them.
std::vector<std::string> in_path_order(const model::RestApi& api) {
  std::vector<std::pair<std::string, std::string>> by_path;
  for (const auto& [id, r] : api.resources) by_path.emplace_back(model::path_of(api.resources, id), id);
  std::sort(by_path.begin(), by_path.end());
  std::vector<std::string> out;
  for (auto& [path, id] : by_path) out.push_back(std::move(id));
  return out;
}

bool is_descendant(const model::Resources& all, const std::string& id, const std::string& of) {
  auto it = all.find(id);
  for (size_t guard = 0; it != all.end() && guard < 1000; ++guard) {
    if (it->first == of) return true;
    if (!it->second.parent_id) return false;
    it = all.find(*it->second.parent_id);
  }
  return false;
}

void check_request_parameters(const Json& params) {
  if (!params.is_object()) return;
  std::vector<std::string> names;
  for (const auto& [key, required] : params.items()) {
    if (!required.is_boolean())
      throw errors::bad_request("Invalid value for request parameter " + key);
    for (std::string_view prefix : {"method.request.querystring.", "method.request.header.",
                                    "method.request.path.", "method.request.multivaluequerystring.",
                                    "method.request.multivalueheader."}) {
      if (key.starts_with(prefix)) {
        std::string name = key.substr(prefix.size());
        if (std::find(names.begin(), names.end(), name) != names.end())
          throw errors::bad_request("Parameter names must be unique across querystring, header and path");
        names.push_back(name);
        goto next;
      }
    }
    throw errors::bad_request("Invalid mapping expression specified: Validation Result: warnings : "
                              "[], errors : [Invalid method request parameter name: " + key + "]");
  next:;
  }
}

void check_authorization(const std::string& type, const std::optional<std::string>& authorizer) {
  if (type != "NONE" && type != "AWS_IAM" && type != "CUSTOM" && type != "COGNITO_USER_POOLS")
    throw errors::bad_request("Invalid authorization type specified: " + type);
  // localcloud has no authorizers, so no authorizer id can be valid; with
  // another type AWS ignores the id.
  (void)authorizer;
  if (type == "CUSTOM" || type == "COGNITO_USER_POOLS")
    throw errors::bad_request(
          "Invalid authorizer ID specified. Setting the authorization type to CUSTOM or "
          "COGNITO_USER_POOLS requires a valid authorizer.");
}

void check_models(const Json& models) {
  if (!models.is_object()) return;
  for (const auto& [ct, name] : models.items())
    if (!name.is_string() || (name != "Empty" && name != "Error"))
      throw errors::bad_request("Invalid model identifier specified: " +
                                (name.is_string() ? name.get<std::string>() : name.dump()));
}

std::function<std::optional<Json>(const model::RestApi&)> render_method(std::string resource_id,
                                                                        std::string method) {
  return [resource_id, method](const model::RestApi& api) -> std::optional<Json> {
    return model::to_json(api.resources.at(resource_id).methods.at(method));
  };
}

std::function<std::optional<Json>(const model::RestApi&)> nothing() {
  return [](const model::RestApi&) -> std::optional<Json> { return std::nullopt; };
}

}  // namespace

void get_resources(Context& ctx, const Call& call, Reply reply) {
  auto api = require_api(ctx, call.params[0], errors::kInvalidResource);
  bool embed = false;
  for (const auto& [k, v] : call.query)
    if (k == "embed" && v.find("methods") != std::string::npos) embed = true;
  Json items = Json::array();
  for (const auto& id : in_path_order(*api)) items.push_back(resource_json(*api, id, embed));
  reply(Outcome::json(200, Json{{"item", items}}));
}

void get_resource(Context& ctx, const Call& call, Reply reply) {
  auto api = require_api(ctx, call.params[0], errors::kInvalidResource);
  require_resource(*api, call.params[1]);
  reply(Outcome::json(200, resource_json(*api, call.params[1], true)));
}

void create_resource(Context& ctx, const Call& call, Reply reply) {
  auto part = opt_string(call.body, "pathPart");
  std::string id = ids::lower_alnum(10);
  ctx.apis.update(call.params[0], errors::kInvalidResource, [&](model::RestApi& api) {
    const auto& parent = require_resource(api, call.params[1]);
    model::check_new_child(api.resources, parent, part.value_or(""));
    model::Resource r;
    r.id = id;
    r.parent_id = parent.id;
    r.path_part = *part;
    api.resources[id] = std::move(r);
  }, reply_with(std::move(reply), 201, [id](const model::RestApi& api) -> std::optional<Json> {
    return resource_json(api, id, false);
  }));
}

void update_resource(Context& ctx, const Call& call, Reply reply) {
  auto ops = parse_patch(call.body);
  const std::string id = call.params[1];
  ctx.apis.update(call.params[0], errors::kInvalidResource, [&](model::RestApi& api) {
    auto& r = require_resource(api, id);
    for (const auto& op : ops) {
      if (op.path != "/pathPart" && op.path != "/parentId")
        throw errors::bad_request("Invalid patch path  '" + op.path + "' specified for op '" + op.op +
                                  "'. Must be one of: [/parentId, /pathPart]");
      if (op.op != "replace")
        throw errors::bad_request("Invalid patch path  '" + op.path + "' specified for op '" + op.op +
                                  "'. Please choose supported operations");
      if (!r.parent_id)
        throw errors::bad_request(op.path == "/pathPart" ? "Root resource cannot update its pathPart."
                                                         : "Root resource cannot update its parentId.");
      if (op.path == "/pathPart") {
        model::check_new_child(api.resources, require_resource(api, *r.parent_id), op.text(), &id);
        r.path_part = op.text();
      } else {
        auto& parent = require_resource(api, op.text());
        if (is_descendant(api.resources, parent.id, id))
          throw errors::bad_request("Resources cannot be cyclical.");
        model::check_new_child(api.resources, parent, r.path_part, &id);
        r.parent_id = parent.id;
      }
    }
  }, reply_with(std::move(reply), 200, [id](const model::RestApi& api) -> std::optional<Json> {
    return resource_json(api, id, false);
  }));
}

void delete_resource(Context& ctx, const Call& call, Reply reply) {
  ctx.apis.update(call.params[0], errors::kInvalidResource, [&](model::RestApi& api) {
    const auto& r = require_resource(api, call.params[1]);
    if (!r.parent_id) throw errors::bad_request("Cannot delete root resource");
    std::vector<std::string> doomed;
    for (const auto& [id, other] : api.resources)
      if (is_descendant(api.resources, id, call.params[1])) doomed.push_back(id);
    for (const auto& id : doomed) api.resources.erase(id);
  }, reply_with(std::move(reply), 202, nothing()));
}

void put_method(Context& ctx, const Call& call, Reply reply) {
  const std::string& rid = call.params[1];
  const std::string& name = call.params[2];
  model::Method m;
  m.http_method = name;
  m.authorization_type = opt_string(call.body, "authorizationType").value_or("NONE");
  m.authorizer_id = opt_string(call.body, "authorizerId");
  m.api_key_required = opt_bool(call.body, "apiKeyRequired").value_or(false);
  m.request_validator_id = opt_string(call.body, "requestValidatorId");
  m.operation_name = opt_string(call.body, "operationName");
  m.request_parameters = opt_object(call.body, "requestParameters");
  m.request_models = opt_object(call.body, "requestModels");
  if (auto it = call.body.find("authorizationScopes"); it != call.body.end() && it->is_array())
    m.authorization_scopes = *it;
  ctx.apis.update(call.params[0], errors::kInvalidResource, [&](model::RestApi& api) {
    auto& r = require_resource(api, rid);
    model::check_http_method(name);
    check_authorization(m.authorization_type, m.authorizer_id);
    if (m.request_validator_id)
      throw errors::bad_request("Invalid Request Validator identifier specified");
    check_models(m.request_models);
    check_request_parameters(m.request_parameters);
    if (r.methods.count(name)) throw errors::conflict("Method already exists for this resource");
    r.methods[name] = m;
  }, reply_with(std::move(reply), 201, render_method(rid, name)));
}

void get_method(Context& ctx, const Call& call, Reply reply) {
  auto api = require_api(ctx, call.params[0], errors::kInvalidResource);
  const auto& m = require_method(require_resource(*api, call.params[1]), call.params[2]);
  reply(Outcome::json(200, model::to_json(m)));
}

void update_method(Context& ctx, const Call& call, Reply reply) {
  auto ops = parse_patch(call.body);
  const std::string rid = call.params[1], name = call.params[2];
  ctx.apis.update(call.params[0], errors::kInvalidResource, [&](model::RestApi& api) {
    auto& m = require_method(require_resource(api, rid), name);
    for (const auto& op : ops) {
      auto seg = op.segments();
      const std::string& field = seg[0];
      bool map_field = (field == "requestParameters" || field == "requestModels");
      if (map_field && seg.size() == 2) {
        if (op.op != "add" && op.op != "replace" && op.op != "remove")
          throw errors::bad_request("Invalid patch operation specified. Must be one of: [add, remove, replace]");
        Json& target = field == "requestParameters" ? m.request_parameters : m.request_models;
        if (op.op == "remove") {
          if (target.is_object()) target.erase(seg[1]);
          continue;
        }
        if (!target.is_object()) target = Json::object();
        if (field == "requestParameters")
          target[seg[1]] = patch_bool(op);
        else
          target[seg[1]] = op.text();
        continue;
      }
      if (op.op != "replace")
        throw errors::bad_request("Invalid patch operation specified. Must be one of: [replace]");
      if (field == "authorizationType" && seg.size() == 1) {
        m.authorization_type = op.text();
        check_authorization(m.authorization_type, m.authorizer_id);
      } else if (field == "authorizerId" && seg.size() == 1) {
        check_authorization("CUSTOM", op.text());
      } else if (field == "apiKeyRequired" && seg.size() == 1) {
        m.api_key_required = patch_bool(op);
      } else if (field == "operationName" && seg.size() == 1) {
        m.operation_name = op.text();
      } else if (field == "requestValidatorId" && seg.size() == 1) {
        throw errors::bad_request("Invalid Request Validator identifier specified");
      } else {
        throw errors::bad_request("Invalid patch path " + op.path);
      }
    }
    check_models(m.request_models);
    check_request_parameters(m.request_parameters);
  }, reply_with(std::move(reply), 200, render_method(rid, name)));
}

void delete_method(Context& ctx, const Call& call, Reply reply) {
  ctx.apis.update(call.params[0], errors::kInvalidResource, [&](model::RestApi& api) {
    auto& r = require_resource(api, call.params[1]);
    require_method(r, call.params[2]);
    r.methods.erase(call.params[2]);
  }, reply_with(std::move(reply), 204, nothing()));
}

void put_method_response(Context& ctx, const Call& call, Reply reply) {
  const std::string rid = call.params[1], name = call.params[2], code = call.params[3];
  model::MethodResponse mr;
  mr.status_code = code;
  mr.response_parameters = opt_object(call.body, "responseParameters");
  mr.response_models = opt_object(call.body, "responseModels");
  ctx.apis.update(call.params[0], errors::kInvalidResource, [&](model::RestApi& api) {
    auto& m = require_method(require_resource(api, rid), name);
    model::check_status_code(code);
    check_models(mr.response_models);
    m.responses[code] = mr;
  }, reply_with(std::move(reply), 201, [rid, name, code](const model::RestApi& api) -> std::optional<Json> {
    return model::to_json(api.resources.at(rid).methods.at(name).responses.at(code));
  }));
}

void get_method_response(Context& ctx, const Call& call, Reply reply) {
  auto api = require_api(ctx, call.params[0], errors::kInvalidResource);
  const auto& m = require_method(require_resource(*api, call.params[1]), call.params[2]);
  auto it = m.responses.find(call.params[3]);
  if (it == m.responses.end()) throw errors::not_found(errors::kInvalidResponseStatus);
  reply(Outcome::json(200, model::to_json(it->second)));
}

void update_method_response(Context& ctx, const Call& call, Reply reply) {
  auto ops = parse_patch(call.body);
  const std::string rid = call.params[1], name = call.params[2], code = call.params[3];
  ctx.apis.update(call.params[0], errors::kInvalidResource, [&](model::RestApi& api) {
    auto& m = require_method(require_resource(api, rid), name);
    auto it = m.responses.find(code);
    if (it == m.responses.end()) throw errors::not_found(errors::kInvalidResponseStatus);
    for (const auto& op : ops) {
      auto seg = op.segments();
      if (seg.size() != 2 || (seg[0] != "responseParameters" && seg[0] != "responseModels"))
        throw errors::bad_request("Invalid patch path " + op.path);
      Json& target = seg[0] == "responseParameters" ? it->second.response_parameters
                                                    : it->second.response_models;
      if (op.op == "remove") {
        if (target.is_object()) target.erase(seg[1]);
        continue;
      }
      if (!target.is_object()) target = Json::object();
      if (seg[0] == "responseParameters")
        target[seg[1]] = patch_bool(op);
      else
        target[seg[1]] = op.text();
    }
  }, reply_with(std::move(reply), 200, [rid, name, code](const model::RestApi& api) -> std::optional<Json> {
    return model::to_json(api.resources.at(rid).methods.at(name).responses.at(code));
  }));
}

void delete_method_response(Context& ctx, const Call& call, Reply reply) {
  ctx.apis.update(call.params[0], errors::kInvalidResource, [&](model::RestApi& api) {
    auto& m = require_method(require_resource(api, call.params[1]), call.params[2]);
    if (!m.responses.erase(call.params[3])) throw errors::not_found(errors::kInvalidResponseStatus);
  }, reply_with(std::move(reply), 204, nothing()));
}

}  // namespace localcloud::apigateway::api
