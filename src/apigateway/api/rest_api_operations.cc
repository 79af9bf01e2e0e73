// CreateRestApi, GetRestApis, GetRestApi, UpdateRestApi, DeleteRestApi.
#include <algorithm>

#include "api/operations.h"
#include "api/patch.h"
#include "errors.h"
#include "localcloud/core/ids.h"

namespace localcloud::apigateway::api {
namespace {

constexpr int64_t kMaxCompression = 10485760;

Json endpoint_configuration(const Json& requested) {
  std::string type = "EDGE";
  Json types = requested.is_object() ? requested.value("types", Json()) : Json();
  if (types.is_array() && !types.empty()) {
    if (types.size() > 1)
      throw errors::bad_request("Cannot create an api with multiple Endpoint Types.");
    if (!types[0].is_string()) throw errors::bad_request("Invalid endpoint configuration type");
    type = types[0].get<std::string>();
    if (type != "EDGE" && type != "REGIONAL" && type != "PRIVATE")
      throw errors::bad_request("Invalid EndpointType: " + type);
  }
  std::string ip = type == "PRIVATE" ? "dualstack" : "ipv4";
  if (requested.is_object())
    if (auto it = requested.find("ipAddressType"); it != requested.end() && it->is_string()) {
      ip = it->get<std::string>();
      if (ip != "ipv4" && ip != "dualstack")
        throw errors::bad_request("Invalid IpAddressType: " + ip);
    }
  return Json{{"ipAddressType", ip}, {"types", Json::array({type})}};
}

void check_compression(int64_t size) {
  if (size < 0 || size > kMaxCompression)
    throw errors::bad_request("Invalid minimum compression size, must be between 0 and 10485760");
}

}  // namespace

void create_rest_api(Context& ctx, const Call& call, Reply reply) {
  model::RestApi api;
  auto name = opt_string(call.body, "name");
  if (!name || name->empty()) throw errors::bad_request("Invalid API name specified");
  api.name = *name;
  api.description = opt_string(call.body, "description");
  if (api.description && api.description->empty())
    throw errors::bad_request("Description cannot be an empty string");
  api.version = opt_string(call.body, "version");
  if (auto it = call.body.find("minimumCompressionSize"); it != call.body.end() && !it->is_null()) {
    if (!it->is_number_integer())
      throw errors::bad_request("Invalid minimum compression size, must be between 0 and 10485760");
    check_compression(it->get<int64_t>());
    api.minimum_compression_size = it->get<int64_t>();
  }
  if (auto it = call.body.find("binaryMediaTypes"); it != call.body.end() && it->is_array())
    for (const auto& t : *it)
      if (t.is_string()) api.binary_media_types.push_back(t.get<std::string>());
  if (auto source = opt_string(call.body, "apiKeySource")) {
    if (*source != "HEADER" && *source != "AUTHORIZER")
      throw errors::bad_request("Invalid API Key source specified: " + *source);
    api.api_key_source = *source;
  }
  api.endpoint_configuration = endpoint_configuration(opt_object(call.body, "endpointConfiguration"));
  api.policy = opt_string(call.body, "policy");
  api.disable_execute_api_endpoint = opt_bool(call.body, "disableExecuteApiEndpoint").value_or(false);
  Json tags = opt_object(call.body, "tags");
  if (tags.is_object()) api.tags = tags;
  api.id = ids::lower_alnum(10);
  api.created = now_seconds();
  api.root_resource_id = ids::lower_alnum(10);
  model::Resource root;
  root.id = api.root_resource_id;
  api.resources[root.id] = std::move(root);
  ctx.apis.create(std::move(api),
                  reply_with(std::move(reply), 201, [](const model::RestApi& a) -> std::optional<Json> {
                    return model::to_json(a);
                  }));
}

void get_rest_apis(Context& ctx, const Call&, Reply reply) {
  Json items = Json::array();
  for (const auto& api : ctx.apis.all()) items.push_back(model::to_json(*api));
  reply(Outcome::json(200, Json{{"item", items}}));
}

void get_rest_api(Context& ctx, const Call& call, Reply reply) {
  auto api = require_api(ctx, call.params[0], missing_api(ctx, call));
  reply(Outcome::json(200, model::to_json(*api)));
}

void update_rest_api(Context& ctx, const Call& call, Reply reply) {
  auto ops = parse_patch(call.body);
  ctx.apis.update(call.params[0], missing_api(ctx, call), [&](model::RestApi& api) {
    for (const auto& op : ops) {
      auto seg = op.segments();
      const std::string& field = seg[0];
      if (op.op != "add" && op.op != "remove" && op.op != "replace")
        throw errors::bad_request("Invalid patch operation specified. Must be one of: [add, "
                                  "remove, replace]");
      if (field == "binaryMediaTypes" && seg.size() == 2) {
        auto& types = api.binary_media_types;
        auto it = std::find(types.begin(), types.end(), seg[1]);
        if (op.op == "remove") {
          if (it != types.end()) types.erase(it);
        } else if (op.op == "add") {
          if (it == types.end()) types.push_back(seg[1]);
        } else if (it == types.end()) {
          throw errors::bad_request("Invalid patch path " + op.path);
        } else if (op.text().empty()) {
          types.erase(it);
        } else {
          *it = op.text();
        }
        continue;
      }
      if (op.op != "replace" && !(op.op == "remove" && field == "description"))
        throw errors::bad_request("Invalid patch path '" + op.path + "' specified for op '" +
                                  op.op + "'. Please choose supported operations");
      if (seg.size() != 1 && field != "endpointConfiguration")
        throw errors::bad_request("Invalid patch path " + op.path);
      if (field == "name") {
        if (op.text().empty()) throw errors::bad_request("Invalid API name specified");
        api.name = op.text();
      } else if (field == "description") {
        if (op.op == "remove" || op.text().empty())
          api.description.reset();
        else
          api.description = op.text();
      } else if (field == "version") {
        api.version = op.text();
      } else if (field == "minimumCompressionSize") {
        if (op.text().empty()) {
          api.minimum_compression_size.reset();
          continue;
        }
        int64_t size = -1;
        try {
          size_t used = 0;
          size = std::stoll(op.text(), &used);
          if (used != op.text().size()) size = -1;
        } catch (const std::exception&) {
        }
        check_compression(size);
        api.minimum_compression_size = size;
      } else if (field == "apiKeySource") {
        if (op.text() != "HEADER" && op.text() != "AUTHORIZER")
          throw errors::bad_request("Invalid API Key source specified: " + op.text());
        api.api_key_source = op.text();
      } else if (field == "disableExecuteApiEndpoint") {
        api.disable_execute_api_endpoint = patch_bool(op);
      } else if (field == "policy") {
        api.policy = op.text();
      } else if (field == "endpointConfiguration" && seg.size() == 3 && seg[1] == "types") {
        Json requested = api.endpoint_configuration;
        requested["types"] = Json::array({op.text()});
        requested.erase("ipAddressType");
        api.endpoint_configuration = endpoint_configuration(requested);
      } else {
        throw errors::bad_request("Invalid patch path " + op.path);
      }
    }
  }, reply_with(std::move(reply), 200, [](const model::RestApi& a) -> std::optional<Json> {
    return model::to_json(a);
  }));
}

void delete_rest_api(Context& ctx, const Call& call, Reply reply) {
  ctx.apis.remove(call.params[0], missing_api(ctx, call),
                  reply_with(std::move(reply), 202,
                             [](const model::RestApi&) -> std::optional<Json> { return {}; }));
}

}  // namespace localcloud::apigateway::api
