// Base64 (RFC 4648, standard alphabet) for Lambda's wire format: ZipFile
// arrives base64 in CreateFunction/UpdateFunctionCode bodies, and CodeSha256
// is reported as base64.
#pragma once

#include <string>
#include <string_view>

namespace localcloud::lambda::code {

// Padded output, no line breaks.
std::string base64_encode(std::string_view bytes);

// Decodes standard-alphabet text, with or without '=' padding, no
// whitespace. Throws std::invalid_argument on anything else: which AWS error
// that becomes is the API layer's call, since it depends on the field.
std::string base64_decode(std::string_view text);

}  // namespace localcloud::lambda::code
