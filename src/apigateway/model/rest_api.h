// The REST API data model: an API, its resource tree with methods,
// integrations and responses, its deployments (frozen copies of the tree)
// and its stages. Plain values: copying an API is how a change is staged
// before it is validated and committed.
//
// Maps that only travel between the wire and the store (request parameters,
// models, tags, method settings) stay JSON; what the data plane reads is typed.
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

namespace localcloud::apigateway::model {

using Json = nlohmann::ordered_json;

struct IntegrationResponse {
  std::string status_code;
  std::optional<std::string> selection_pattern;
  // Content type → template; a null template is kept as null, as AWS does.
  std::optional<std::map<std::string, std::optional<std::string>>> response_templates;
  std::map<std::string, std::string> response_parameters;
  std::optional<std::string> content_handling;
};

struct Integration {
  std::string type;                        // AWS, AWS_PROXY, HTTP, HTTP_PROXY, MOCK
  std::optional<std::string> http_method;  // the integration's own method
  std::optional<std::string> uri;
  std::optional<std::string> connection_type;
  std::optional<std::string> credentials;
  Json request_parameters;  // object or null
  std::map<std::string, std::string> request_templates;
  std::string passthrough_behavior = "WHEN_NO_MATCH";
  std::optional<std::string> content_handling;
  int timeout_ms = 29000;
  std::string cache_namespace;
  Json cache_key_parameters = Json::array();
  std::map<std::string, IntegrationResponse> responses;  // by status code
};

struct MethodResponse {
  std::string status_code;
  Json response_parameters;  // object or null
  Json response_models;      // object or null
};

struct Method {
  std::string http_method;  // GET, ..., ANY
  std::string authorization_type = "NONE";
  std::optional<std::string> authorizer_id;
  bool api_key_required = false;
  std::optional<std::string> request_validator_id;
  std::optional<std::string> operation_name;
  Json request_parameters;  // object or null
  Json request_models;      // object or null
  Json authorization_scopes;  // array or null
  std::map<std::string, MethodResponse> responses;  // by status code
  std::optional<Integration> integration;
};

struct Resource {
  std::string id;
  std::optional<std::string> parent_id;  // none for the root
  std::string path_part;                 // "" for the root
  std::map<std::string, Method> methods;  // by HTTP method
};

// The resource tree, keyed by resource id. Paths are derived from parents.
using Resources = std::map<std::string, Resource>;

// "/", "/users", "/users/{id}": the resource's full path.
std::string path_of(const Resources& resources, const std::string& id);

// What a deployment freezes: the tree and the API settings the data plane uses.
struct Snapshot {
  Resources resources;
  std::vector<std::string> binary_media_types;
};

struct Deployment {
  std::string id;
  std::optional<std::string> description;
  int64_t created = 0;  // epoch seconds
  std::shared_ptr<const Snapshot> snapshot;
};

struct Stage {
  std::string name;
  std::string deployment_id;
  std::optional<std::string> description;
  std::optional<std::string> documentation_version;
  bool cache_cluster_enabled = false;
  std::optional<std::string> cache_cluster_size;
  bool tracing_enabled = false;
  std::map<std::string, std::string> variables;
  Json method_settings = Json::object();
  Json access_log_settings;  // object or null
  Json tags;                 // object or null
  int64_t created = 0;
  int64_t last_updated = 0;
};

struct RestApi {
  std::string id;
  std::string name;
  std::optional<std::string> description;
  std::optional<std::string> version;
  int64_t created = 0;
  std::vector<std::string> binary_media_types;
  std::optional<int64_t> minimum_compression_size;
  std::string api_key_source = "HEADER";
  Json endpoint_configuration;  // {"types": [...], "ipAddressType": ...}
  std::optional<std::string> policy;
  Json tags;  // object or null
  bool disable_execute_api_endpoint = false;
  std::string root_resource_id;
  Resources resources;
  std::map<std::string, Deployment> deployments;  // by id
  std::map<std::string, Stage> stages;            // by name
};

using RestApiPtr = std::shared_ptr<const RestApi>;

// Wire shapes (REST-JSON, camelCase as botocore's model names them).
Json to_json(const IntegrationResponse& r);
Json to_json(const Integration& i);
Json to_json(const MethodResponse& r);
Json to_json(const Method& m);
// `embed_methods`: full methods under resourceMethods; otherwise {"GET": {}}.
Json to_json(const Resources& all, const Resource& r, bool embed_methods);
Json to_json(const RestApi& api);
Json to_json(const Deployment& d);
Json to_json(const Stage& s);

// The stored record of an API: the wire shape plus the resource tree and
// stages. Deployments are stored apart (storage/), one row each.
std::string to_record(const RestApi& api);
RestApi api_from_record(std::string_view record);
std::string to_record(const Deployment& d);
Deployment deployment_from_record(std::string_view record);

}  // namespace localcloud::apigateway::model
