#include "event/proxy.h"

#include <ctime>
#include <nlohmann/json.hpp>

#include "event/codec.h"

namespace localcloud::apigateway::event {
namespace {

using Json = nlohmann::ordered_json;

Json nullable(std::string_view s) { return s.empty() ? Json() : Json(s); }

// A header value as AWS renders a JSON scalar: strings as they are, numbers
// and booleans as their JSON text.
std::optional<std::string> header_text(const Json& v) {
  if (v.is_string()) return v.get<std::string>();
  if (v.is_number() || v.is_boolean()) return v.dump();
  return std::nullopt;
}

std::optional<int> status_of(const Json& v) {
  if (v.is_null()) return 200;
  long long n = 0;
  if (v.is_number_integer()) {
    n = v.get<long long>();
  } else if (v.is_number_float()) {
    double d = v.get<double>();
    if (d != static_cast<double>(static_cast<long long>(d))) return std::nullopt;
    n = static_cast<long long>(d);
  } else if (v.is_string()) {
    const auto& s = v.get_ref<const std::string&>();
    if (s.empty() || s.size() > 3) return std::nullopt;
    for (char c : s)
      if (c < '0' || c > '9') return std::nullopt;
    n = std::stoll(s);
  } else {
    return std::nullopt;
  }
  if (n < 100 || n > 599) return std::nullopt;
  return static_cast<int>(n);
}

}  // namespace

std::string request_time(int64_t time_ms) {
  std::time_t secs = static_cast<std::time_t>(time_ms / 1000);
  std::tm tm{};
  gmtime_r(&secs, &tm);
  char buf[40];
  std::strftime(buf, sizeof buf, "%d/%b/%Y:%H:%M:%S +0000", &tm);
  return buf;
}

std::string proxy_event(const RequestInfo& r) {
  Json event;
  event["resource"] = r.resource_path;
  event["path"] = r.path;
  event["httpMethod"] = r.http_method;

  Json headers = Json::object(), multi_headers = Json::object();
  for (const auto& f : r.headers) {
    headers[f.name] = f.value;  // the last value wins
    auto& list = multi_headers[f.name];
    if (list.is_null()) list = Json::array();
    list.push_back(f.value);
  }
  event["headers"] = headers;
  event["multiValueHeaders"] = multi_headers;

  auto query = parse_query(r.query);
  if (query.empty()) {
    event["queryStringParameters"] = nullptr;
    event["multiValueQueryStringParameters"] = nullptr;
  } else {
    Json single = Json::object(), multi = Json::object();
    for (const auto& [name, value] : query) {
      single[name] = value;
      auto& list = multi[name];
      if (list.is_null()) list = Json::array();
      list.push_back(value);
    }
    event["queryStringParameters"] = single;
    event["multiValueQueryStringParameters"] = multi;
  }

  if (r.path_params.empty()) {
    event["pathParameters"] = nullptr;
  } else {
    Json params = Json::object();
    for (const auto& [name, value] : r.path_params) params[name] = value;
    event["pathParameters"] = params;
  }
  event["stageVariables"] = r.stage_variables.empty() ? Json() : Json(r.stage_variables);

  std::string user_agent(r.headers.find("user-agent").value_or(""));
  Json identity{{"accessKey", nullptr},
                {"accountId", nullptr},
                {"caller", nullptr},
                {"cognitoAuthenticationProvider", nullptr},
                {"cognitoAuthenticationType", nullptr},
                {"cognitoIdentityId", nullptr},
                {"cognitoIdentityPoolId", nullptr},
                {"principalOrgId", nullptr},
                {"sourceIp", r.source_ip},
                {"user", nullptr},
                {"userAgent", nullable(user_agent)},
                {"userArn", nullptr}};
  std::string prefix = r.domain_name.substr(0, r.domain_name.find('.'));
  event["requestContext"] = Json{{"accountId", r.account_id},
                                 {"apiId", r.api_id},
                                 {"deploymentId", r.deployment_id},
                                 {"domainName", r.domain_name},
                                 {"domainPrefix", prefix},
                                 {"extendedRequestId", r.extended_request_id},
                                 {"httpMethod", r.http_method},
                                 {"identity", identity},
                                 {"path", r.context_path},
                                 {"protocol", "HTTP/1.1"},
                                 {"requestId", r.request_id},
                                 {"requestTime", request_time(r.time_ms)},
                                 {"requestTimeEpoch", r.time_ms},
                                 {"resourceId", r.resource_id},
                                 {"resourcePath", r.resource_path},
                                 {"stage", r.stage}};

  bool binary = !r.body.empty() &&
                is_binary(r.headers.find("content-type").value_or(""), r.binary_media_types);
  if (r.body.empty())
    event["body"] = nullptr;
  else
    event["body"] = binary ? base64_encode(r.body) : r.body;
  event["isBase64Encoded"] = binary;
  return event.dump(-1, ' ', false, Json::error_handler_t::replace);
}

std::optional<ProxyResponse> parse_proxy_response(std::string_view payload, bool decode_base64) {
  Json j = Json::parse(payload, nullptr, false);
  if (j.is_discarded() || !j.is_object()) return std::nullopt;
  for (const auto& [key, value] : j.items())
    if (key != "statusCode" && key != "headers" && key != "multiValueHeaders" && key != "body" &&
        key != "isBase64Encoded")
      return std::nullopt;

  ProxyResponse out;
  auto status = status_of(j.contains("statusCode") ? j["statusCode"] : Json());
  if (!status) return std::nullopt;
  out.status = *status;

  if (auto it = j.find("multiValueHeaders"); it != j.end() && !it->is_null()) {
    if (!it->is_object()) return std::nullopt;
    for (const auto& [name, values] : it->items()) {
      if (values.is_null()) continue;
      if (!values.is_array()) return std::nullopt;
      for (const auto& v : values) {
        auto text = header_text(v);
        if (!text) return std::nullopt;
        out.headers.add(name, *text);
      }
    }
  }
  if (auto it = j.find("headers"); it != j.end() && !it->is_null()) {
    if (!it->is_object()) return std::nullopt;
    for (const auto& [name, v] : it->items()) {
      if (v.is_null()) continue;
      auto text = header_text(v);
      if (!text) return std::nullopt;
      out.headers.add(name, *text);
    }
  }

  bool base64 = false;
  if (auto it = j.find("isBase64Encoded"); it != j.end() && !it->is_null()) {
    if (!it->is_boolean()) return std::nullopt;
    base64 = it->get<bool>();
  }
  if (auto it = j.find("body"); it != j.end() && !it->is_null()) {
    if (!it->is_string()) return std::nullopt;
    out.body = it->get<std::string>();
    if (base64 && decode_base64) {
      auto decoded = base64_decode(out.body);
      if (!decoded) return std::nullopt;
      out.body = std::move(*decoded);
    }
  }
  if (!out.headers.contains("content-type")) out.headers.add("Content-Type", "application/json");
  return out;
}

}  // namespace localcloud::apigateway::event
