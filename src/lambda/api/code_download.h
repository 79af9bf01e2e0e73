// GetFunction's Code.Location: localcloud serves each function's current
// package at /_localcloud/lambda/code/<name>/<hex>.zip, so clients that
// download code (the AWS console's "export", SAM, scripts) work offline.
#pragma once

#include "api/call.h"

namespace localcloud::lambda::api {

// 200 with the zip (application/zip), or 404 when the name or digest is
// not a function's current code.
void download_code(Context& ctx, const Call& call, Reply reply);

}  // namespace localcloud::lambda::api
