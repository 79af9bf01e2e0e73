// examples.echo: returns its event. {"sleep_ms": N} makes it wait first and
// {"fail": "text"} makes it fail with errorType ExampleError — what the tests
// and benchmarks of in-process handlers use. examples.proxy_echo answers an
// API Gateway proxy integration with its event as the body.
#include <thread>

#include "localcloud/lambda/native.h"

using localcloud::lambda::native::Context;
using localcloud::lambda::native::Json;

LOCALCLOUD_HANDLER("examples.echo", [](const Json& event, Context& ctx) -> Json {
  if (event.is_object()) {
    if (auto it = event.find("sleep_ms"); it != event.end() && it->is_number_unsigned())
      std::this_thread::sleep_for(std::chrono::milliseconds(it->get<unsigned>()));
    if (auto it = event.find("fail"); it != event.end() && it->is_string())
      throw localcloud::lambda::native::Error("ExampleError", it->get<std::string>());
    if (auto it = event.find("log"); it != event.end() && it->is_string())
      ctx.log(it->get<std::string>());
  }
  return event;
});

LOCALCLOUD_HANDLER("examples.proxy_echo", [](const Json& event, Context&) -> Json {
  return Json{{"statusCode", 200}, {"headers", {{"x-echo", "cpp"}}}, {"body", event.dump()}};
});
