#include "localcloud/http/local_call.h"

#include <future>
#include <memory>
#include <mutex>

#include "localcloud/core/ids.h"

namespace localcloud::http {

std::optional<Response> call_local(Handler& handler, Request request,
                                   std::chrono::steady_clock::time_point deadline) {
  request.id = ids::uuid4();
  if (!request.headers.contains("Host")) request.headers.add("Host", "localhost");
  request.remote_address = "127.0.0.1";
  request.internal = true;
  request.received = std::chrono::steady_clock::now();
  auto promise = std::make_shared<std::promise<Response>>();
  auto once = std::make_shared<std::once_flag>();
  auto future = promise->get_future();
  handler.handle(std::move(request), [promise, once](Response response) {
    std::call_once(*once, [&] { promise->set_value(std::move(response)); });
  });
  if (future.wait_until(deadline) != std::future_status::ready) return std::nullopt;
  return future.get();
}

}  // namespace localcloud::http
