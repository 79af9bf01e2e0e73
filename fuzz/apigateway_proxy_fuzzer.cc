// The Lambda proxy integration's contract. From the input: a request (method,
// paths, query, headers, body, path parameters, stage variables, binary
// media types) becomes an event, whose hand-written JSON text must be
// valid JSON and byte for byte what the JSON library writes for the same
// event as a document; and a function's result is mapped to a response,
// which must never throw (a broken contract is a 502, not a crash).
#include <fuzzer/FuzzedDataProvider.h>

#include <cstddef>
#include <cstdint>
#include <nlohmann/json.hpp>
#include <string>

#include "event/proxy.h"
#include "fuzz_support.h"

using namespace localcloud;
using namespace localcloud::apigateway;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  FuzzedDataProvider in(data, size);
  event::RequestInfo r;
  r.http_method = in.ConsumeRandomLengthString(16);
  r.path = in.ConsumeRandomLengthString(256);
  r.context_path = "/v1" + r.path;
  r.query = in.ConsumeRandomLengthString(256);
  int headers = in.ConsumeIntegralInRange(0, 8);
  for (int i = 0; i < headers; ++i) {
    std::string name = in.ConsumeRandomLengthString(32);
    r.headers.add(std::move(name), in.ConsumeRandomLengthString(128));
  }
  int params = in.ConsumeIntegralInRange(0, 4);
  for (int i = 0; i < params; ++i) {
    std::string name = in.ConsumeRandomLengthString(16);
    r.path_params.emplace_back(std::move(name), in.ConsumeRandomLengthString(64));
  }
  int variables = in.ConsumeIntegralInRange(0, 3);
  for (int i = 0; i < variables; ++i) {
    std::string name = in.ConsumeRandomLengthString(16);
    r.stage_variables[name] = in.ConsumeRandomLengthString(32);
  }
  int types = in.ConsumeIntegralInRange(0, 2);
  for (int i = 0; i < types; ++i) r.binary_media_types.push_back(in.ConsumeRandomLengthString(24));
  r.source_ip = "127.0.0.1";
  r.request_id = "c6af9ac6-7b61-11e6-9a41-93e8deadbeef";
  r.extended_request_id = "c6af9ac67b6111e6";
  r.time_ms = in.ConsumeIntegral<int64_t>();
  r.account_id = "000000000000";
  r.api_id = "abc123";
  r.stage = "v1";
  r.deployment_id = "dep1";
  r.resource_id = "res1";
  r.resource_path = "/{proxy+}";
  r.domain_name = "abc123.execute-api.localhost";
  bool decode = in.ConsumeBool();
  r.body = in.ConsumeRandomLengthString(1024);

  std::string text = event::proxy_event(r);
  auto parsed = nlohmann::ordered_json::parse(text, nullptr, false);
  fuzz::require(!parsed.is_discarded(), "the event is not JSON", text);
  std::string library =
      event::proxy_event_document(r).dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
  fuzz::require(library == text, "event text and document differ", text + "\n" + library);

  std::string payload = in.ConsumeRemainingBytesAsString();
  auto response = event::parse_proxy_response(payload, decode);
  if (response) fuzz::require(response->status >= 100 && response->status <= 599, "bad status");
  return 0;
}
