#include "local_call.h"

#include <future>
#include <memory>
#include <mutex>
#include <stdexcept>

#include "localcloud/core/ids.h"

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
  r.id = ids::uuid4();
  r.headers.add("Host", "localhost");
  r.remote_address = "127.0.0.1";
  r.received = std::chrono::steady_clock::now();
  auto promise = std::make_shared<std::promise<http::Response>>();
  auto once = std::make_shared<std::once_flag>();
  auto future = promise->get_future();
  router_.handle(std::move(r), [promise, once](http::Response response) {
    std::call_once(*once, [&] { promise->set_value(std::move(response)); });
  });
  if (future.wait_for(std::chrono::seconds(120)) != std::future_status::ready)
    throw std::runtime_error("a local request got no answer within 120 s");
  http::Response response = future.get();
  LocalAnswer answer;
  answer.status = response.status;
  answer.text = std::move(response.body);
  answer.body = nlohmann::ordered_json::parse(answer.text, nullptr, false);
  if (answer.body.is_discarded()) answer.body = nullptr;
  return answer;
}

}  // namespace localcloud::provision
