// Base64 (RFC 4648, standard alphabet), the one codec every service's wire
// format uses: Lambda's ZipFile and CodeSha256, API Gateway's binary bodies,
// DynamoDB's B values (which add their own strict decoder for AWS's texts).
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace localcloud::base64 {

// Padded, no line breaks.
std::string encode(std::string_view bytes);

// Standard-alphabet text, padded (one or two '=' closing a length that is a
// multiple of 4) or not; nullopt for anything else (other characters,
// whitespace, a lone trailing character that cannot make a byte).
std::optional<std::string> decode(std::string_view text);

}  // namespace localcloud::base64
