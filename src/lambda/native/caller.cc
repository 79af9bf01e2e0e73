#include "native/caller.h"

#include <future>
#include <memory>

#include "localcloud/core/ids.h"
#include "localcloud/lambda/native.h"

namespace localcloud::lambda::native {

nlohmann::ordered_json call_service(http::Handler& router, std::string_view target,
                                    const nlohmann::ordered_json& request,
                            std::chrono::steady_clock::time_point deadline) {
  http::Request r;
  r.id = ids::uuid4();
  r.method = "POST";
  r.target = "/";
  r.headers.add("Host", "localhost");
  r.headers.add("X-Amz-Target", std::string(target));
  r.headers.add("Content-Type", target.starts_with("DynamoDB_") ? "application/x-amz-json-1.0"
                                                                : "application/x-amz-json-1.1");
  r.body = request.dump();
  r.remote_address = "127.0.0.1";
  r.received = std::chrono::steady_clock::now();

  auto promise = std::make_shared<std::promise<http::Response>>();
  auto future = promise->get_future();
  auto answered = std::make_shared<std::once_flag>();
  try {
    router.handle(std::move(r), [promise, answered](http::Response response) {
      std::call_once(*answered, [&] { promise->set_value(std::move(response)); });
    });
  } catch (const std::exception& e) {
    throw Error("ServiceException", e.what());
  }
  if (future.wait_until(deadline) != std::future_status::ready)
    throw Error("TimeoutError", "the in-process call to " + std::string(target) + " timed out");
  http::Response response = future.get();
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
