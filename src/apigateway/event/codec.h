// Small text codecs the data plane needs: query strings, base64, and the
// media-type test behind binaryMediaTypes.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "localcloud/http/url.h"

namespace localcloud::apigateway::event {

using http::parse_query;
using http::percent_decode;

// Whether `content_type` ("image/png; q=1") is one of `types` ("image/png",
// "image/*", "*/*").
bool is_binary(std::string_view content_type, const std::vector<std::string>& types);

}  // namespace localcloud::apigateway::event
