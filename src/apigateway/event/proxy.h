// The Lambda proxy integration's contract (payload format 1.0): the event a
// function receives for a request, and how its result becomes the response.
// Shapes follow the events recorded on AWS in shared/golden/.
#pragma once

#include <cstdint>
#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "localcloud/http/message.h"

namespace localcloud::apigateway::event {

// Everything the event says about one request.
struct RequestInfo {
  std::string http_method;
  std::string path;          // after the stage, as sent: "/users/1"
  std::string context_path;  // with the stage, as sent: "/v1/users/1"
  std::string query;         // raw, without '?'
  http::Headers headers;
  std::string body;
  std::string source_ip;
  std::string request_id;           // requestContext.requestId (a UUID)
  std::string extended_request_id;  // also x-amz-apigw-id
  int64_t time_ms = 0;              // since the epoch
  std::string account_id;
  std::string api_id;
  std::string stage;
  std::string deployment_id;
  std::string resource_id;
  std::string resource_path;  // "/users/{id}"
  std::string domain_name;
  std::vector<std::pair<std::string, std::string>> path_params;
  std::map<std::string, std::string> stage_variables;
  std::vector<std::string> binary_media_types;
};

// The event as JSON text.
std::string proxy_event(const RequestInfo& request);
// The same event as a document: what parsing proxy_event's text gives,
// without writing and parsing the text (in-process handlers take it so).
nlohmann::ordered_json proxy_event_document(const RequestInfo& request);
// The same written into `into`, reusing its nodes where the shape matches
// (an earlier event's document): `into` becomes what the above returns.
void proxy_event_document(const RequestInfo& request, nlohmann::ordered_json& into);

// requestContext.requestTime: "09/Apr/2015:12:34:56 +0000".
std::string request_time(int64_t time_ms);

struct ProxyResponse {
  int status = 200;
  http::Headers headers;
  std::string body;
};

// A function's result mapped to a response, or nullopt when it breaks the
// contract (not an object, an unknown key, a bad statusCode or headers) —
// which AWS answers with 502. A base64 body is decoded only when
// `decode_base64` (the client accepts one of the binary media types).
std::optional<ProxyResponse> parse_proxy_response(std::string_view payload, bool decode_base64);
// The same for a result an in-process handler returned as a document.
std::optional<ProxyResponse> parse_proxy_document(nlohmann::ordered_json result,
                                                  bool decode_base64);

}  // namespace localcloud::apigateway::event
