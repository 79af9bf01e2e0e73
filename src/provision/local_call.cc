#include "local_call.h"

#include <stdexcept>

#include "localcloud/http/local_call.h"

namespace localcloud::provision {

std::string LocalAnswer::error_message() const {
  if (body.is_object())
    for (const char* key : {"message", "Message"})
      if (auto it = body.find(key); it != body.end() && it->is_string()) return *it;
  return text.empty() ? "HTTP " + std::to_string(status) : text;
}

LocalAnswer LocalCaller::rest(std::string_view method, std::string target,
                              const nlohmann::ordered_json* body) {
  http::Request r;
  r.method = std::string(method);
  r.target = std::move(target);
  if (body) {
    r.headers.add("Content-Type", "application/json");
    r.body = body->dump();
  }
  return send(std::move(r));
}

LocalAnswer LocalCaller::json(std::string_view target, const nlohmann::ordered_json& body) {
  http::Request r;
  r.method = "POST";
  r.target = "/";
  r.headers.add("X-Amz-Target", std::string(target));
  r.headers.add("Content-Type", "application/x-amz-json-1.0");
  r.body = body.dump();
  return send(std::move(r));
}

LocalAnswer LocalCaller::send(http::Request r) {
  auto answered = http::call_local(router_, std::move(r),
                                   std::chrono::steady_clock::now() + std::chrono::seconds(120));
  if (!answered) throw std::runtime_error("a local request got no answer within 120 s");
  http::Response response = std::move(*answered);
  LocalAnswer answer;
  answer.status = response.status;
  answer.text = std::move(response.body);
  answer.body = nlohmann::ordered_json::parse(answer.text, nullptr, false);
  if (answer.body.is_discarded()) answer.body = nullptr;
  return answer;
}

}  // namespace localcloud::provision
