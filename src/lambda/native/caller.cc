#include "native/caller.h"

#include "localcloud/http/local_call.h"
#include "localcloud/lambda/native.h"

namespace localcloud::lambda::native {

nlohmann::ordered_json call_service(http::Handler& router, std::string_view target,
                                    const nlohmann::ordered_json& request,
                                    std::chrono::steady_clock::time_point deadline) {
  http::Request r;
  r.method = "POST";
  r.target = "/";
  r.headers.add("X-Amz-Target", std::string(target));
  r.headers.add("Content-Type", target.starts_with("DynamoDB") ? "application/x-amz-json-1.0"
                                                                : "application/x-amz-json-1.1");
  r.body = request.dump();
  std::optional<http::Response> answer;
  try {
    answer = http::call_local(router, std::move(r), deadline);
  } catch (const std::exception& e) {
    throw Error("ServiceException", e.what());
  }
  if (!answer)
    throw Error("TimeoutError", "the in-process call to " + std::string(target) + " timed out");
  http::Response& response = *answer;
  auto body = nlohmann::ordered_json::parse(response.body, nullptr, false);
  if (response.status >= 400) {
    std::string type = "ServiceException", message = response.body;
    if (body.is_object()) {
      if (auto it = body.find("__type"); it != body.end() && it->is_string()) {
        type = it->get<std::string>();
        if (auto hash = type.rfind('#'); hash != std::string::npos) type = type.substr(hash + 1);
      }
      for (const char* key : {"message", "Message"})
        if (auto it = body.find(key); it != body.end() && it->is_string())
          message = it->get<std::string>();
    }
    throw Error(type, message);
  }
  if (body.is_discarded()) throw Error("ServiceException", "unparseable service answer");
  return body;
}

}  // namespace localcloud::lambda::native
