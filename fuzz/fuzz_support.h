// Helpers shared by the fuzz targets: property checks that abort with a
// message (so libFuzzer records the input), and the check that an AwsError
// is one a client may legitimately get.
#pragma once

#include <cstdio>
#include <cstdlib>
#include <initializer_list>
#include <string>
#include <string_view>

#include "localcloud/core/aws_error.h"

namespace localcloud::fuzz {

// Aborts when `ok` is false: a property of the code under test was broken.
inline void require(bool ok, std::string_view what, std::string_view detail = {}) {
  if (ok) return;
  std::fprintf(stderr, "fuzz property broken: %.*s\n  %.*s\n", static_cast<int>(what.size()),
               what.data(), static_cast<int>(detail.size()), detail.data());
  std::abort();
}

// A client error is one of `codes`, with a 4xx status and a message.
inline void require_client_error(const AwsError& e, std::initializer_list<std::string_view> codes) {
  bool known = false;
  for (auto code : codes) known = known || e.code() == code;
  require(known, "unexpected error code", e.code() + ": " + e.message());
  require(e.status() >= 400 && e.status() < 500, "client error without a 4xx status",
          e.code() + ": " + e.message());
}

}  // namespace localcloud::fuzz
