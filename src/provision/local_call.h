// Requests to localcloud's own services without a socket: the router gets
// an http::Request as a client would send it, and the answer is waited for.
// Used only off the server's io threads.
#pragma once

#include <chrono>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>

#include "localcloud/http/message.h"

namespace localcloud::provision {

struct LocalAnswer {
  int status = 0;
  nlohmann::ordered_json body;  // parsed, or null when empty or not JSON
  std::string text;             // the body as sent
  // The error's message ("message"/"Message") when status >= 400.
  std::string error_message() const;
};

class LocalCaller {
 public:
  explicit LocalCaller(http::Handler& router) : router_(router) {}

  // A REST call (Lambda, API Gateway): method, path with query, JSON body.
  LocalAnswer rest(std::string_view method, std::string target,
                   const nlohmann::ordered_json* body = nullptr);
  // A JSON-protocol call (DynamoDB): X-Amz-Target.
  LocalAnswer json(std::string_view target, const nlohmann::ordered_json& body);

 private:
  LocalAnswer send(http::Request request);
  http::Handler& router_;
};

}  // namespace localcloud::provision
