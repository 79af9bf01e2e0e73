#include "localcloud/http/aws_protocol.h"

#include <nlohmann/json.hpp>

namespace localcloud::http {
namespace {

std::string json_quote(std::string_view text) {
  return nlohmann::json(text).dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

void append_extras(std::string& body, const AwsError& error) {
  for (const auto& [name, raw] : error.extra_fields())
    body.append(",").append(json_quote(name)).append(":").append(raw);
}

}  // namespace

Response json10_error(const AwsError& error, std::string_view service_namespace) {
  std::string type(error.type_namespace().empty() ? service_namespace : error.type_namespace());
  type.append("#").append(error.code());
  // AWS omits the message when it has none (e.g. a body that is not JSON),
  // and its deserializer's errors spell the field "Message".
  std::string body = "{\"__type\":" + json_quote(type);
  bool capital = error.code() == "SerializationException" || error.capitalized_message();
  const char* key = capital ? ",\"Message\":" : ",\"message\":";
  if (!error.message().empty()) body.append(key).append(json_quote(error.message()));
  append_extras(body, error);
  body.append("}");
  return Response::with_body(error.status(), "application/x-amz-json-1.0", std::move(body));
}

Response rest_json_error(const AwsError& error, std::string_view message_key) {
  std::string body = "{";
  bool first = true;
  for (const auto& [name, raw] : error.extra_fields()) {
    if (!first) body.append(",");
    body.append(json_quote(name)).append(":").append(raw);
    first = false;
  }
  if (!first) body.append(",");
  body.append(json_quote(message_key)).append(":").append(json_quote(error.message())).append("}");
  Response r = Response::with_body(error.status(), "application/json", std::move(body));
  r.headers.add("X-Amzn-ErrorType", error.code());
  return r;
}

}  // namespace localcloud::http
