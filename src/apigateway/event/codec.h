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

std::string base64_encode(std::string_view bytes);
// nullopt when `text` is not base64.
std::optional<std::string> base64_decode(std::string_view text);

// Whether `content_type` ("image/png; q=1") is one of `types` ("image/png",
// "image/*", "*/*").
bool is_binary(std::string_view content_type, const std::vector<std::string>& types);

}  // namespace localcloud::apigateway::event
