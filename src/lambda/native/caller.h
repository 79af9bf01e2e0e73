// Context::call for in-process handlers: a JSON-protocol request handed to
// the server's router without a socket, waited for on the handler's thread.
#pragma once

#include <chrono>
#include <nlohmann/json.hpp>
#include <string_view>

#include "localcloud/http/message.h"

namespace localcloud::lambda::native {

// Sends {target, request} to `router` as the SDKs would (POST /, X-Amz-Target,
// JSON 1.0 for DynamoDB, 1.1 otherwise) and returns the parsed answer; an
// error answer throws native::Error(type, message). Gives up at `deadline`.
nlohmann::ordered_json call_service(http::Handler& router, std::string_view target,
                                    const nlohmann::ordered_json& request,
                            std::chrono::steady_clock::time_point deadline);

}  // namespace localcloud::lambda::native
