// A request to localcloud's own services without a socket: the handler (the
// router) gets it as a client would send it, and the caller's thread waits
// for the answer. For worker threads only, never the server's io threads.
#pragma once

#include <chrono>
#include <optional>

#include "localcloud/http/message.h"

namespace localcloud::http {

// Fills in the request id, Host, remote address and receive time, hands the
// request to `handler` and waits until `deadline`. Returns nullopt when no
// answer came in time (a late answer is dropped).
std::optional<Response> call_local(Handler& handler, Request request,
                                   std::chrono::steady_clock::time_point deadline);

}  // namespace localcloud::http
