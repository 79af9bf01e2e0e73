// SHA-256 for Lambda's CodeSha256: the base64 of the digest of the
// deployment package as uploaded (the hash itself is core's).
#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <string_view>

#include "localcloud/core/sha256.h"

namespace localcloud::lambda::code {

using Sha256Digest = crypto::Sha256Digest;

Sha256Digest sha256(std::string_view bytes);

// The digest as Lambda reports CodeSha256, e.g. sha256_base64("") ==
// "47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=".
std::string sha256_base64(std::string_view bytes);

// The digest as 64 lowercase hex digits (names on disk, logs).
std::string sha256_hex(std::string_view bytes);

}  // namespace localcloud::lambda::code
