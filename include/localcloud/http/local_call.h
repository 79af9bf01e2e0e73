// A request to localcloud's own services without a socket: the handler (the
// router) gets it as a client would send it, and the caller's thread waits
// for the answer. Never from a server thread, except inside inline work
// (localcloud/core/inline_work.h): an answer that needs the blocked
// thread's connections then comes once the watchdog has relieved it.
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
